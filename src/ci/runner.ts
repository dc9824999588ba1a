/**
 * Runs Terraform for the stacks of one CI batch: per stack `init`, `plan -out`, `show -json` (read
 * into a StackResult) and `show` (the full plan text, sensitive values masked), and for a deploy
 * `apply` of that saved plan when it changes something. A few stacks at a time; a failed stack
 * does not stop the others. Every stack's result is written as soon as it is known, so a job that
 * is cancelled still leaves the results it has.
 *
 * Terraform is reached through `TerraformExec`, so the scheduling and bookkeeping are tested with
 * a fake (the real one spawns `terraform`).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { reviewPlan, type ReviewPlanJson } from '../review/plan-review';
import { failedResult, summarizePlan, type PlanJson, type StackResult } from './plan-json';

/** Per-stack review file next to `<stack>.json`: the ReviewUnit[] of src/review/plan-review.ts. */
export const REVIEW_SUFFIX = '.review.json';

/** Outcome of one terraform command. */
export interface ExecResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `terraform <args>` in `cwd`. */
export type TerraformExec = (cwd: string, args: readonly string[]) => Promise<ExecResult>;

/** The real TerraformExec: spawns `terraform` with the process environment plus TF_IN_AUTOMATION and TF_INPUT=0. */
export const spawnTerraform: TerraformExec = (cwd, args) =>
  new Promise((resolve, reject) => {
    const child = spawn('terraform', [...args], { cwd, env: { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ status: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });

export interface RunOptions {
  readonly mode: 'plan' | 'apply';
  /** cdktf.out/stacks: one directory per stack holding cdk.tf.json. */
  readonly stacksDir: string;
  /** Where results go: `<stack>.json` (StackResult), `<stack>.review.json` (the review) and `<stack>.plan.txt` (full plan text). */
  readonly outDir: string;
  /** Stacks run at once. */
  readonly parallelism: number;
  readonly exec: TerraformExec;
  /** Progress lines (one per stack started and finished). */
  readonly log?: (line: string) => void;
  /**
   * Saved plans. In plan mode each stack's plan is copied here as `<stack>.tfplan` (the deploy's
   * plan job uploads them). In apply mode the stack's saved plan is taken from here and applied
   * as it is (`terraform apply <planfile>`): nothing is planned again.
   */
  readonly plansDir?: string;
}

/** The file name of a stack's saved plan in RunOptions.plansDir. */
export const planFileOf = (stack: string): string => `${stack}.tfplan`;

/** Terraform refuses a saved plan made against an older state (`Saved plan is stale`). */
export function staleMessage(stack: string): string {
  return (
    `The saved plan of ${stack} is stale: its state changed after the plan was made (another deploy, or a change outside this run). ` +
    'Nothing was applied to this stack. Re-run the whole deploy workflow (not just this job) to plan again, review the new plan, and approve it.'
  );
}

/** Plan arguments. Pull-request plans take no state lock: they only read, and must not block a deploy. */
export function planArgs(mode: RunOptions['mode']): string[] {
  return ['plan', '-input=false', '-no-color', ...(mode === 'plan' ? ['-lock=false'] : ['-lock-timeout=10m']), '-out=tfplan'];
}

/** Plans (and for mode apply, applies) one stack; never throws for a Terraform failure. */
export async function runStack(stack: string, options: RunOptions, initDone = false): Promise<StackResult> {
  const cwd = join(options.stacksDir, stack);
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 100) / 10;
  const step = async (args: readonly string[]): Promise<ExecResult> => options.exec(cwd, args);
  const fail = (what: string, run: ExecResult) => failedResult(stack, `terraform ${what} failed (exit ${run.status}):\n${run.stderr || run.stdout}`, seconds());
  try {
    if (!initDone) {
      const init = await step(['init', '-input=false', '-no-color']);
      if (init.status !== 0) return fail('init', init);
    }
    if (options.mode === 'apply' && options.plansDir !== undefined) return await applySaved(stack, options, step, seconds, fail);
    const plan = await step(planArgs(options.mode));
    if (plan.status !== 0) return fail('plan', plan);
    if (options.plansDir !== undefined) copyFileSync(join(cwd, 'tfplan'), resolve(options.plansDir, planFileOf(stack)));
    const json = await step(['show', '-json', 'tfplan']);
    if (json.status !== 0) return fail('show -json', json);
    const text = await step(['show', '-no-color', 'tfplan']);
    writeFileSync(join(options.outDir, `${stack}.plan.txt`), text.status === 0 ? text.stdout : text.stderr);
    const planJson = JSON.parse(json.stdout) as PlanJson & ReviewPlanJson;
    // The review holds values (sensitive ones masked), never the plan JSON itself.
    writeFileSync(join(options.outDir, `${stack}${REVIEW_SUFFIX}`), `${JSON.stringify(reviewPlan(stack, planJson), null, 2)}\n`);
    const planned = summarizePlan(stack, planJson, seconds());
    if (options.mode === 'plan') return planned;
    if (planned.changes.length > 0) {
      const apply = await step(['apply', '-input=false', '-no-color', '-auto-approve', 'tfplan']);
      if (apply.status !== 0) return { ...fail('apply', apply), counts: planned.counts, changes: planned.changes };
    }
    return { ...planned, status: 'applied', seconds: seconds() };
  } catch (e) {
    return failedResult(stack, (e as Error).message, seconds());
  }
}

/** Apply mode with saved plans: the reviewed plan, applied as it is; a stale plan fails with what to do. */
async function applySaved(
  stack: string,
  options: RunOptions,
  step: (args: readonly string[]) => Promise<ExecResult>,
  seconds: () => number,
  fail: (what: string, run: ExecResult) => StackResult,
): Promise<StackResult> {
  // Absolute: terraform runs in the stack's directory.
  const saved = resolve(options.plansDir as string, planFileOf(stack));
  if (!existsSync(saved)) return failedResult(stack, `no saved plan ${saved}: the plan job did not plan ${stack}. Re-run the deploy workflow.`, seconds());
  const json = await step(['show', '-json', saved]);
  if (json.status !== 0) return fail('show -json', json);
  const planned = summarizePlan(stack, JSON.parse(json.stdout) as PlanJson, seconds());
  if (planned.changes.length === 0) return { ...planned, status: 'applied', seconds: seconds() };
  const apply = await step(['apply', '-input=false', '-no-color', saved]);
  if (apply.status !== 0) {
    const output = `${apply.stderr}\n${apply.stdout}`;
    // The message goes last: only the tail of the output is kept.
    const why = /Saved plan is stale/i.test(output) ? `${apply.stderr || apply.stdout}\n${staleMessage(stack)}` : undefined;
    const failed = why ? failedResult(stack, why, seconds()) : fail('apply', apply);
    return { ...failed, counts: planned.counts, changes: planned.changes };
  }
  return { ...planned, status: 'applied', seconds: seconds() };
}

/**
 * Runs every stack of a batch, `parallelism` at a time, in the given order. The first stack's
 * `init` runs alone: it fills the shared provider cache (TF_PLUGIN_CACHE_DIR), which Terraform
 * does not guard against concurrent writers.
 */
export async function runBatch(stacks: readonly string[], options: RunOptions): Promise<StackResult[]> {
  mkdirSync(options.outDir, { recursive: true });
  if (options.plansDir !== undefined && options.mode === 'plan') mkdirSync(options.plansDir, { recursive: true });
  const log = options.log ?? (() => undefined);
  const results: StackResult[] = new Array(stacks.length);
  let firstInitOk = false;
  if (stacks.length > 0) {
    const init = await options.exec(join(options.stacksDir, stacks[0]), ['init', '-input=false', '-no-color']).catch((e: Error) => ({ status: 1, stdout: '', stderr: e.message }));
    firstInitOk = init.status === 0;
  }
  let next = 0;
  const worker = async () => {
    while (next < stacks.length) {
      const i = next++;
      const stack = stacks[i];
      log(`${stack}: ${options.mode === 'plan' ? 'planning' : 'deploying'}`);
      const result = await runStack(stack, options, i === 0 && firstInitOk);
      writeFileSync(join(options.outDir, `${stack}.json`), `${JSON.stringify(result, null, 2)}\n`);
      log(`${stack}: ${result.status}${result.status === 'failed' ? '' : ` (${result.changes.length} changes)`} in ${result.seconds ?? 0} s`);
      results[i] = result;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.parallelism, stacks.length)) }, worker));
  return results;
}
