/**
 * The central log archive: the model (which bucket and prefix each member Region logs to), the
 * validation of `logArchive`, the synthesized archive stack (hardening, Object Lock, outputs,
 * independence from member stacks), the members' documents, and compliance of the whole app.
 */
import { checkModel } from '../stacks/compliance';
import { modelFromData } from '../src/config/load';
import type { Model, PreferencesModel } from '../src/model/model';
import { archiveBucketPolicy } from '../src/policies/log-archive';
import { configProblems, minimalConfig, parsed, resourcesIn, stackFor, synthModel, unescapeTerraform } from './helpers';

const ARCHIVE = '999999999999';

/** A log archive with a second bucket Region, two groups and three members (one also in eu-central-1). */
const orgConfig = (archive: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  minimalConfig({
    regions: ['us-east-1', 'eu-west-1'],
    assumeRoleName: 'SessionPrefsDeployer',
    logArchive: { accountId: ARCHIVE, regions: ['eu-west-1'], ...archive },
    customDocuments: [{ name: 'BreakGlass', preferences: { maxSessionDuration: 480, s3: { keyPrefix: 'break-glass' } } }],
    accountGroups: {
      production: { preferences: { idleSessionTimeout: 10 } },
      sandbox: { preferences: { s3: { createBucket: true } } },
    },
    accounts: [
      { id: '111111111111', name: 'prod-a', group: 'production' },
      { id: '222222222222', name: 'prod-b', group: 'production', regions: ['eu-west-1', 'eu-central-1'] },
      { id: '333333333333', name: 'sandbox', group: 'sandbox' },
    ],
    ...extra,
  });

const prefsOf = (model: Model, account: string, region: string): PreferencesModel =>
  model.accounts.find((a) => a.name === account)!.regions.find((r) => r.region === region)!.preferences;

describe('model', () => {
  const model = modelFromData(orgConfig());

  it('resolves the archive with its defaults', () => {
    expect(model.logArchive).toEqual({
      accountId: ARCHIVE,
      name: 'log-archive',
      partition: 'aws',
      assumeRoleArn: `arn:aws:iam::${ARCHIVE}:role/SessionPrefsDeployer`,
      homeRegion: 'us-east-1',
      buckets: [
        { region: 'us-east-1', name: `ssm-session-archive-${ARCHIVE}-us-east-1` },
        { region: 'eu-west-1', name: `ssm-session-archive-${ARCHIVE}-eu-west-1` },
      ],
      keyPrefix: 'session-logs',
      keyAlias: 'alias/session-manager/archive',
      writers: { kind: 'members', accountIds: ['111111111111', '222222222222', '333333333333'] },
      expirationDays: 365,
      noncurrentVersionExpirationDays: 30,
    });
  });

  it('sends each member Region to the archive bucket of its Region, or of the home Region, under its own prefix', () => {
    expect(prefsOf(model, 'prod-a', 'eu-west-1').s3).toMatchObject({
      enabled: true,
      bucket: { mode: 'archive', name: `ssm-session-archive-${ARCHIVE}-eu-west-1`, accountId: ARCHIVE, region: 'eu-west-1' },
      keyPrefix: 'session-logs/111111111111',
      encrypted: true,
    });
    expect(prefsOf(model, 'prod-a', 'us-east-1').s3).toMatchObject({ bucket: { region: 'us-east-1' }, keyPrefix: 'session-logs/111111111111' });
    // eu-central-1 has no archive bucket: the home Region's.
    expect(prefsOf(model, 'prod-b', 'eu-central-1').s3).toMatchObject({ bucket: { name: `ssm-session-archive-${ARCHIVE}-us-east-1` }, keyPrefix: 'session-logs/222222222222' });
  });

  it('puts a custom document’s own key prefix below the member’s archive prefix', () => {
    const doc = model.accounts[0].regions[0].customDocuments[0].preferences;
    expect(doc.s3).toMatchObject({ bucket: { mode: 'archive' }, keyPrefix: 'session-logs/111111111111/break-glass' });
  });

  it('lets a group choose its own bucket instead, and S3 logging be turned off', () => {
    expect(prefsOf(model, 'sandbox', 'eu-west-1').s3).toMatchObject({ bucket: { mode: 'create', namePrefix: 'ssm-session-logs' } });
    // With S3 off everywhere, the sandbox group's createBucket would do nothing (and be refused): the group is left out.
    const off = modelFromData(orgConfig({}, { preferences: { s3: { enabled: false } }, customDocuments: [], accountGroups: { production: {}, sandbox: {} } }));
    expect(prefsOf(off, 'prod-a', 'eu-west-1').s3.enabled).toBe(false);
  });

  it('admits the organization when asked, and requires its ID', () => {
    const org = modelFromData(orgConfig({ writers: 'organization', organizationId: 'o-abcdefghij' }));
    expect(org.logArchive).toMatchObject({ writers: { kind: 'organization' }, organizationId: 'o-abcdefghij' });
    expect(configProblems(orgConfig({ writers: 'organization' }))).toContain(
      'logArchive.organizationId: is required with writers: organization (it names the organization whose accounts may write)',
    );
  });

  it('leaves closed accounts and the archive account itself out of the writers', () => {
    const config = orgConfig();
    (config.accounts as Record<string, unknown>[]).push({ id: ARCHIVE, name: 'log-archive-account' }, { id: '444444444444', name: 'closed', closed: true });
    const writers = modelFromData(config).logArchive!.writers;
    expect(writers.kind === 'members' && writers.accountIds).toEqual(['111111111111', '222222222222', '333333333333']);
  });
});

describe('validation', () => {
  it('reports every logArchive problem at its path', () => {
    const problems = configProblems(
      orgConfig({ accountId: '99', regions: ['us-east-1', 'eu-west-1', 'eu-west-1', 'cn-north-1'], keyPrefix: '/abs', objectLock: { mode: 'STRICT', retentionDays: 0 } }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'logArchive.accountId: must be a 12-digit AWS account ID in quotes',
        expect.stringMatching(/^logArchive\.keyPrefix: /),
        'logArchive.objectLock.mode: must be GOVERNANCE or COMPLIANCE',
        'logArchive.objectLock.retentionDays: must be between 1 and 36500',
      ]),
    );
    const cross = configProblems(orgConfig({ regions: ['us-east-1', 'eu-west-1', 'eu-west-1', 'cn-north-1'] }));
    expect(cross).toEqual(
      expect.arrayContaining([
        'logArchive.regions[0]: is the home Region (us-east-1), which has an archive bucket already',
        'logArchive.regions[2]: lists eu-west-1 twice',
        "logArchive.regions[3]: cn-north-1 is not in the partition of the archive's home Region us-east-1 (aws)",
      ]),
    );
  });

  it('refuses an expiry shorter than the Object Lock retention', () => {
    expect(configProblems(orgConfig({ objectLock: { mode: 'COMPLIANCE', retentionDays: 400 } }))).toEqual([
      'logArchive.objectLock.retentionDays: expiry after 365 days is shorter than the Object Lock retention of 400 days: locked versions cannot expire; set logArchive.expirationDays to at least the retention',
    ]);
    expect(configProblems(orgConfig({ objectLock: { mode: 'COMPLIANCE', retentionDays: 400 }, expirationDays: 400 }))).toEqual([]);
  });

  it('refuses a member list too long for a bucket policy, and points at writers: organization', () => {
    const accounts = Array.from({ length: 450 }, (_, i) => ({ id: String(100000000000 + i), name: `a${i}` }));
    expect(configProblems(orgConfig({}, { accounts }))).toEqual([
      expect.stringMatching(/^logArchive\.writers: lists 450 member accounts, which makes the archive bucket policy \d+ bytes \(S3 allows 20480\): use writers: organization/),
    ]);
    expect(configProblems(orgConfig({ writers: 'organization', organizationId: 'o-abcdefghij' }, { accounts }))).toEqual([]);
  });

  it('refuses a member Region in another partition than the archive', () => {
    const config = orgConfig();
    (config.accounts as Record<string, unknown>[]).push({ id: '555555555555', name: 'china', regions: ['cn-north-1'], homeRegion: 'cn-north-1' });
    expect(configProblems(config)).toEqual([expect.stringMatching(/^accounts\[3\]\.regions: cn-north-1 is not in the partition of the log archive \(aws\)/)]);
  });
});

