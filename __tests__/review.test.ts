/**
 * The review renderer (src/review) over plan JSON recorded on the emulator: the example applied,
 * then planned with idleSessionTimeout 10 and ssh: allow (fixtures/plans/review/README.md). Other
 * scenarios are derived from those resources the way Terraform writes them (a destroy: `after`
 * null; a forget: actions ["forget"]).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarizePlan, type PlanJson } from '../src/ci/plan-json';
import { GITHUB_COMMENT_LIMIT, renderSummary } from '../src/ci/summary';
import { accountLabels, labelsFromJson, labelsToJson } from '../src/review/accounts';
import { reviewPlan, type PlanResourceChange, type ReviewPlanJson } from '../src/review/plan-review';
import { diffStatements, parsePolicy } from '../src/review/policy-diff';
import { groupReview, renderReview } from '../src/review/render';
import { selectStacks, stackOfPlanFile } from '../src/review/select';
import { diffInputs } from '../src/review/session-inputs';
import { KNOWN_REGIONS } from '../src/model/regions';
import { planStacks } from '../src/model/stack-plan';
import { minimalModel } from './helpers';
import { canonicalJson } from '../src/model/policy-canonical';

const DIR = join(__dirname, 'fixtures', 'plans', 'review');
const ACCOUNT = '111111111111';
type Plan = ReviewPlanJson & Omit<PlanJson, 'resource_changes'> & { resource_changes: PlanResourceChange[] };
const load = (stack: string): Plan => JSON.parse(readFileSync(join(DIR, `${stack}.json`), 'utf8'));
const STACKS = ['sandbox-global', 'sandbox-shard0', 'sandbox-shard3'];

/** The plan of another account: the same change, every mention of the account ID replaced. */
function forAccount(plan: Plan, account: string): Plan {
  return JSON.parse(JSON.stringify(plan).split(ACCOUNT).join(account));
}

/** The plan with one resource's change replaced. */
function withChange(plan: Plan, match: (rc: PlanResourceChange) => boolean, change: (rc: PlanResourceChange) => PlanResourceChange['change']): Plan {
  const hit = plan.resource_changes.filter(match);
  expect(hit.length).toBeGreaterThan(0);
  return { ...plan, resource_changes: plan.resource_changes.map((rc) => (match(rc) ? { ...rc, change: change(rc) } : rc)) };
}

