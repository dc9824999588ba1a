/**
 * The CI tool of the pull-request diff and deploy workflows (.github/workflows/pr-diff.yml,
 * deploy.yml), also usable locally. The synth job bundles it into cdktf.out/ci.js, so the batch
 * jobs run it with plain `node` (no npm ci per job).
 *
 *   ci batches    cut cdktf.out/stacks into CI jobs; writes the matrix
 *   ci run        plan or deploy the stacks of one batch
 *   ci summarize  render the results of every batch (comment, job summary)
 *   ci require-shared-state   fail when a stack uses the local backend
 *
 * Run `npm run ci -- <command> --help` for each command's flags. Each command loads its modules
 * when it runs: the help and usage errors (of the tool and of each command) answer without them.
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Batch, StackSize } from '../src/ci/batches';
import type { StackResult } from '../src/ci/plan-json';
import { helpText, type ParsedArgs } from '../src/cli/args';
import { startCommand } from '../src/cli/command';
import { CI_ACCOUNTS_FILE as ACCOUNTS_FILE, CI_BATCHES_FILE as BATCHES_FILE, CI_COMMAND as TOP, CI_SUBCOMMANDS as COMMANDS } from '../src/cli/commands';
import type { ReviewUnit } from '../src/review/plan-review';

function outdirOf(flags: Record<string, unknown>): string {
  return (flags.outdir as string | undefined) ?? process.env.CDKTF_OUTDIR ?? 'cdktf.out';
}

function stackNames(outdir: string): string[] {
  const dir = join(outdir, 'stacks');
  if (!existsSync(dir)) throw new Error(`${dir} does not exist: synthesize first (npm run synth)`);
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'cdk.tf.json')))
    .sort();
}

function readStack(outdir: string, name: string): { provider?: { aws?: unknown }; terraform?: { backend?: Record<string, unknown> } } {
  return JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
}

function positiveNumber(value: unknown, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${flag} must be a positive number, got ${JSON.stringify(value)}`);
  return n;
}

async function batchesCommand(flags: Record<string, unknown>): Promise<number> {
  const [{ DEFAULT_BATCH_OPTIONS, overBudget, planBatches, stackSizeOf }, { configPath }, { loadConfig }, { accountLabels, labelsToJson }] = await Promise.all([
    import('../src/ci/batches'),
    import('../src/cli/config-file'),
    import('../src/config/load'),
    import('../src/review/accounts'),
  ]);
  const outdir = outdirOf(flags);
  const sizes: StackSize[] = stackNames(outdir).map((name) => stackSizeOf(name, readStack(outdir, name)));
  const options = {
    ...DEFAULT_BATCH_OPTIONS,
    maxJobs: Math.floor(positiveNumber(flags['max-jobs'], 'max-jobs', DEFAULT_BATCH_OPTIONS.maxJobs)),
    memoryGb: positiveNumber(flags['memory-gb'], 'memory-gb', DEFAULT_BATCH_OPTIONS.memoryGb),
  };
  for (const s of overBudget(sizes, options)) {
    process.stderr.write(`warning: ${s.name} has ${s.aliases} provider aliases; its plan needs more than ${options.memoryGb} GB (choose a smaller stacks.shardSize)\n`);
  }
  const batches = planBatches(sizes, options);
  writeFileSync(join(outdir, BATCHES_FILE), `${JSON.stringify({ stacks: sizes.map((s) => s.name), batches }, null, 2)}\n`);
  try {
    writeFileSync(join(outdir, ACCOUNTS_FILE), `${JSON.stringify(labelsToJson(accountLabels(loadConfig(configPath([])))), null, 2)}\n`);
  } catch (e) {
    process.stderr.write(`warning: the review names stacks instead of accounts: ${(e as Error).message.split('\n')[0]}\n`);
  }
  const matrix = JSON.stringify({ batch: batches.map((b) => b.index) });
  process.stdout.write(`${matrix}\n`);
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `matrix=${matrix}\n`);
  process.stderr.write(
    `${sizes.length} stacks in ${batches.length} jobs of ${Math.min(...batches.map((b) => b.stacks.length))}-${Math.max(...batches.map((b) => b.stacks.length))} stacks\n`,
  );
  return 0;
}

function readBatches(outdir: string): { stacks: string[]; batches: Batch[] } {
  const file = join(outdir, BATCHES_FILE);
  if (!existsSync(file)) throw new Error(`${file} does not exist: run ci batches first`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

async function runCommand(flags: Record<string, unknown>): Promise<number> {
  const [{ planFileOf, runBatch, spawnTerraform }, { cloudHostnames, tokenEnvironment }] = await Promise.all([import('../src/ci/runner'), import('../src/cli/terraform-token')]);
  const outdir = outdirOf(flags);
  const mode = flags.mode;
  if (mode !== 'plan' && mode !== 'apply') throw new Error('--mode must be plan or apply');
  const index = Number(flags.batch);
  const { batches } = readBatches(outdir);
  const batch = batches.find((b) => b.index === index);
  if (batch === undefined) throw new Error(`--batch must be one of 0-${batches.length - 1}, got ${JSON.stringify(flags.batch)}`);
  const only = flags.only as string[] | undefined;
  const plansDir = flags.plans as string | undefined;
  let stacks = only ? batch.stacks.filter((s) => only.includes(s)) : batch.stacks;
  // Applying saved plans: exactly the stacks the plan job planned (a dispatch may have picked some).
  if (mode === 'apply' && plansDir !== undefined) stacks = stacks.filter((s) => existsSync(join(plansDir, planFileOf(s))));
  // TF_API_TOKEN becomes TF_TOKEN_<host> of the hostname the stacks use (the configuration's backend.hostname).
  const hostnames = stacks.flatMap((stack) => cloudHostnames(JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'))));
  Object.assign(process.env, tokenEnvironment(process.env, [...new Set(hostnames)]));
  const results = await runBatch(stacks, {
    mode,
    stacksDir: join(outdir, 'stacks'),
    outDir: (flags.results as string | undefined) ?? 'results',
    parallelism: batch.parallelism,
    exec: spawnTerraform,
    log: (line) => process.stdout.write(`${line}\n`),
    ...(plansDir !== undefined ? { plansDir } : {}),
  });
  return results.some((r) => r.status === 'failed') ? 1 : 0;
}

/** Every result file under `dir` (any depth): the JSON files that are not reviews (`reviewSuffix`). */
function findResults(dir: string, reviewSuffix: string): StackResult[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json') && !e.name.endsWith(reviewSuffix))
    .map((e) => JSON.parse(readFileSync(join(e.parentPath, e.name), 'utf8')) as StackResult)
    .filter((r) => typeof r.stack === 'string' && typeof r.status === 'string');
}

