/** Cutting ~300 stacks into a bounded number of CI jobs that fit a hosted runner's memory. */
import { modelFromData } from '../src/config/load';
import { planStacks } from '../src/model/stack-plan';
import { KNOWN_REGIONS } from '../src/model/regions';
import { DEFAULT_BATCH_OPTIONS, jobCount, overBudget, planBatches, stackMemoryGb, stackSizeOf, workflowSeconds, type StackSize } from '../src/ci/batches';

/** Stack sizes of an organization of `accounts` accounts with the 17 default Regions, from the real stack plan. */
function organization(accounts: number, shardSize = 4): StackSize[] {
  const model = modelFromData({
    version: 1,
    regions: KNOWN_REGIONS.slice(0, 17),
    stacks: { shardSize },
    accounts: Array.from({ length: accounts }, (_, i) => ({ id: String(100000000000 + i), name: `acct${String(i).padStart(2, '0')}` })),
  });
  return planStacks(model).map((p) => ({ name: p.name, aliases: p.kind === 'global' ? 1 : p.regions.length }));
}

describe('CI batches', () => {
  it('plans 50 accounts × 17 Regions (300 stacks) in 20 jobs of 15 stacks, two plans at a time within 6 GB', () => {
    const stacks = organization(50);
    expect(stacks).toHaveLength(300);
    const batches = planBatches(stacks);
    expect(batches).toHaveLength(20);
    // Every stack exactly once.
    expect(batches.flatMap((b) => b.stacks).sort()).toEqual(stacks.map((s) => s.name).sort());
    for (const b of batches) {
      expect(b.parallelism).toBe(2);
      expect(b.peakGb).toBeLessThanOrEqual(DEFAULT_BATCH_OPTIONS.memoryGb);
    }
    // Balanced: loads within one 4-Region stack of each other.
    const loads = batches.map((b) => b.load);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(5);
    expect(overBudget(stacks)).toEqual([]);
  });

  it('stays within GitHub matrix limits however large the organization, and uses one job for a small one', () => {
    expect(planBatches(organization(200))).toHaveLength(DEFAULT_BATCH_OPTIONS.maxJobs);
    expect(jobCount(3)).toBe(1);
    expect(jobCount(0)).toBe(0);
    expect(planBatches(organization(1))).toEqual([
      expect.objectContaining({ index: 0, stacks: ['acct00-global', 'acct00-shard0', 'acct00-shard1', 'acct00-shard2', 'acct00-shard3', 'acct00-shard4'] }),
    ]);
    expect(planBatches(organization(50), { ...DEFAULT_BATCH_OPTIONS, maxJobs: 7 })).toHaveLength(7);
  });

  it('runs one plan at a time when a stack is large, and names stacks larger than a runner', () => {
    const big = organization(2, 17);
    const batches = planBatches(big, { ...DEFAULT_BATCH_OPTIONS, minStacksPerJob: 1 });
    expect(batches.every((b) => b.parallelism === 1)).toBe(true);
    expect(stackMemoryGb({ name: 'x', aliases: 17 })).toBe(9);
    expect(overBudget(big).map((s) => s.name)).toEqual(['acct00-shard0', 'acct01-shard0']);
  });

  it('reads the provider aliases of a synthesized stack', () => {
    expect(stackSizeOf('a', { provider: { aws: [{}, {}, {}] } })).toEqual({ name: 'a', aliases: 3 });
    expect(stackSizeOf('b', { provider: { aws: {} } })).toEqual({ name: 'b', aliases: 1 });
    expect(stackSizeOf('c', {})).toEqual({ name: 'c', aliases: 1 });
  });

  it('estimates the wall time from the slowest job of each wave', () => {
    const stacks = organization(50);
    const batches = planBatches(stacks);
    const model = { synthJob: 100, jobSetup: 60, perStack: 10, perAlias: 5, tail: 30, concurrentJobs: 20 };
    // Slowest job: 15 stacks, at most 16 + 15 ... computed by hand for one job below.
    const seconds = workflowSeconds(batches, stacks, model);
    const sizes = new Map(stacks.map((s) => [s.name, s.aliases]));
    const slowest = Math.max(...batches.map((b) => 60 + b.stacks.reduce((t, n) => t + 10 + 5 * (sizes.get(n) ?? 1), 0) / b.parallelism));
    expect(seconds).toBeCloseTo(100 + slowest + 30);
    // Half the concurrent jobs: two waves.
    expect(workflowSeconds(batches, stacks, { ...model, concurrentJobs: 10 })).toBeGreaterThan(seconds + 60);
  });
});