describe('synthesized stacks', () => {
  const model = modelFromData(orgConfig({ objectLock: { mode: 'GOVERNANCE', retentionDays: 90 } }));
  const stacks = synthModel(model);

  it('adds one archive stack per archive Region, after the members', () => {
    expect([...stacks.keys()].slice(-2)).toEqual(['log-archive-us-east-1', 'log-archive-eu-west-1']);
  });

  it('builds the archive in the archive account only, with a hardened, locked bucket and a protected key', () => {
    const json = stacks.get('log-archive-eu-west-1')!;
    const stack = parsed(json);
    expect(stack.provider.aws).toEqual([
      expect.objectContaining({
        region: 'eu-west-1',
        allowed_account_ids: [ARCHIVE],
        assume_role: [expect.objectContaining({ role_arn: `arn:aws:iam::${ARCHIVE}:role/SessionPrefsDeployer` })],
      }),
    ]);
    const [bucket] = resourcesIn(json, 'aws_s3_bucket');
    expect(bucket).toMatchObject({ bucket: `ssm-session-archive-${ARCHIVE}-eu-west-1`, force_destroy: false, object_lock_enabled: true, lifecycle: { prevent_destroy: true } });
    expect(resourcesIn(json, 'aws_s3_bucket_object_lock_configuration')[0].rule).toEqual({ default_retention: { mode: 'GOVERNANCE', days: 90 } });
    expect(resourcesIn(json, 'aws_s3_bucket_ownership_controls')[0].rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    expect(resourcesIn(json, 'aws_s3_bucket_public_access_block')[0]).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resourcesIn(json, 'aws_s3_bucket_versioning')[0].versioning_configuration).toEqual({ status: 'Enabled' });
    const [key] = resourcesIn(json, 'aws_kms_key');
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(resourcesIn(json, 'aws_kms_alias')[0].name).toBe('alias/session-manager/archive');
    const sse = resourcesIn(json, 'aws_s3_bucket_server_side_encryption_configuration')[0].rule[0];
    expect(sse).toMatchObject({ bucket_key_enabled: true, apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' } });
    expect(Object.keys(JSON.parse(json).output)).toEqual(['archive_bucket_name', 'archive_key_arn']);
    // No SSM resources: the member stack of that account and Region owns the sharing block.
    expect(Object.keys(stack.resource).filter((t) => t.startsWith('aws_ssm_'))).toEqual([]);
  });

  it('writes the bucket policy with the member prefix variable escaped for Terraform', () => {
    const policy = resourcesIn(stacks.get('log-archive-eu-west-1')!, 'aws_s3_bucket_policy')[0].policy as string;
    expect(policy).toContain(`session-logs/$\${aws:PrincipalAccount}/*`);
    expect(unescapeTerraform(policy)).toBe(JSON.stringify(archiveBucketPolicy(model.logArchive!, model.logArchive!.buckets[1])));
  });

  it('keeps stacks independent: members name the archive by computed names, nobody references another stack', () => {
    let checked = 0;
    for (const [name, json] of stacks) {
      const stack = JSON.parse(json);
      expect(`${name}: ${Object.keys(stack.data ?? {}).join(',')}`).toBe(`${name}: `);
      // Every ${...} reference points at a resource of the same stack.
      const references = [...json.matchAll(/(?<!\$)\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\./g)].map((m) => [m[1], m[2]]);
      for (const [type, id] of references) {
        if (type === 'var' || type === 'local') continue;
        expect(`${name}: ${type}.${id} ${stack.resource?.[type]?.[id] !== undefined || stack.data?.[type]?.[id] !== undefined}`).toBe(`${name}: ${type}.${id} true`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
    const document = resourcesIn(stacks.get(stackFor(model, 'prod-b', 'eu-west-1'))!, 'aws_ssm_document').find((d) => d.name === 'SSM-SessionManagerRunShell')!;
    expect(JSON.parse(document.content).inputs).toMatchObject({
      s3BucketName: `ssm-session-archive-${ARCHIVE}-eu-west-1`,
      s3KeyPrefix: 'session-logs/222222222222',
      s3EncryptionEnabled: true,
      idleSessionTimeout: '10',
    });
    // A member logging to the archive creates no bucket of its own.
    expect(resourcesIn(stacks.get(stackFor(model, 'prod-b', 'eu-west-1'))!, 'aws_s3_bucket')).toEqual([]);
    expect(resourcesIn(stacks.get(stackFor(model, 'sandbox', 'eu-west-1'))!, 'aws_s3_bucket')).toHaveLength(1);
  });

  it('passes every compliance rule, archive stacks included', () => {
    const result = checkModel(model);
    expect(result.findings).toEqual([]);
    expect(result.stacks).toEqual(expect.arrayContaining(['log-archive-us-east-1', 'log-archive-eu-west-1']));
    for (const rule of ['SMP-S3-1', 'SMP-S3-2', 'SMP-S3-3', 'SMP-S3-4', 'SMP-S3-5', 'SMP-KMS-1', 'SMP-KMS-2']) {
      expect(`${rule} ${result.evaluated(rule, 'log-archive-eu-west-1') > 0}`).toBe(`${rule} true`);
    }
  });
});
