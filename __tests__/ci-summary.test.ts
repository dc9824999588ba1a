/**
 * The pull-request comment of a plan run: rendered from recorded plans (__tests__/fixtures/plans,
 * see its README) for a 50 accounts × 17 Regions organization (300 stacks).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { failedResult, summarizePlan, type PlanJson, type StackResult } from '../src/ci/plan-json';
import { codeBlock, COMMENT_MARKER, GITHUB_COMMENT_LIMIT, groupIdentical, renderSummary } from '../src/ci/summary';

const FIXTURES = join(__dirname, 'fixtures', 'plans');
const KINDS = ['global', 'shard0', 'shard1', 'shard2', 'shard3', 'shard4'] as const;
const ACCOUNTS = Array.from({ length: 50 }, (_, i) => `acct${String(i).padStart(2, '0')}`);
const STACKS = ACCOUNTS.flatMap((a) => KINDS.map((k) => `${a}-${k}`));

type Rc = NonNullable<PlanJson['resource_changes']>[number];
const recorded: Record<string, PlanJson> = Object.fromEntries(KINDS.map((k) => [k, JSON.parse(readFileSync(join(FIXTURES, `${k}.json`), 'utf8'))]));

/** The recorded plan of `stack`'s kind with each resource change rewritten by `edit` (null drops it). */
function plan(stack: string, edit: (rc: Rc) => Rc | null): PlanJson {
  const kind = stack.replace(/^acct\d+-/, '');
  return { ...recorded[kind], resource_changes: recorded[kind].resource_changes!.map(edit).filter((x): x is Rc => x !== null) };
}
const as =
  (actions: string[], extra: Record<string, unknown> = {}) =>
  (rc: Rc): Rc => ({ ...rc, change: { ...rc.change, actions, ...extra } });

/** A preferences change reviewed in a pull request: every Session document updates, a few stacks differ. */
function preferencesChange(): StackResult[] {
  return STACKS.map((stack) => {
    if (stack === 'acct17-shard2') return failedResult(stack, 'Error: operation error STS: AssumeRole, AccessDenied: not authorized to perform sts:AssumeRole');
    return summarizePlan(
      stack,
      plan(stack, (rc) => {
        if (rc.type === 'aws_ssm_document') return as(['update'])(rc);
        // One account's log groups must be replaced, another adopts its existing preferences document.
        if (stack === 'acct03-shard1' && rc.type === 'aws_cloudwatch_log_group') return as(['delete', 'create'])(rc);
        if (stack === 'acct41-global' && rc.type === 'aws_iam_policy') return as(['update'])(rc);
        return as(['no-op'])(rc);
      }),
    );
  });
}

function blocksOf(body: string): string[] {
  return body
    .split('<details')
    .slice(1)
    .map((b) => b.slice(0, b.indexOf('</details>')));
}