/** Every `<stack>.review.json` (`reviewSuffix`) under `dir` (any depth), in stack order. */
function findReviews(dir: string, reviewSuffix: string): ReviewUnit[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(reviewSuffix))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => JSON.parse(readFileSync(join(e.parentPath, e.name), 'utf8')) as ReviewUnit[]);
}

async function summarizeCommand(flags: Record<string, unknown>): Promise<number> {
  const [{ REVIEW_SUFFIX }, { COMMENT_MARKER, GITHUB_COMMENT_LIMIT, renderSummary, STEP_SUMMARY_LIMIT }, { labelsFromJson }] = await Promise.all([
    import('../src/ci/runner'),
    import('../src/ci/summary'),
    import('../src/review/accounts'),
  ]);
  const outdir = outdirOf(flags);
  const mode = flags.mode;
  if (mode !== 'plan' && mode !== 'apply') throw new Error('--mode must be plan or apply');
  const only = flags.only as string[] | undefined;
  const stacks = readBatches(outdir).stacks.filter((s) => only === undefined || only.length === 0 || only.includes(s));
  const resultsDir = (flags.results as string | undefined) ?? 'results';
  const results = findResults(resultsDir, REVIEW_SUFFIX);
  const accountsFile = join(outdir, ACCOUNTS_FILE);
  const accounts = existsSync(accountsFile) ? labelsFromJson(JSON.parse(readFileSync(accountsFile, 'utf8'))) : undefined;
  const server = process.env.GITHUB_SERVER_URL;
  const runUrl =
    server && process.env.GITHUB_REPOSITORY && process.env.GITHUB_RUN_ID ? `${server}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID}` : undefined;
  const common = {
    mode,
    expected: stacks,
    ...(runUrl ? { runUrl } : {}),
    ...(flags.artifacts ? { artifacts: flags.artifacts as string } : {}),
    ...(process.env.GITHUB_SHA ? { commit: process.env.GITHUB_SHA.slice(0, 12) } : {}),
    review: findReviews(resultsDir, REVIEW_SUFFIX),
    ...(accounts ? { accounts } : {}),
  } as const;
  const full = renderSummary(results, { ...common, limit: Number.MAX_SAFE_INTEGER });
  if (flags.full) writeFileSync(flags.full as string, full);
  if (flags.comment) writeFileSync(flags.comment as string, renderSummary(results, { ...common, limit: GITHUB_COMMENT_LIMIT, marker: COMMENT_MARKER }));
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, renderSummary(results, { ...common, limit: STEP_SUMMARY_LIMIT - 1024 }));
  if (!flags.full && !flags.comment) process.stdout.write(full);
  const got = new Set(results.map((r) => r.stack));
  const bad = results.filter((r) => r.status === 'failed').length + stacks.filter((s) => !got.has(s)).length;
  process.stderr.write(`${results.length} results for ${stacks.length} stacks; ${bad} failed or missing\n`);
  return bad > 0 ? 1 : 0;
}

function requireSharedStateCommand(flags: Record<string, unknown>): number {
  const outdir = outdirOf(flags);
  const local = stackNames(outdir).filter((name) => readStack(outdir, name).terraform?.backend?.local !== undefined);
  if (local.length === 0) return 0;
  process.stderr.write(
    `::error::${local.length} stacks use the local backend (${local.slice(0, 3).join(', ')}${local.length > 3 ? ', ...' : ''}): this workflow needs shared state. Set backend.type cloud in the configuration (docs/operations.md, Terraform Cloud / HCP Terraform).\n`,
  );
  return 1;
}

/** Runs one command of the tool; every failure is one `error:` line (exit 1). */
async function run(command: string, { flags }: ParsedArgs): Promise<number> {
  try {
    switch (command) {
      case 'batches':
        return await batchesCommand(flags);
      case 'run':
        return await runCommand(flags);
      case 'summarize':
        return await summarizeCommand(flags);
      default:
        return requireSharedStateCommand(flags);
    }
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return 1;
  }
}

/** The tool's own level: which command (its help when none is named), then that command in the frame. */
function main(argv: readonly string[]): void {
  const [command, ...rest] = argv;
  const spec = command === undefined ? undefined : COMMANDS[command];
  if (spec !== undefined) {
    void startCommand(spec, (args) => run(command, args), { argv: rest });
    return;
  }
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(helpText(TOP));
    process.exitCode = command === undefined ? 2 : 0;
    return;
  }
  process.stderr.write(`error: unknown command ${JSON.stringify(command)}\n${helpText(TOP)}`);
  process.exitCode = 2;
}

main(process.argv.slice(2));
