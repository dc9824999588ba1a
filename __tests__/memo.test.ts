/**
 * Memoized builders (src/model/memo.ts): the same model objects and arguments give the result built
 * the first time, equal to a fresh build; other objects or arguments (even equal copies) are never
 * answered with another's result.
 */
import { memoizeOn } from '../src/model/memo';
import { planRegion } from '../src/plan/resource-plan';
import { instancePolicyParts } from '../src/policies/iam-instance';
import { userPolicyParts } from '../src/policies/iam-user';
import { exampleModel } from './helpers';

describe('memoizeOn', () => {
  const counted = () => {
    const calls: unknown[][] = [];
    const fn = memoizeOn(
      (a: { n: number }, b: { m: number }, text: string) => {
        calls.push([a, b, text]);
        return { sum: a.n + b.m, text };
      },
      (a, b) => [a, b],
      (_a, _b, text) => text,
    );
    return { fn, calls };
  };

  it('builds once for the same objects and key, and returns that result', () => {
    const { fn, calls } = counted();
    const [a, b] = [{ n: 1 }, { m: 2 }];
    const first = fn(a, b, 'x');
    expect(fn(a, b, 'x')).toBe(first);
    expect(first).toEqual({ sum: 3, text: 'x' });
    expect(calls).toHaveLength(1);
  });

  it('does not conflate other objects, equal copies, or another key', () => {
    const { fn, calls } = counted();
    const [a, b] = [{ n: 1 }, { m: 2 }];
    fn(a, b, 'x');
    expect(fn({ ...a }, b, 'x')).toEqual({ sum: 3, text: 'x' });
    expect(fn(a, { m: 5 }, 'x')).toEqual({ sum: 6, text: 'x' });
    expect(fn(a, b, 'y')).toEqual({ sum: 3, text: 'y' });
    expect(fn({ n: 10 }, b, 'x')).toEqual({ sum: 12, text: 'x' });
    expect(calls).toHaveLength(5);
  });

  it('does not keep a failure: the builder runs (and throws) again', () => {
    let calls = 0;
    const fn = memoizeOn(
      (a: { bad: boolean }) => {
        calls++;
        if (a.bad) throw new Error('refused');
        return 'ok';
      },
      (a) => [a],
    );
    const bad = { bad: true };
    expect(() => fn(bad)).toThrow('refused');
    expect(() => fn(bad)).toThrow('refused');
    expect(calls).toBe(2);
  });
});

describe('memoized builders of the plan and the access policies', () => {
  const model = exampleModel();
  const account = model.accounts[0];
  const [region, other] = account.activeRegions;

  it('planRegion: same account, Region and shard size give the same plan; a different one its own', () => {
    const plan = planRegion(model, account, region);
    expect(planRegion(model, account, region)).toBe(plan);
    expect(planRegion({ shardSize: model.shardSize }, account, region)).toBe(plan);
    // Another Region, another shard size, an account with another name: each its own plan.
    expect(planRegion(model, account, other).region).toBe(other);
    const otherShard = planRegion({ shardSize: model.shardSize + 1 }, account, region);
    expect(otherShard).not.toBe(plan);
    const renamed = { ...account, name: 'renamed' };
    const renamedPlan = planRegion(model, renamed, region);
    expect(JSON.stringify(renamedPlan)).toContain('renamed');
    expect(JSON.stringify(plan)).not.toContain('renamed');
  });

  it('policy parts: same account and arguments give the same parts, equal to a build for an equal copy; other arguments differ', () => {
    const keys = ['arn:aws:kms:us-east-1:111111111111:key/abc'];
    const parts = instancePolicyParts(account, keys, 'alias/logs');
    expect(instancePolicyParts(account, keys, 'alias/logs')).toBe(parts);
    expect(instancePolicyParts({ ...account }, [...keys], 'alias/logs')).toEqual(parts);
    expect(JSON.stringify(instancePolicyParts(account, keys, 'alias/other'))).toContain('alias/other');
    expect(JSON.stringify(instancePolicyParts(account, [], 'alias/logs'))).not.toContain('key/abc');

    const allow = userPolicyParts(account, { ssh: 'allow', portForwarding: 'allow' });
    expect(userPolicyParts(account, { ssh: 'allow', portForwarding: 'allow' })).toBe(allow);
    const deny = userPolicyParts(account, { ssh: 'deny', portForwarding: 'allow' });
    expect(deny).not.toEqual(allow);
    expect(userPolicyParts(account, { ssh: 'allow', portForwarding: 'allow', documents: ['Other'] })).not.toEqual(allow);
  });
});
