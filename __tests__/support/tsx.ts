/** Runs the project's TypeScript entry points as users do, in a child process (integration tests only; not a test file). */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
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
 * How the tests start an entry point: one Node.js process with tsx's CommonJS loader
 * (`node --require tsx/cjs <script>`), the way `tsx <script>` runs it minus the launcher process that
 * the tsx binary starts first: half the CPU time per start (0.37 s instead of 0.8 s user time for
 * `scripts/stacks.ts --help`), and the integration tier starts entry points a few hundred times. The
 * package.json scripts keep `tsx <script>`; __tests__/integration/production-install.test.ts runs
 * them through npm as users do.
 */
export const TSX_NODE_ARGS = ['--require', require.resolve('tsx/cjs')] as const;

/** `node --require tsx/cjs <script> ...args` from the project root; stdout and stderr as text. */
export function runTsx(script: string, args: readonly string[] = [], options: TsxOptions = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [...TSX_NODE_ARGS, script, ...args], {
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