describe('plan summary comment', () => {
  it('summarizes a preferences change of 50 × 17 (300 stacks) within the comment limit, naming every changed address', () => {
    const results = preferencesChange();
    const body = renderSummary(results, {
      mode: 'plan',
      expected: STACKS,
      limit: GITHUB_COMMENT_LIMIT,
      marker: COMMENT_MARKER,
      artifacts: 'plan-batch-*',
      runUrl: 'https://github.com/o/r/actions/runs/1',
    });
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(body.startsWith(`${COMMENT_MARKER}\n### cdktf plan: 300 stacks`)).toBe(true);
    expect(body).toContain('**250 with changes**, 49 without, **1 failed**.');
    // Every stack with changes: a block that names the stack and lists every changed address with its action.
    const blocks = blocksOf(body);
    for (const r of results.filter((x) => x.changes.length > 0)) {
      const block = blocks.find((b) => b.includes(`\`${r.stack}\``) || b.includes(`<b>${r.stack}</b>`));
      expect(block).toBeDefined();
      for (const c of r.changes) expect(block).toContain(`${c.action === 'replace' ? '-/+' : '~'} ${c.address}\n`);
    }
    // The replacement and the failure are shown, the failure first and open.
    expect(body).toContain('-/+ aws_cloudwatch_log_group.');
    expect(body.indexOf('acct17-shard2')).toBeLessThan(body.indexOf('with identical changes'));
    expect(body).toContain('<details open><summary>:x: <b>acct17-shard2</b>: plan failed</summary>');
    expect(body).toContain('AssumeRole, AccessDenied');
    // The stacks without changes are collapsed into one block that names them all.
    const unchanged = blocks.find((b) => b.includes('49 stacks without changes'));
    for (const a of ACCOUNTS.filter((x) => x !== 'acct41')) expect(unchanged).toContain(`\`${a}-global\``);
    // Well formed: every block closed, code fences paired, the artifact link last.
    expect(body.split('<details').length).toBe(body.split('</details>').length);
    expect((body.match(/^```/gm) ?? []).length % 2).toBe(0);
    expect(body.trimEnd().endsWith('of [this run](https://github.com/o/r/actions/runs/1).')).toBe(true);
    // Totals: 17 Regions × 2 documents × 50 accounts updated, minus the failed stack's 4 Regions; 3 IAM policies... of acct41.
    const updates = results.reduce((t, r) => t + r.counts.change, 0);
    expect(body).toContain(`| planned | 0 | ${results.reduce((t, r) => t + r.counts.add, 0)} | ${updates} |`);
  });

  it('fits a first deployment of 300 distinct stacks (about 14,000 additions) without cutting a block', () => {
    // Make every account's addresses distinct, so nothing can be grouped.
    const results = STACKS.map((stack) =>
      summarizePlan(
        stack,
        plan(stack, (rc) => ({ ...rc, address: `${rc.address}_${stack.slice(0, 6)}` })),
      ),
    );
    const additions = results.reduce((t, r) => t + r.counts.add, 0);
    expect(additions).toBeGreaterThan(10000);
    const body = renderSummary(results, { mode: 'plan', expected: STACKS, limit: GITHUB_COMMENT_LIMIT, marker: COMMENT_MARKER, artifacts: 'plan-batch-*' });
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    // Every stack is still named with its counts; the addresses that did not fit point to the artifact.
    for (const r of results) expect(body).toContain(`<b>${r.stack}</b>: ${r.counts.add} to add, 0 to change, 0 to destroy`);
    expect(body).toMatch(/changed addresses: see the plan artifact/);
    expect(body.split('<details').length).toBe(body.split('</details>').length);
    expect((body.match(/^```/gm) ?? []).length % 2).toBe(0);
    // The full rendering (the artifact and job summary) holds every address.
    const full = renderSummary(results, { mode: 'plan', expected: STACKS, limit: Number.MAX_SAFE_INTEGER });
    const lines = new Set(full.split('\n'));
    const missing = results.flatMap((r) => r.changes.map((c) => `+ ${c.address}`)).filter((line) => !lines.has(line));
    expect(missing).toEqual([]);
  });

  it('lists stacks without a result (a cancelled job) and says how to resume', () => {
    const results = preferencesChange().filter((r) => !r.stack.startsWith('acct49'));
    const body = renderSummary(results, { mode: 'apply', expected: STACKS, limit: GITHUB_COMMENT_LIMIT });
    expect(body).toContain('### cdktf deploy: 300 stacks');
    expect(body).toContain('**6 without result**');
    expect(body).toContain('re-run the failed jobs');
    expect(body).toContain('`acct49-shard4`');
  });

  it('keeps whole compact blocks and says how many were left out when even those do not fit', () => {
    const results = STACKS.map((s) => failedResult(s, 'Error: throttled'));
    const body = renderSummary(results, { mode: 'plan', expected: STACKS, limit: 8000 });
    expect(body.length).toBeLessThanOrEqual(8000);
    expect(body).toMatch(/:warning: \d+ more blocks left out to stay within 8000 characters/);
    expect(body).toContain('- :x: `acct00-global`: plan failed');
  });

  it('groups stacks only when their changes are identical, and fences code that contains backticks', () => {
    const [a, b, c] = ['x', 'y', 'z'].map((s, i) =>
      summarizePlan(s, { resource_changes: [{ address: i === 2 ? 'r.other' : 'r.same', mode: 'managed', change: { actions: ['update'] } }] }),
    );
    expect(groupIdentical([a, b, c]).map((g) => g.map((r) => r.stack))).toEqual([['x', 'y'], ['z']]);
    expect(codeBlock('a ``` b')).toBe('````\na ``` b\n````');
  });
});
