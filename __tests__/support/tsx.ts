/** Runs the project's TypeScript entry points as users do, in a child process (integration tests only; not a test file). */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers';

/** The tsx binary of the project. */
export const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** How to run an entry point; `env` is added to this process's environment. */
export interface TsxOptions {
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Working directory (default: the project root). */
  readonly cwd?: string;
  /** Kill the child after this many milliseconds. */
  readonly timeout?: number;
}

/**
 * How the tests start an entry point: as the package.json scripts do, through the project's
 * launcher (`node scripts/launch.cjs <script>`), which runs a cached esbuild bundle of the entry
 * (rebuilt when a source changes). Per start about a third of the CPU of tsx's loader compiling
 * every module (`scripts/drift.ts --help`: 0.5 s instead of 1.4 s), and the integration tier starts
 * entry points a few hundred times. SESSION_PREFS_LAUNCH_BUNDLE=0 runs them through tsx.
 */
export const LAUNCH_NODE_ARGS = [join(ROOT, 'scripts', 'launch.cjs')] as const;

/**
 * `node scripts/launch.cjs <script> ...args` from the project root, or in another checkout (`cwd`)
 * with that checkout's own launcher when it has one (its bundles then load its own packages); stdout
 * and stderr as text.
 */
export function runTsx(script: string, args: readonly string[] = [], options: TsxOptions = {}): SpawnSyncReturns<string> {
  const ownLauncher = options.cwd === undefined ? undefined : join(options.cwd, 'scripts', 'launch.cjs');
  const launcher = ownLauncher !== undefined && existsSync(ownLauncher) ? [ownLauncher] : LAUNCH_NODE_ARGS;
  return spawnSync(process.execPath, [...launcher, script, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
  });
}

/** main.ts (or `script`) with CDKTF_OUTDIR in a fresh temporary directory, returned as `outdir`. */
export function runSynth(args: readonly string[] = [], options: TsxOptions = {}, script = 'main.ts'): SpawnSyncReturns<string> & { readonly outdir: string } {
  const outdir = options.env?.CDKTF_OUTDIR ?? tempDir('cdktf-out-');
  return { ...runTsx(script, args, { ...options, env: { CDKTF_OUTDIR: outdir, ...options.env } }), outdir };
}
