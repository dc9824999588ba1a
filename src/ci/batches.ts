/**
 * Cuts the synthesized stacks into a bounded number of CI jobs ("batches"). Each job plans (or
 * applies) its stacks one after another, a few at a time, within the memory of one runner.
 * Pure: stack sizes in, batches out.
 *
 * Memory: a plan costs about 0.5 GB per AWS provider alias plus about 0.5 GB for Terraform itself
 * (bench/results.md: 2.0 GB for 4 aliases, 4.0 GB for 8). A GitHub-hosted ubuntu-latest runner
 * has about 7 GB; 6 GB is left for plans. Time: a plan's wall time grows with its aliases, so
 * batches are balanced by estimated seconds (longest first onto the least loaded batch).
 */

/** What batching needs to know of one stack. */
export interface StackSize {
  readonly name: string;
  /** AWS provider aliases of the stack (one per Region; 1 for an account-wide stack). */
  readonly aliases: number;
}

/** Limits of the CI runners and the cost model of one plan. */
export interface BatchOptions {
  /** Most jobs to start (GitHub allows 256 per matrix; concurrency limits are 20 on the free plan). */
  readonly maxJobs: number;
  /** Fewest stacks worth a job of their own (a job costs about a minute of set-up). */
  readonly minStacksPerJob: number;
  /** Memory available to plans on one runner, in GB. */
  readonly memoryGb: number;
  /** Memory of one provider alias during a plan, in GB. */
  readonly gbPerAlias: number;
  /** Memory of Terraform itself during a plan, in GB. */
  readonly baseGb: number;
  /** Most plans at once on one runner, whatever the memory (two cores on ubuntu-latest: 2-4 is sensible). */
  readonly maxParallelism: number;
}

/** Defaults for a GitHub-hosted ubuntu-latest runner (4 vCPUs, 16 GB for public repositories; 2 vCPUs, 7 GB for private ones). */
export const DEFAULT_BATCH_OPTIONS: BatchOptions = {
  maxJobs: 20,
  minStacksPerJob: 6,
  memoryGb: 6,
  gbPerAlias: 0.5,
  baseGb: 0.5,
  maxParallelism: 3,
};

/** One CI job: its stacks in the order it runs them, and how many it runs at once. */
export interface Batch {
  /** 0-based job number (artifact names use it). */
  readonly index: number;
  readonly stacks: readonly string[];
  /** Plans at once on this runner. */
  readonly parallelism: number;
  /** Estimated peak memory of the job, in GB (parallelism × its largest stack). */
  readonly peakGb: number;
  /** Sum of the stacks' cost units (aliases + 1 each): what the balancing evened out. */
  readonly load: number;
}

/** Estimated peak memory of one stack's plan, in GB. */
export function stackMemoryGb(stack: StackSize, options: BatchOptions = DEFAULT_BATCH_OPTIONS): number {
  return options.baseGb + options.gbPerAlias * stack.aliases;
}

/** Cost unit of a stack for balancing: Terraform's start-up plus one unit per provider alias. */
function load(stack: StackSize): number {
  return stack.aliases + 1;
}

/** The number of jobs for `stackCount` stacks: at least 1, at most maxJobs, no job with fewer than minStacksPerJob stacks unless there is only one. */
export function jobCount(stackCount: number, options: BatchOptions = DEFAULT_BATCH_OPTIONS): number {
  if (stackCount === 0) return 0;
  return Math.max(1, Math.min(options.maxJobs, Math.floor(stackCount / options.minStacksPerJob)));
}

/**
 * Distributes the stacks over jobCount() batches: largest first, each onto the batch with the
 * least load (ties: the lower index), then each batch runs its stacks in name order. A stack
 * larger than the memory budget is still planned, alone (parallelism 1), and reported by
 * `overBudget`.
 */
export function planBatches(stacks: readonly StackSize[], options: BatchOptions = DEFAULT_BATCH_OPTIONS): Batch[] {
  const jobs = jobCount(stacks.length, options);
  const bins = Array.from({ length: jobs }, () => ({ stacks: [] as StackSize[], load: 0 }));
  const ordered = [...stacks].sort((a, b) => load(b) - load(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const stack of ordered) {
    let best = bins[0];
    for (const bin of bins) if (bin.load < best.load) best = bin;
    best.stacks.push(stack);
    best.load += load(stack);
  }
  return bins.map((bin, index) => {
    const largest = Math.max(...bin.stacks.map((s) => stackMemoryGb(s, options)));
    const byMemory = Math.max(1, Math.floor(options.memoryGb / largest));
    const parallelism = Math.min(byMemory, options.maxParallelism, bin.stacks.length);
    return {
      index,
      stacks: bin.stacks.map((s) => s.name).sort(),
      parallelism,
      peakGb: Math.round(parallelism * largest * 10) / 10,
      load: bin.load,
    };
  });
}

/** Stacks whose single plan needs more memory than a runner has (make stacks.shardSize smaller). */
export function overBudget(stacks: readonly StackSize[], options: BatchOptions = DEFAULT_BATCH_OPTIONS): StackSize[] {
  return stacks.filter((s) => stackMemoryGb(s, options) > options.memoryGb);
}

/** Provider aliases of a synthesized stack (cdk.tf.json): entries of `provider.aws`. */
export function stackSizeOf(name: string, stackJson: { provider?: { aws?: unknown } }): StackSize {
  const aws = stackJson.provider?.aws;
  const aliases = Array.isArray(aws) ? aws.length : aws ? 1 : 0;
  return { name, aliases: Math.max(1, aliases) };
}

/** What the wall-time estimate assumes (seconds). */
export interface TimingModel {
  /** Workflow start-up, checkout, Node.js, npm ci and synthesis in the first job. */
  readonly synthJob: number;
  /** Queueing and set-up of one batch job: Node.js, Terraform, artifact download, credentials, provider download. */
  readonly jobSetup: number;
  /** Per stack: Terraform start-up, init and backend. */
  readonly perStack: number;
  /** Per provider alias: refresh and plan (plus apply, for deploy). */
  readonly perAlias: number;
  /** Jobs after the batches (summary, comment). */
  readonly tail: number;
  /** Jobs GitHub runs at once (20 on the free plan, 60 on Team, more on Enterprise). */
  readonly concurrentJobs: number;
}

/** Estimated wall time of one batch job, in seconds. */
export function batchSeconds(batch: Batch, sizes: ReadonlyMap<string, number>, model: TimingModel): number {
  const work = batch.stacks.reduce((sum, name) => sum + model.perStack + model.perAlias * (sizes.get(name) ?? 1), 0);
  return model.jobSetup + work / batch.parallelism;
}

/** Estimated wall time of a whole workflow: synthesis, the batches (in waves of concurrentJobs), the tail. */
export function workflowSeconds(batches: readonly Batch[], stacks: readonly StackSize[], model: TimingModel): number {
  const sizes = new Map(stacks.map((s) => [s.name, s.aliases]));
  const times = batches.map((b) => batchSeconds(b, sizes, model)).sort((a, b) => b - a);
  let total = 0;
  for (let i = 0; i < times.length; i += model.concurrentJobs) total += times[i];
  return model.synthJob + total + model.tail;
}
