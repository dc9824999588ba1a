/** Reading `terraform show -json` plans into per-stack counts and changed addresses. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { changeAction, failedResult, formatCounts, stripAnsi, summarizePlan, type PlanJson } from '../src/ci/plan-json';

const FIXTURES = join(__dirname, 'fixtures', 'plans');
const recorded = (name: string): PlanJson => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));

const rc = (address: string, actions: string[], extra: Record<string, unknown> = {}) => ({ address, mode: 'managed', change: { actions, ...extra } });

describe('plan JSON', () => {
  it('counts a recorded plan of a 4-Region stack like Terraform: every resource to add, addresses sorted', () => {
    const plan = recorded('shard0');
    const result = summarizePlan('acct00-shard0', plan);
    expect(result.counts).toEqual({ import: 0, add: plan.resource_changes!.length, change: 0, destroy: 0, forget: 0 });
    expect(result.changes.every((c) => c.action === 'create')).toBe(true);
    const addresses = result.changes.map((c) => c.address);
    expect(addresses).toEqual([...addresses].sort());
    expect(addresses).toContain(plan.resource_changes![0].address);
    expect(formatCounts(result.counts)).toBe(`${addresses.length} to add, 0 to change, 0 to destroy`);
  });

  it('counts replace as add and destroy, import with update as import and change, and forget', () => {
    const result = summarizePlan('s', {
      resource_changes: [
        rc('aws_kms_key.a', ['no-op']),
        rc('aws_kms_key.b', ['update']),
        rc('aws_s3_bucket.c', ['delete', 'create']),
        rc('aws_s3_bucket.d', ['create', 'delete']),
        rc('aws_ssm_document.e', ['no-op'], { importing: { id: 'SSM-SessionManagerRunShell' } }),
        rc('aws_ssm_document.f', ['update'], { importing: { id: 'SSM-SessionManagerRunShell' } }),
        rc('aws_cloudwatch_log_group.g', ['forget']),
        rc('aws_iam_policy.h', ['delete']),
        rc('aws_iam_policy.i', ['create']),
        { address: 'data.aws_caller_identity.j', mode: 'data', change: { actions: ['read'] } },
      ],
    });
    expect(result.counts).toEqual({ import: 2, add: 3, change: 2, destroy: 3, forget: 1 });
    expect(formatCounts(result.counts)).toBe('2 to import, 3 to add, 2 to change, 3 to destroy, 1 to forget');
    expect(result.changes.map((c) => [c.address, c.action, c.importing])).toEqual([
      ['aws_cloudwatch_log_group.g', 'forget', false],
      ['aws_iam_policy.h', 'delete', false],
      ['aws_iam_policy.i', 'create', false],
      ['aws_kms_key.b', 'update', false],
      ['aws_s3_bucket.c', 'replace', false],
      ['aws_s3_bucket.d', 'replace', false],
      ['aws_ssm_document.e', 'import', true],
      ['aws_ssm_document.f', 'update', true],
    ]);
  });

  it('reports a plan without changes as such, and refuses an action it does not know', () => {
    expect(summarizePlan('s', { resource_changes: [rc('a.b', ['no-op'])] }).changes).toEqual([]);
    expect(summarizePlan('s', {}).counts).toEqual({ import: 0, add: 0, change: 0, destroy: 0, forget: 0 });
    expect(changeAction(['read'], false)).toBeUndefined();
    expect(() => changeAction(['teleport'], false)).toThrow(/unknown plan action/);
  });

  it('keeps the tail of a failure without escape codes or spinner frames', () => {
    const output = ['x'.repeat(5), ...Array.from({ length: 40 }, (_, i) => `line ${i}`), '\x1b[31mError:\x1b[0m AccessDenied', '⠋ Planning\r⠙ Planning\rdone'].join('\n');
    const failed = failedResult('s', output);
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('Error: AccessDenied');
    // eslint-disable-next-line no-control-regex -- the terminal's escape character is what must be gone
    expect(failed.error).not.toMatch(/\x1b|\r|line 0\n/);
    expect(failed.error!.split('\n')).toHaveLength(30);
    expect(stripAnsi('\x1b[2K\x1b[1A\x1b[Gok')).toBe('ok');
  });
});
