/**
 * Synth and offline `terraform plan` of an organization layout: a central log archive (two archive
 * Regions, Object Lock), two account groups and three member accounts. Every stack plans alone,
 * the archive stacks first, and Terraform's planned values are what AWS will receive.
 */
import { modelFromData } from '../../src/config/load';
import { planOffline, type OfflinePlan } from '../../src/terraform/offline';
import { minimalConfig, parsed, synthModel } from '../helpers';
import { describeTerraform, resourceChanges } from '../terraform';

const ARCHIVE = '999999999999';

const changes = resourceChanges;

/** The configuration of docs/organization.md, "organization layout". */
export const ORGANIZATION_CONFIG = minimalConfig({
  regions: ['us-east-1', 'eu-west-1'],
  assumeRoleName: 'SessionPrefsDeployer',
  logArchive: { accountId: ARCHIVE, regions: ['eu-west-1'], organizationId: 'o-abcdefghij', objectLock: { mode: 'GOVERNANCE', retentionDays: 90 } },
  preferences: { runAs: { enabled: true, defaultUser: 'ssm-user' } },
  customDocuments: [{ name: 'SessionManager-BreakGlass', preferences: { maxSessionDuration: 480, s3: { keyPrefix: 'break-glass' } } }],
  accountGroups: {
    production: { preferences: { idleSessionTimeout: 10 }, access: { user: { targetTag: { key: 'Env', value: 'prod' } } } },
    sandbox: { preferences: { idleSessionTimeout: 20, runAs: { enabled: false } }, access: { ssh: 'allow' } },
  },
  accounts: [
    { id: '111111111111', name: 'prod-a', group: 'production' },
    { id: '222222222222', name: 'prod-b', group: 'production', regions: ['eu-west-1', 'eu-central-1'] },
    { id: '333333333333', name: 'sandbox', group: 'sandbox' },
  ],
});

describeTerraform('terraform plan of an organization with a log archive and account groups', () => {
  const stacks = synthModel(modelFromData(ORGANIZATION_CONFIG));
  const plans = new Map<string, OfflinePlan>();
  beforeAll(() => {
    // The archive first: it must plan with no member stack around.
    const names = [...stacks.keys()].sort((a, b) => Number(b.startsWith('log-archive-')) - Number(a.startsWith('log-archive-')));
    // No separate terraform validate: the plan validates too.
    for (const name of names) plans.set(name, planOffline(parsed(stacks.get(name)!), name, { validate: false }));
  });

  it('synthesizes and plans every stack, each alone, creations only', () => {
    expect([...stacks.keys()].sort()).toEqual(
      [
        'log-archive-eu-west-1',
        'log-archive-us-east-1',
        'prod-a-global',
        'prod-a-shard0',
        'prod-a-shard3',
        'prod-b-global',
        'prod-b-shard2',
        'prod-b-shard3',
        'sandbox-global',
        'sandbox-shard0',
        'sandbox-shard3',
      ].sort(),
    );
    for (const [name, plan] of plans) {
      const synthesized = Object.values(parsed(stacks.get(name)!).resource ?? {}).reduce((n, byId) => n + Object.keys(byId).length, 0);
      expect(`${name}: ${changes(plan).length}`).toBe(`${name}: ${synthesized}`);
      expect(changes(plan).every((c) => c.change.actions.join() === 'create')).toBe(true);
      console.log(`${name}: ${synthesized} resources, plan ${plan.plan.seconds.toFixed(1)} s`);
    }
  });

  it('plans the archive bucket with Object Lock and a policy that reaches AWS with the ${aws:PrincipalAccount} variable', () => {
    const archive = changes(plans.get('log-archive-eu-west-1')!);
    const bucket = archive.find((c) => c.type === 'aws_s3_bucket')!;
    expect(bucket.change.after).toMatchObject({ bucket: `ssm-session-archive-${ARCHIVE}-eu-west-1`, object_lock_enabled: true, force_destroy: false });
    const policy = JSON.parse(String(archive.find((c) => c.type === 'aws_s3_bucket_policy')!.change.after.policy));
    const write = policy.Statement.find((s: { Sid: string }) => s.Sid === 'MembersWriteUnderTheirOwnPrefix');
    expect(write.Resource).toBe(`arn:aws:s3:::ssm-session-archive-${ARCHIVE}-eu-west-1/session-logs/\${aws:PrincipalAccount}/*`);
    expect(write.Condition.StringEquals).toEqual({ 'aws:PrincipalAccount': ['111111111111', '222222222222', '333333333333'], 'aws:PrincipalOrgID': 'o-abcdefghij' });
    const lock = archive.find((c) => c.type === 'aws_s3_bucket_object_lock_configuration')!;
    expect(lock.change.after.rule).toEqual([{ default_retention: [{ days: 90, mode: 'GOVERNANCE', years: null }] }]);
  });

  it('plans member documents that log to the archive under their own prefix, and instance policies that allow it', () => {
    const planned = changes(plans.get('prod-b-shard2')!).filter((c) => c.type === 'aws_ssm_document');
    expect(planned.map((d) => d.change.after.name).sort()).toEqual(['SSM-SessionManagerRunShell', 'SessionManager-BreakGlass']);
    // The content holds the created session key's ID, known only at apply: read it as synthesized.
    const documents = Object.values(parsed(stacks.get('prod-b-shard2')!).resource.aws_ssm_document);
    const inputs = documents.map((d) => [d.name, JSON.parse(String(d.content)).inputs]).sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)); // by name (code-point order), as listed below
    expect(inputs).toEqual([
      [
        'SSM-SessionManagerRunShell',
        expect.objectContaining({ s3BucketName: `ssm-session-archive-${ARCHIVE}-us-east-1`, s3KeyPrefix: 'session-logs/222222222222', idleSessionTimeout: '10' }),
      ],
      ['SessionManager-BreakGlass', expect.objectContaining({ s3BucketName: `ssm-session-archive-${ARCHIVE}-us-east-1`, s3KeyPrefix: 'session-logs/222222222222/break-glass' })],
    ]);
    const policies = changes(plans.get('prod-b-global')!).filter((c) => c.type === 'aws_iam_policy' && /InstanceAccess/.test(String(c.change.after.name)));
    const statements = policies.flatMap((p) => JSON.parse(String(p.change.after.policy)).Statement as { Sid: string; Resource: string | string[] }[]);
    expect(statements.find((s) => s.Sid === 'UploadSessionLogsToArchive')!.Resource).toEqual([
      `arn:aws:s3:::ssm-session-archive-${ARCHIVE}-eu-west-1/session-logs/222222222222/*`,
      `arn:aws:s3:::ssm-session-archive-${ARCHIVE}-us-east-1/session-logs/222222222222/*`,
    ]);
  });
});