describe('the recorded change (idleSessionTimeout 20 -> 10, ssh deny -> allow)', () => {
  const units = STACKS.flatMap((s) => reviewPlan(s, load(s)));

  it('reads the preferences from the revision input, never only "(known after apply)"', () => {
    const regional = units.filter((u) => u.region !== undefined);
    expect(regional.map((u) => u.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
    for (const u of regional) {
      expect(u.account).toBe(ACCOUNT);
      expect(u.documents.map((d) => d.name).sort()).toEqual(['SSM-SessionManagerRunShell', 'SessionManager-BreakGlass']);
      for (const d of u.documents) {
        expect(d.action).toBe('update');
        expect(d.inputs).toEqual([{ name: 'idleSessionTimeout', before: '"20"', after: '"10"' }]);
      }
      // The revision replacement is how a preferences change works, not a loss.
      expect(u.alerts).toEqual([]);
    }
  });

  it('shows the SSH Deny statement removed from the user policy, with its action and resource', () => {
    const wide = units.find((u) => u.region === undefined)!;
    const policy = wide.policies.find((p) => p.kind === 'IAM policy' && p.name === 'SessionManagerUserAccess')!;
    const removed = policy.statements.find((s) => s.change === 'removed')!;
    expect(removed.sid).toBe('DenySshSessions');
    expect(removed.fields).toEqual([
      { name: 'Effect', before: 'Deny' },
      { name: 'Action', before: 'ssm:StartSession' },
      { name: 'Resource', before: 'arn:aws:ssm:*:*:document/AWS-StartSSHSession' },
    ]);
  });

  it('renders both Regions as one change, and the policy by Sid', () => {
    const text = renderReview(units, { accounts: new Map([[ACCOUNT, { name: 'sandbox' }]]) });
    expect(text).toContain('#### sandbox, 2 Regions\n\nsandbox: us-east-1, eu-west-1');
    expect(text.match(/`idleSessionTimeout`: `"20"` → `"10"`/g)).toHaveLength(2); // two documents, once for both Regions
    expect(text).toContain('**removed** statement `DenySshSessions`: Effect `"Deny"`; Action `"ssm:StartSession"`; Resource `"arn:aws:ssm:*:*:document/AWS-StartSSHSession"`');
    expect(text).not.toContain('known after apply');
    expect(text).not.toMatch(/CAUTION|DESTROY|REPLACE|FORGET/);
  });
});

describe('grouping across accounts', () => {
  it('one section per identical change, named by account group, the account ID read as <account>', () => {
    const accounts = ['210000000001', '210000000002', '210000000003'];
    const units = accounts.flatMap((id) => reviewPlan(`prod-${id}-shard0`, forAccount(load('sandbox-shard0'), id)));
    const labels = new Map(accounts.map((id, i) => [id, { name: `prod-${i + 1}`, group: 'production' }]));
    const groups = groupReview(units, { accounts: labels });
    expect(groups).toHaveLength(1);
    expect(groups[0].title).toBe('production group, 3 account-Regions');
    expect(groups[0].members).toBe('prod-1, prod-2, prod-3: us-east-1');
  });

  it('keeps different changes apart and names stacks when no account names are known', () => {
    const other = withChange(
      load('sandbox-shard0'),
      (rc) => rc.type === 'terraform_data' && rc.name!.startsWith('us-east-1_preferences-document'),
      (rc) => {
        const after = rc.change.after as { input: { content: string } };
        return { ...rc.change, after: { ...after, input: { content: after.input.content.replace('"idleSessionTimeout": "10"', '"idleSessionTimeout": "15"') } } };
      },
    );
    const groups = groupReview([...reviewPlan('a-shard0', load('sandbox-shard0')), ...reviewPlan('b-shard0', forAccount(other, '222222222222'))]);
    expect(groups.map((g) => g.title)).toEqual(['a-shard0, us-east-1', 'b-shard0, us-east-1']);
    expect(groups[1].body).toContain('`idleSessionTimeout`: `"20"` → `"15"`');
  });
});

describe('destroys, replacements and forgets come first, with what they lose', () => {
  const shard = load('sandbox-shard0');
  const isType = (type: string) => (rc: PlanResourceChange) => rc.type === type && rc.name!.startsWith('us-east-1_');

  it('a destroyed bucket and key (retiring a Region) are alerts naming the data', () => {
    let plan = withChange(shard, isType('aws_s3_bucket'), (rc) => ({
      ...rc.change,
      actions: ['delete'],
      before: rc.change.before ?? rc.change.after,
      after: null,
      after_unknown: {},
    }));
    plan = withChange(plan, isType('aws_kms_key'), (rc) => ({ ...rc.change, actions: ['delete'], before: rc.change.before ?? rc.change.after, after: null, after_unknown: {} }));
    const [unit] = reviewPlan('sandbox-shard0', plan);
    expect(unit.alerts.map((a) => [a.action, a.resource])).toEqual([
      ['delete', 'aws_kms_key logs-key'],
      ['delete', 'aws_kms_key session-data-key'],
      ['delete', 'aws_s3_bucket log-bucket'],
    ]);
    expect(unit.alerts[2].name).toBe('ssm-session-logs-111111111111-us-east-1');
    expect(unit.alerts[2].loses).toMatch(/every session log in the bucket/);
    const text = renderReview([unit]);
    expect(text.indexOf('[!CAUTION]')).toBeLessThan(text.indexOf('#### '));
    expect(text).toContain('**DESTROY** aws_s3_bucket log-bucket `ssm-session-logs-111111111111-us-east-1`: loses every session log in the bucket');
  });

  it('a forget says nothing is deleted', () => {
    const plan = withChange(shard, isType('aws_cloudwatch_log_group'), (rc) => ({ ...rc.change, actions: ['forget'], after: null }));
    const [unit] = reviewPlan('sandbox-shard0', plan);
    expect(unit.alerts).toEqual([expect.objectContaining({ action: 'forget', resource: 'aws_cloudwatch_log_group log-group', name: '/session-manager/sessions' })]);
    expect(renderReview([unit])).toContain('**FORGET** aws_cloudwatch_log_group log-group `/session-manager/sessions`: nothing deleted');
  });
});

describe('other attributes', () => {
  it('shows each changed attribute by name, and sensitive values as (sensitive)', () => {
    const shard = load('sandbox-shard0');
    const plan = withChange(
      shard,
      (rc) => rc.type === 'aws_ssm_document' && rc.name === 'us-east-1_preferences-document_051F124E',
      (rc) => ({
        ...rc.change,
        actions: ['update'],
        before: { ...(rc.change.before as object), version_name: 'a', target_type: 'x' },
        after: { ...(rc.change.after as object), version_name: 'b', target_type: 'y' },
        after_sensitive: { target_type: true },
      }),
    );
    const text = renderReview(reviewPlan('s', plan));
    expect(text).toContain('- ~ aws_ssm_document preferences-document\n  - `target_type`: `"x"` → `(sensitive)`\n  - `version_name`: `"a"` → `"b"`');
  });
});

describe('policy statements', () => {
  const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

  it('matches by Sid, reads "a" and ["a"] alike, and lists the fields that changed', () => {
    const before = parsePolicy(policy({ Sid: 'A', Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }, { Sid: 'B', Effect: 'Deny', Action: ['x:Y'], Resource: '*' }))!;
    const after = parsePolicy(
      policy(
        { Sid: 'A', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' } } },
        { Sid: 'C', Effect: 'Allow', Action: 'x:Z', Resource: 'arn:aws:s3:::b/*' },
      ),
    )!;
    expect(diffStatements(before, after)).toEqual([
      {
        change: 'removed',
        sid: 'B',
        fields: [
          { name: 'Effect', before: 'Deny' },
          { name: 'Action', before: ['x:Y'] },
          { name: 'Resource', before: '*' },
        ],
      },
      { change: 'changed', sid: 'A', fields: [{ name: 'Condition', before: undefined, after: { StringEquals: { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' } } }] },
      {
        change: 'added',
        sid: 'C',
        fields: [
          { name: 'Effect', after: 'Allow' },
          { name: 'Action', after: 'x:Z' },
          { name: 'Resource', after: 'arn:aws:s3:::b/*' },
        ],
      },
    ]);
  });

  it('statements without Sid are matched by content', () => {
    const s = { Effect: 'Allow', Action: 'a:B', Resource: '*' };
    expect(diffStatements(parsePolicy(policy(s))!, parsePolicy(policy(s))!)).toEqual([]);
    expect(diffStatements(parsePolicy(policy(s))!, [])).toEqual([{ change: 'removed', sid: '#1', fields: expect.any(Array) }]);
    expect(parsePolicy('not json')).toBeUndefined();
  });
});

describe('session inputs', () => {
  it('flattens nested inputs and top-level fields; a new document lists every preference', () => {
    const a = { schemaVersion: '1.0', description: 'd', inputs: { idleSessionTimeout: '20', shellProfile: { linux: 'bash' } } };
    const b = { schemaVersion: '1.0', description: 'e', inputs: { idleSessionTimeout: '20', shellProfile: { linux: 'zsh' } } };
    expect(diffInputs(a, b)).toEqual([
      { name: 'shellProfile.linux', before: '"bash"', after: '"zsh"' },
      { name: 'description', before: '"d"', after: '"e"' },
    ]);
    expect(diffInputs(undefined, a).map((i) => i.name)).toEqual(['idleSessionTimeout', 'shellProfile.linux', 'schemaVersion', 'description']);
  });

  it('reads the updater invocation input in lambda mode', () => {
    const content = (idle: string) => ({ schemaVersion: '1.0', inputs: { idleSessionTimeout: idle } });
    const input = (idle: string) => JSON.stringify({ documentName: 'SSM-SessionManagerRunShell', content: content(idle) });
    const plan: ReviewPlanJson = {
      resource_changes: [
        {
          address: 'aws_lambda_invocation.eu-west-1_updater_invocation_ABCDEF12',
          mode: 'managed',
          type: 'aws_lambda_invocation',
          name: 'eu-west-1_updater_invocation_ABCDEF12',
          change: { actions: ['update'], before: { input: input('20'), result: '{}' }, after: { input: input('10') }, after_unknown: { result: true } },
        },
      ],
    };
    const [unit] = reviewPlan('lambda-shard3', plan);
    expect(unit.documents).toEqual([{ name: 'SSM-SessionManagerRunShell', action: 'update', inputs: [{ name: 'idleSessionTimeout', before: '"20"', after: '"10"' }] }]);
  });
});

describe('the pull-request comment for 50 accounts x 17 Regions (300 stacks), a change in every stack', () => {
  // Two account groups with different changes; every Region of every account changes.
  const REGIONS = KNOWN_REGIONS.slice(0, 17); // the Regions enabled by default
  const shard = JSON.stringify(load('sandbox-shard0'));
  const regional = (account: string, regions: readonly string[], idle: string): Plan => {
    const one = (region: string) =>
      JSON.parse(
        shard
          .split(ACCOUNT)
          .join(account)
          .split('us-east-1')
          .join(region)
          .replace(/"idleSessionTimeout\\": \\"10\\"/g, `"idleSessionTimeout\\": \\"${idle}\\"`),
      ) as Plan;
    const plans = regions.map(one);
    return { ...plans[0], resource_changes: plans.flatMap((p) => p.resource_changes as PlanResourceChange[]) };
  };
  const accounts = Array.from({ length: 50 }, (_, i) => ({
    id: String(300000000000 + i),
    name: `acct-${String(i).padStart(2, '0')}`,
    group: i < 34 ? 'production' : 'development',
  }));
  const stacks: { name: string; plan: Plan }[] = [];
  for (const a of accounts) {
    stacks.push({ name: `${a.name}-global`, plan: forAccount(load('sandbox-global'), a.id) });
    for (let s = 0; s < 5; s++) {
      stacks.push({ name: `${a.name}-shard${s}`, plan: regional(a.id, REGIONS.slice(s * 4, s * 4 + 4), a.group === 'production' ? '10' : '15') });
    }
  }
  const labels = new Map(accounts.map((a) => [a.id, { name: a.name, group: a.group }]));
  const results = stacks.map((s) => summarizePlan(s.name, s.plan));
  const review = stacks.flatMap((s) => reviewPlan(s.name, s.plan));
  const options = { mode: 'plan', expected: stacks.map((s) => s.name), review, accounts: labels } as const;

  it('fits in one comment with every preference change named, grouped by account group', () => {
    expect(stacks).toHaveLength(300);
    const comment = renderSummary(results, { ...options, limit: GITHUB_COMMENT_LIMIT });
    expect(comment.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(comment).toContain('#### production group, 578 account-Regions');
    expect(comment).toContain('#### development group, 272 account-Regions');
    expect(comment).toContain('#### 50 accounts (account-wide)');
    expect(comment).toContain('`idleSessionTimeout`: `"20"` → `"10"`');
    expect(comment).toContain('`idleSessionTimeout`: `"20"` → `"15"`');
    expect(comment).toContain('**removed** statement `DenySshSessions`');
    expect(comment).not.toContain('left out');
    // Measured 14,248 characters (22% of the limit) on the recorded plans.
    expect(comment.length).toBeLessThan(GITHUB_COMMENT_LIMIT / 2);
  });

  it('the job summary has the full detail: every account-Region named', () => {
    const full = renderSummary(results, { ...options, limit: Number.MAX_SAFE_INTEGER });
    for (const a of accounts) expect(full).toMatch(new RegExp(`\\b${a.name}\\b[^\\n]*: ${REGIONS.slice(0, 4).join(', ')}`));
  });
});

describe('account labels and stack selection', () => {
  it('round-trips labels through JSON', () => {
    const model = minimalModel();
    const labels = accountLabels(model);
    expect(labels.get('111111111111')).toEqual({ name: 'sandbox' });
    expect(labelsFromJson(JSON.parse(JSON.stringify(labelsToJson(labels))))).toEqual(labels);
    expect(labelsFromJson({ x: 1 }).size).toBe(0);
  });

  it('filters by stack, account and Region, and names filters that match nothing', () => {
    const model = minimalModel({ regions: ['us-east-1', 'eu-west-1'] });
    const plans = planStacks(model);
    expect(selectStacks(plans, {}).stacks).toEqual(plans.map((p) => p.name));
    expect(selectStacks(plans, { regions: ['eu-west-1'] }).stacks).toEqual(
      plans.filter((p) => p.kind === 'regions' && p.regions.some((r) => r.region === 'eu-west-1')).map((p) => p.name),
    );
    expect(selectStacks(plans, { accounts: ['111111111111'] }).stacks).toHaveLength(plans.length);
    expect(selectStacks(plans, { accounts: ['nobody'], regions: ['mars-1'] }).unmatched).toEqual(['--account nobody', '--region mars-1']);
    expect(stackOfPlanFile('/x/sandbox-shard0.plan.json')).toBe('sandbox-shard0');
  });
});

describe('the canonical form of a policy (shared with drift)', () => {
  it('canonicalJson reads a policy as IAM does: string lists sorted without repeats, a list of one as its item, keys sorted', () => {
    expect(canonicalJson({ Resource: '*', Action: ['s3:Put', 's3:Get', 's3:Get'], Principal: { AWS: ['arn:b'] } })).toEqual({
      Action: ['s3:Get', 's3:Put'],
      Principal: { AWS: 'arn:b' },
      Resource: '*',
    });
    expect(JSON.stringify(canonicalJson({ b: 1, a: [{ y: 1, x: 2 }] }))).toBe('{"a":{"x":2,"y":1},"b":1}');
    // Lists of objects keep their order (statements are ordered by the caller where order does not matter).
    expect(canonicalJson([{ a: 2 }, { a: 1 }])).toEqual([{ a: 2 }, { a: 1 }]);
  });
});
