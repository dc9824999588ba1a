/**
 * Every command of the project: the npm script, the entry point that runs it and its CommandSpec.
 * Read by the tests (the exit statuses against docs/operations.md, an example per command, every
 * npm script listed); the entry points import their own spec, never this list.
 */
import { DRIFT_COMMAND } from '../drift/command-spec';
import { ACCOUNTS_COMMAND } from '../organization/command-spec';
import { PREFLIGHT_COMMAND } from '../preflight/command-spec';
import { WORKSPACES_COMMAND } from '../workspaces/command-spec';
import type { CommandSpec } from './args';
import {
  BENCH_COMMANDS,
  BOOTSTRAP_COMMAND,
  BUNDLE_LAMBDA_COMMAND,
  CHECK_COMMAND,
  CI_COMMAND,
  DIFF_COMMAND,
  DOCS_COMMAND,
  MIGRATE_CDKTN_COMMAND,
  PLAN_OFFLINE_COMMAND,
  RECORD_PLAN_FIXTURES_COMMAND,
  SANDBOX_COMMAND,
  SCP_COMMAND,
  STACKS_COMMAND,
  SYNTH_COMMAND,
  TEST_TIMES_COMMAND,
} from './commands';

/** One command: how it is run and its spec. */
export interface Command {
  /** The npm script (`npm run <script>`), or undefined for a file run with `npx tsx <entry>`. */
  readonly script?: string;
  /** The file that runs it, relative to the project root. */
  readonly entry: string;
  /** The file the npm script starts instead, which runs `entry` (scripts/synth.cjs: a cached bundle). */
  readonly launcher?: string;
  readonly spec: CommandSpec;
}

/** Every command, in the order of the table in docs/operations.md. */
export const COMMANDS: readonly Command[] = [
  { script: 'synth', entry: 'main.ts', launcher: 'scripts/synth.cjs', spec: SYNTH_COMMAND },
  { script: 'stacks', entry: 'scripts/stacks.ts', spec: STACKS_COMMAND },
  { script: 'check', entry: 'scripts/check.ts', spec: CHECK_COMMAND },
  { script: 'preflight', entry: 'scripts/preflight.ts', spec: PREFLIGHT_COMMAND },
  { script: 'drift', entry: 'scripts/drift.ts', spec: DRIFT_COMMAND },
  { script: 'accounts', entry: 'scripts/accounts.ts', spec: ACCOUNTS_COMMAND },
  { script: 'diff', entry: 'scripts/diff.ts', spec: DIFF_COMMAND },
  { script: 'workspaces', entry: 'scripts/workspaces.ts', spec: WORKSPACES_COMMAND },
  { script: 'scp', entry: 'scripts/generate-scp.ts', spec: SCP_COMMAND },
  { script: 'bootstrap', entry: 'scripts/bootstrap.ts', spec: BOOTSTRAP_COMMAND },
  { script: 'docs', entry: 'scripts/generate-docs.ts', spec: DOCS_COMMAND },
  { script: 'plan:offline', entry: 'scripts/plan-offline.ts', spec: PLAN_OFFLINE_COMMAND },
  { script: 'ci', entry: 'scripts/ci.ts', spec: CI_COMMAND },
  { script: 'sandbox', entry: 'scripts/sandbox.ts', spec: SANDBOX_COMMAND },
  { script: 'test:times', entry: 'scripts/test-times.ts', spec: TEST_TIMES_COMMAND },
  { entry: 'scripts/bundle-lambda.ts', spec: BUNDLE_LAMBDA_COMMAND },
  { entry: 'scripts/record-plan-fixtures.ts', spec: RECORD_PLAN_FIXTURES_COMMAND },
  { entry: 'scripts/migrate-cdktn.ts', spec: MIGRATE_CDKTN_COMMAND },
  { script: 'bench', entry: 'bench/run.ts', spec: BENCH_COMMANDS.run },
  { script: 'bench:organization', entry: 'bench/organization.ts', spec: BENCH_COMMANDS.organization },
  { script: 'bench:lambda', entry: 'bench/lambda-size.ts', spec: BENCH_COMMANDS.lambda },
  { script: 'bench:validation', entry: 'bench/validation.ts', spec: BENCH_COMMANDS.validation },
  { script: 'bench:ci', entry: 'bench/ci-workflows.ts', spec: BENCH_COMMANDS.ci },
  { script: 'bench:drift', entry: 'bench/drift.ts', spec: BENCH_COMMANDS.drift },
  { script: 'bench:preflight', entry: 'bench/preflight.ts', spec: BENCH_COMMANDS.preflight },
  { script: 'bench:synth', entry: 'bench/synth-speed.ts', spec: BENCH_COMMANDS.synth },
];

/** Developer commands (benchmarks, generators of committed files): they may use devDependencies. */
export function isDeveloperCommand(command: Command): boolean {
  return command.entry.startsWith('bench/') || ['scripts/generate-docs.ts', 'scripts/record-plan-fixtures.ts'].includes(command.entry);
}

/** The documented production commands: what `npm ci --omit=dev` must be able to run. */
export const PRODUCTION_COMMANDS: readonly Command[] = COMMANDS.filter((c) => !isDeveloperCommand(c));
