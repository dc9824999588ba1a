/**
 * `npm run diff`: what a change does, preference by preference. With --plan-json it renders saved
 * plans (`terraform show -json <planfile>` output, from any pipeline); otherwise it synthesizes,
 * plans the chosen stacks with the caller's credentials and the configured backend, and renders
 * them. Markdown on stdout (docs/ci.md, The review).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedArgs } from '../src/cli/args';
import { errorMessage, startCommand } from '../src/cli/command';
import { DIFF_COMMAND as COMMAND } from '../src/cli/commands';
import type { ReviewPlanJson, ReviewUnit } from '../src/review/plan-review';
import type { AccountLabel } from '../src/review/render';

// The work's modules load in the functions that use them: --help and usage errors answer without them.

const outdir = process.env.CDKTF_OUTDIR ?? join(__dirname, '..', 'cdktf.out');

/** Account names for headings, when the configuration loads (rendering saved plans does not need it). */
async function labelsOrNothing(argv: readonly string[]): Promise<Map<string, AccountLabel> | undefined> {
  const [{ configPath }, { loadConfig }, { accountLabels }] = await Promise.all([import('../src/cli/config-file'), import('../src/config/load'), import('../src/review/accounts')]);
  try {
    return accountLabels(loadConfig(configPath(argv)));
  } catch {
    return undefined;
  }
}

async function fromPlanFiles(files: readonly string[]): Promise<ReviewUnit[]> {
  const [{ reviewPlan }, { stackOfPlanFile }] = await Promise.all([import('../src/review/plan-review'), import('../src/review/select')]);
  return files.flatMap((file) => {
    const plan = JSON.parse(readFileSync(file, 'utf8')) as ReviewPlanJson & { format_version?: unknown };
    if (typeof plan.format_version !== 'string') throw new Error(`${file} is not plan JSON (write it with: terraform show -json <planfile> > ${file})`);
    return reviewPlan(stackOfPlanFile(file), plan);
  });
}

async function planAndReview(argv: readonly string[], flags: Record<string, unknown>): Promise<{ units: ReviewUnit[]; failed: string[] }> {
  const [{ REVIEW_SUFFIX, runBatch, spawnTerraform }, { configPath, loadModel }, { planStacks }, { selectStacks }] = await Promise.all([
    import('../src/ci/runner'),
    import('../src/cli/config-file'),
    import('../src/model/stack-plan'),
    import('../src/review/select'),
  ]);
  const model = loadModel(argv);
  const { stacks, unmatched } = selectStacks(planStacks(model), {
    stacks: flags.stack as string[] | undefined,
    accounts: flags.account as string[] | undefined,
    regions: flags.region as string[] | undefined,
  });
  if (unmatched.length > 0) throw new Error(`${unmatched.join(', ')} matches no stack of ${configPath(argv)} (npm run stacks lists them)`);
  if (!flags['no-synth']) {
    process.stderr.write('synthesizing...\n');
    const synth = spawnSync(process.execPath, [require.resolve('tsx/cli'), join(__dirname, '..', 'main.ts'), '--config', configPath(argv)], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, CDKTF_OUTDIR: outdir },
    });
    if (synth.status !== 0) throw new Error('synthesis failed (see above)');
  }
  // Without filters: every synthesized stack (log-archive stacks included).
  const filtered = [flags.stack, flags.account, flags.region].some((f) => Array.isArray(f) && f.length > 0);
  if (!filtered && existsSync(join(outdir, 'stacks'))) stacks.splice(0, stacks.length, ...readdirSync(join(outdir, 'stacks')).sort());
  const missing = stacks.filter((s) => !existsSync(join(outdir, 'stacks', s, 'cdk.tf.json')));
  if (missing.length > 0) throw new Error(`not synthesized in ${outdir}: ${missing.join(', ')} (run without --no-synth)`);
  const results = mkdtempSync(join(tmpdir(), 'session-prefs-diff-'));
  try {
    const done = await runBatch(stacks, {
      mode: 'plan',
      stacksDir: join(outdir, 'stacks'),
      outDir: results,
      parallelism: 2,
      exec: spawnTerraform,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    for (const r of done.filter((d) => d.status === 'failed')) process.stderr.write(`${r.stack}: ${r.error}\n`);
    const units = done.filter((d) => d.status !== 'failed').flatMap((d) => JSON.parse(readFileSync(join(results, `${d.stack}${REVIEW_SUFFIX}`), 'utf8')) as ReviewUnit[]);
    return { units, failed: done.filter((d) => d.status === 'failed').map((d) => d.stack) };
  } finally {
    rmSync(results, { recursive: true, force: true });
  }
}

/** Every failure is one `error:` line (exit 1); an invalid configuration lists its problems (exit 1). */
async function main({ flags, positionals }: ParsedArgs, argv: readonly string[]): Promise<number> {
  const listed = flags['plan-json'] as string[] | undefined;
  if (positionals.length > 0 && listed === undefined) throw new Error(`${positionals[0]}: give saved plans with --plan-json (npm run diff -- --plan-json <file>...)`);
  const files = listed === undefined ? undefined : [...listed, ...positionals];
  const { renderReview } = await import('../src/review/render');
  const labels = await labelsOrNothing(argv);
  const options = labels ? { accounts: labels } : {};
  if (files && files.length > 0) {
    process.stdout.write(renderReview(await fromPlanFiles(files), options));
    return 0;
  }
  const { units, failed } = await planAndReview(argv, flags);
  process.stdout.write(renderReview(units, options));
  if (failed.length > 0) process.stdout.write(`\n:x: **${failed.length} stack${failed.length === 1 ? '' : 's'} failed to plan**: ${failed.join(', ')} (errors on stderr)\n`);
  return failed.length > 0 ? 1 : 0;
}

void startCommand(COMMAND, main, { crash: (e) => `error: ${errorMessage(e)}\n` });
