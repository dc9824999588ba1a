/**
 * Where the local backend keeps state: `state/<stack>.tfstate` under the project (or
 * $SESSION_PREFS_STATE_DIR), outside the build folder, so `rm -rf cdktf.out` cannot delete it.
 * Also the one-time move of state files an older version left in `cdktf.out/stacks/<stack>/`.
 */
import { copyFileSync, existsSync, readdirSync, renameSync, rmSync, mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** Environment variable that moves the state directory (default `state`, relative to the working directory). */
export const STATE_DIR_ENV_VAR = 'SESSION_PREFS_STATE_DIR';

/** The state directory, absolute. */
export function stateDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return resolve(cwd, env[STATE_DIR_ENV_VAR] || 'state');
}

/** The state file of `stack`, absolute. */
export function stateFile(stack: string, dir = stateDir()): string {
  return join(dir, `${stack}.tfstate`);
}

/**
 * The path the synthesized local backend names: the state file relative to the directory Terraform
 * runs in (`<outdir>/stacks/<stack>`), so the synthesized JSON holds no machine-specific absolute
 * path and the project can be moved or checked out elsewhere.
 */
export function backendPath(stack: string, outdir: string, dir = stateDir()): string {
  return relative(resolve(outdir, 'stacks', stack), stateFile(stack, dir)).split('\\').join('/');
}

/** What migrateLegacyState did or refused, one entry per file. */
export interface MigrationStep {
  readonly stack: string;
  readonly from: string;
  readonly to: string;
  /** `moved`; or `conflict`: both files exist, nothing was touched. */
  readonly outcome: 'moved' | 'conflict';
}

function move(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    copyFileSync(from, to);
    rmSync(from);
  }
}

/**
 * Moves `<outdir>/stacks/<stack>/terraform.<stack>.tfstate` (and its .backup) to the state
 * directory. Never overwrites: when the state directory already holds a file for that stack,
 * both are left in place and the step is reported as a conflict for a person to resolve.
 */
export function migrateLegacyState(outdir: string, dir = stateDir()): MigrationStep[] {
  const stacksDir = join(outdir, 'stacks');
  if (!existsSync(stacksDir)) return [];
  const steps: MigrationStep[] = [];
  for (const stack of readdirSync(stacksDir).sort()) {
    for (const suffix of ['', '.backup']) {
      const from = join(stacksDir, stack, `terraform.${stack}.tfstate${suffix}`);
      if (!existsSync(from)) continue;
      const to = `${stateFile(stack, dir)}${suffix}`;
      if (existsSync(to)) {
        steps.push({ stack, from, to, outcome: 'conflict' });
        continue;
      }
      mkdirSync(dir, { recursive: true });
      move(from, to);
      steps.push({ stack, from, to, outcome: 'moved' });
    }
  }
  return steps;
}

/** Lines for the user about a migration (empty when nothing happened). */
export function describeMigration(steps: readonly MigrationStep[], cwd = process.cwd()): string {
  return steps
    .map((s) =>
      s.outcome === 'moved'
        ? `moved the state of ${s.stack}: ${relative(cwd, s.from)} -> ${relative(cwd, s.to)}\n`
        : `STATE CONFLICT for ${s.stack}: both ${relative(cwd, s.from)} and ${relative(cwd, s.to)} exist; keep the right one in ${relative(cwd, s.to)} and delete the other (docs/state.md)\n`,
    )
    .join('');
}
