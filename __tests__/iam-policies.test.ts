/** The pure access policy builders: statements, scoping, switches and the size split. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isWildcardOnlyAction } from '@cloud-copilot/iam-simulate';
import { DEFAULT_COMMERCIAL_REGIONS, KNOWN_REGIONS } from '../src/model/regions';
import type { AccountModel, Model } from '../src/model/model';
import { LOGS_KEY_ALIAS } from '../src/model/resource-names';
import { fitRegions, keyGrant, MANAGED_POLICY_MAX_CHARS, policySize } from '../src/policies/iam-common';
import { ec2TrustPolicy, instanceAccessPolicy, instancePolicyParts, managedInstanceCoreArn } from '../src/policies/iam-instance';
import { userAccessPolicy, userPolicyParts } from '../src/policies/iam-user';
import type { PolicyDocument, Statement } from '../src/policies/types';
import { isUnscopable, UNSCOPABLE_ACTIONS, type UnscopableAction } from '../src/model/unscopable-actions';
import { unscopableStatement } from '../src/policies/unscopable';
import { minimalModel, ROOT } from './helpers';

const KEY_EU = 'arn:aws:kms:eu-west-1:111111111111:key/0b2b1f6e-1111-4c2b-9a6e-2a3b4c5d6e7f';

const list = (v: string | readonly string[] | undefined): string[] => (v === undefined ? [] : typeof v === 'string' ? [v] : [...v]);
const bySid = (doc: PolicyDocument, sid: string): Statement => {
  const found = doc.Statement.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid} in ${doc.Statement.map((s) => s.Sid).join(', ')}`);
  return found;
};
const account = (model: Model): AccountModel => model.accounts[0];
const instanceDoc = (model: Model, bucketKmsKeys: string[] = []) =>
  instanceAccessPolicy({ accountId: account(model).id, regions: account(model).regions, bucketKmsKeys, logsKeyAlias: LOGS_KEY_ALIAS });
const userDoc = (model: Model) => {
  const { ssh, portForwarding, user } = model.access;
  return userAccessPolicy({ accountId: account(model).id, regions: account(model).regions, ssh, portForwarding, ...(user.targetTag ? { targetTag: user.targetTag } : {}) });
};

/** Configurations that between them use every branch of the builders. */
const variants: Record<string, Model> = {
  defaults: minimalModel(),
  everything: minimalModel({
    regions: ['eu-west-1', 'us-east-1'],
    preferences: { s3: { enabled: true } },
    customDocuments: [
      {
        name: 'Ops-Sessions',
        preferences: { cloudWatch: { logGroupName: '/ops/sessions' }, s3: { bucketName: 'central-ops-logs', keyPrefix: 'ops/' }, sessionEncryption: { kmsKeyId: 'alias/ops' } },
      },
    ],
    access: { ssh: 'allow', portForwarding: 'allow', user: { targetTag: { key: 'Team', value: 'ops' } } },
  }),
  existing: minimalModel({
    regions: ['eu-west-1', 'ap-southeast-2'],
    preferences: {
      sessionEncryption: { createKey: false, kmsKeyId: 'alias/sessions', kmsKeyIdByRegion: { 'eu-west-1': KEY_EU } },
      cloudWatch: { createLogGroup: false, logGroupName: '/central/sessions' },
      s3: { enabled: true, createBucket: false, bucketName: 'central-session-logs', keyPrefix: '' },
    },
  }),
  nothingLogged: minimalModel({ preferences: { sessionEncryption: { enabled: false }, cloudWatch: { enabled: false } } }),
  china: minimalModel({ regions: ['cn-north-1', 'cn-northwest-1'] }),
};
const allDocuments = Object.entries(variants).flatMap(([name, model]) => [
  [`${name} instance`, instanceDoc(model, ['alias/bucket-key'])] as const,
  [`${name} user`, userDoc(model)] as const,
]);

describe('every generated policy', () => {
  it.each(allDocuments)('%s: no "*" actions, no service-wide wildcards', (_name, doc) => {
    for (const s of doc.Statement) for (const action of list(s.Action)) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
  });

  it.each(allDocuments)('%s: Resource "*" only for the listed unscopable actions', (_name, doc) => {
    for (const s of doc.Statement) {
      if (list(s.Resource).includes('*')) {
        expect(s.Resource).toBe('*');
        expect(list(s.Action).filter((a) => !isUnscopable(a))).toEqual([]);
      }
      // No statement scopes with a bare service wildcard either.
      for (const r of list(s.Resource)) expect(r === '*' || r.startsWith('arn:')).toBe(true);
    }
  });

  it.each(allDocuments)('%s: ssm:SessionDocumentAccessCheck on every statement that allows StartSession', (_name, doc) => {
    const starts = doc.Statement.filter((s) => s.Effect === 'Allow' && list(s.Action).includes('ssm:StartSession'));
    for (const s of starts) expect(s.Condition?.BoolIfExists).toEqual({ 'ssm:SessionDocumentAccessCheck': 'true' });
  });

  it.each(allDocuments)('%s: unique alphanumeric Sids, fits a managed policy', (_name, doc) => {
    const sids = doc.Statement.map((s) => s.Sid);
    expect(new Set(sids).size).toBe(sids.length);
    for (const sid of sids) expect(sid).toMatch(/^[A-Za-z0-9]+$/);
    expect(policySize(doc)).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARS);
  });
});

describe('unscopable actions', () => {
  it('lists only actions IAM cannot scope (no resource type in the Service Authorization Reference), each with a reason', async () => {
    for (const [action, reason] of Object.entries(UNSCOPABLE_ACTIONS)) {
      const [service, name] = action.split(':');
      expect([action, await isWildcardOnlyAction(service, name)]).toEqual([action, true]);
      expect(reason.length).toBeGreaterThan(20);
    }
  });

  it('are all in the docs/access.md table of unscopable actions', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'access.md'), 'utf8');
    for (const action of Object.keys(UNSCOPABLE_ACTIONS)) expect([action, doc.includes(`| \`${action}\` |`)]).toEqual([action, true]);
  });

  it("docs/access.md names every statement the builders produce, and its tables list each statement's actions", () => {
    const doc = readFileSync(join(ROOT, 'docs', 'access.md'), 'utf8');
    const withDocuments = minimalModel({
      customDocuments: [{ name: 'BreakGlass-Shell', preferences: {} }],
      preferences: { s3: { enabled: true, createBucket: false, bucketName: 'central' } },
    });
    const extra = [instanceDoc(withDocuments, ['alias/k']), userDoc(withDocuments)];
    const statements = [...allDocuments.map(([, d]) => d), ...extra].flatMap((d) => d.Statement);
    for (const st of statements) {
      // `Sid…` in a table stands for the ByAlias variants; ExistingBuckets variants are named in full or as `…ExistingBuckets`.
      const base = st.Sid.replace(/ByAlias\d*$/, '');
      const row = doc
        .split('\n')
        .find(
          (line) =>
            line.startsWith('| `') &&
            (line.includes(`\`${base}\``) ||
              line.includes(`\`${base}…\``) ||
              (base.endsWith('ExistingBuckets') && line.includes(`\`${base.replace(/ExistingBuckets$/, '')}\``) && line.includes('ExistingBuckets'))),
        );
      expect([st.Sid, row !== undefined]).toEqual([st.Sid, true]);
      for (const action of list(st.Action)) {
        const short = action.split(':')[1];
        expect([st.Sid, action, row?.includes(action) || row?.includes(`\`${short}\``)]).toEqual([st.Sid, action, true]);
      }
    }
  });

  it('refuses to put any other action on Resource "*"', () => {
    expect(() => unscopableStatement('X', ['ssm:StartSession' as UnscopableAction])).toThrow(/not listed in UNSCOPABLE_ACTIONS/);
  });

  it('every listed action is used by a policy (the list holds nothing stale)', () => {
    const used = new Set(allDocuments.flatMap(([, doc]) => doc.Statement.filter((s) => s.Resource === '*').flatMap((s) => list(s.Action))));
    expect([...used].sort()).toEqual(Object.keys(UNSCOPABLE_ACTIONS).sort());
  });
});

describe('instance policy', () => {
  const model = variants.everything;
  const doc = instanceDoc(model);

  it('opens the Session Manager channels and registers nodes of the configured Regions only', () => {
    expect(list(bySid(doc, 'SessionManagerChannels').Action)).toEqual([
      'ssmmessages:CreateControlChannel',
      'ssmmessages:CreateDataChannel',
      'ssmmessages:OpenControlChannel',
      'ssmmessages:OpenDataChannel',
    ]);
    expect(bySid(doc, 'RegisterManagedNode')).toMatchObject({
      Action: 'ssm:UpdateInstanceInformation',
      Resource: [
        'arn:aws:ec2:eu-west-1:111111111111:instance/*',
        'arn:aws:ssm:eu-west-1:111111111111:managed-instance/*',
        'arn:aws:ec2:us-east-1:111111111111:instance/*',
        'arn:aws:ssm:us-east-1:111111111111:managed-instance/*',
      ],
    });
  });

  it('writes to the configured log groups (base and custom documents) in every Region, and nowhere else', () => {
    const s = bySid(doc, 'WriteSessionLogs');
    expect(list(s.Action)).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams']);
    const groups = ['/ops/sessions', '/session-manager/sessions'];
    expect(list(s.Resource)).toEqual(
      ['eu-west-1', 'us-east-1'].flatMap((region) =>
        groups.flatMap((g) => [`arn:aws:logs:${region}:111111111111:log-group:${g}`, `arn:aws:logs:${region}:111111111111:log-group:${g}:*`]),
      ),
    );
    expect(bySid(doc, 'FindSessionLogGroup')).toMatchObject({ Action: ['logs:DescribeLogGroups'], Resource: '*' });
  });

  it('uploads only under the key prefix of each bucket, checks their encryption', () => {
    expect(list(bySid(doc, 'UploadSessionLogs').Resource)).toEqual([
      'arn:aws:s3:::ssm-session-logs-111111111111-eu-west-1/session-logs/*',
      'arn:aws:s3:::ssm-session-logs-111111111111-us-east-1/session-logs/*',
    ]);
    expect(list(bySid(doc, 'UploadSessionLogsExistingBuckets').Resource)).toEqual(['arn:aws:s3:::central-ops-logs/ops/*']);
    expect(list(bySid(doc, 'CheckLogBucketEncryption').Resource)).toEqual([
      'arn:aws:s3:::ssm-session-logs-111111111111-eu-west-1',
      'arn:aws:s3:::ssm-session-logs-111111111111-us-east-1',
    ]);
    expect(list(bySid(doc, 'CheckLogBucketEncryptionExistingBuckets').Resource)).toEqual(['arn:aws:s3:::central-ops-logs']);
  });

  it('pins the buckets it creates to the account (s3:ResourceAccount), not the existing ones (central logging accounts)', () => {
    // S3 ARNs carry no account: without the condition a bucket of the computed name in another account would match.
    const own = { StringEquals: { 's3:ResourceAccount': '111111111111' } };
    expect(bySid(doc, 'UploadSessionLogs')).toEqual({
      Sid: 'UploadSessionLogs',
      Effect: 'Allow',
      // amazon-ssm-agent agent/s3util/s3util.go S3Upload: s3manager.Uploader, multipart above 5 MiB, aborts failed uploads.
      Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
      Resource: ['arn:aws:s3:::ssm-session-logs-111111111111-eu-west-1/session-logs/*', 'arn:aws:s3:::ssm-session-logs-111111111111-us-east-1/session-logs/*'],
      Condition: own,
    });
    expect(bySid(doc, 'CheckLogBucketEncryption').Condition).toEqual(own);
    expect(bySid(doc, 'UploadSessionLogsExistingBuckets')).toEqual({
      Sid: 'UploadSessionLogsExistingBuckets',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
      Resource: 'arn:aws:s3:::central-ops-logs/ops/*',
    });
    // S3Upload sends ACL bucket-owner-full-control: s3:PutObjectAcl for existing (possibly cross-account) buckets only, that ACL only.
    expect(bySid(doc, 'GiveBucketOwnerLogsExistingBuckets')).toEqual({
      Sid: 'GiveBucketOwnerLogsExistingBuckets',
      Effect: 'Allow',
      Action: 's3:PutObjectAcl',
      Resource: 'arn:aws:s3:::central-ops-logs/ops/*',
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    });
    expect(doc.Statement.filter((s) => list(s.Action).includes('s3:PutObjectAcl')).map((s) => s.Sid)).toEqual(['GiveBucketOwnerLogsExistingBuckets']);
    expect(bySid(doc, 'CheckLogBucketEncryptionExistingBuckets').Condition).toBeUndefined();
    // Every statement on a created bucket carries the condition; none on an existing bucket does.
    for (const [name, model] of Object.entries(variants)) {
      for (const s of instanceDoc(model).Statement.filter((st) => list(st.Action).some((a) => a.startsWith('s3:')))) {
        const onCreated = list(s.Resource).some((r) => r.startsWith('arn:aws:s3:::ssm-session-logs-'));
        const expected = onCreated ? own : list(s.Action).includes('s3:PutObjectAcl') ? { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } : undefined;
        expect([name, s.Sid, s.Condition]).toEqual([name, s.Sid, expected]);
        if (onCreated) expect(list(s.Resource).every((r) => r.startsWith('arn:aws:s3:::ssm-session-logs-111111111111-'))).toBe(true);
      }
    }
    // Only existing buckets: no statement for created ones.
    const existing = instanceDoc(variants.existing);
    expect(existing.Statement.filter((s) => list(s.Action).some((a) => a.startsWith('s3:'))).map((s) => s.Sid)).toEqual([
      'UploadSessionLogsExistingBuckets',
      'GiveBucketOwnerLogsExistingBuckets',
      'CheckLogBucketEncryptionExistingBuckets',
    ]);
  });

  it('decrypts with the session-data key of every Region, by alias (created keys have random IDs)', () => {
    expect(bySid(doc, 'DecryptSessionDataByAlias')).toEqual({
      Sid: 'DecryptSessionDataByAlias',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: ['arn:aws:kms:eu-west-1:111111111111:key/*', 'arn:aws:kms:us-east-1:111111111111:key/*'],
      // amazon-ssm-agent agent/session/crypto/blockcipher.go UpdateEncryptionKey: direct KMS Decrypt with aws:ssm:SessionId and aws:ssm:TargetId.
      Condition: {
        Null: { 'kms:EncryptionContext:aws:ssm:SessionId': 'false', 'kms:EncryptionContext:aws:ssm:TargetId': 'false' },
        'ForAnyValue:StringEquals': { 'kms:ResourceAliases': ['alias/ops', 'alias/session-manager/data'] },
      },
    });
    // Session Manager calls KMS directly for session data: a kms:ViaService condition would break every encrypted session.
    for (const s of doc.Statement.filter((st) => st.Sid.startsWith('DecryptSessionData'))) expect(JSON.stringify(s.Condition)).not.toContain('kms:ViaService');
  });

  it("uses the log key of created buckets for single and multipart uploads, only through S3 of the key's Region", () => {
    // Multipart upload (s3manager above 5 MiB) to SSE-KMS needs kms:Decrypt as well as kms:GenerateDataKey.
    expect(bySid(doc, 'LogBucketKeysThroughS3ByAlias')).toEqual({
      Sid: 'LogBucketKeysThroughS3ByAlias',
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: ['arn:aws:kms:eu-west-1:111111111111:key/*', 'arn:aws:kms:us-east-1:111111111111:key/*'],
      Condition: {
        StringEquals: { 'kms:ViaService': ['s3.eu-west-1.amazonaws.com', 's3.us-east-1.amazonaws.com'] },
        'ForAnyValue:StringEquals': { 'kms:ResourceAliases': LOGS_KEY_ALIAS },
      },
    });
    const china = instanceDoc(minimalModel({ regions: ['cn-north-1'], preferences: { s3: { enabled: true } } }));
    expect(bySid(china, 'LogBucketKeysThroughS3ByAlias').Condition?.StringEquals).toEqual({ 'kms:ViaService': 's3.cn-north-1.amazonaws.com.cn' });
  });

  it('uses existing keys as configured: key ARNs directly, aliases through kms:ResourceAliases in their Region', () => {
    const existing = instanceDoc(variants.existing, ['alias/bucket-key', 'arn:aws:kms:ap-southeast-2:222222222222:alias/shared-logs']);
    expect(bySid(existing, 'DecryptSessionData')).toMatchObject({ Action: 'kms:Decrypt', Resource: KEY_EU });
    expect(bySid(existing, 'DecryptSessionDataByAlias')).toMatchObject({
      Resource: 'arn:aws:kms:ap-southeast-2:111111111111:key/*',
      Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/sessions' } },
    });
    // An alias ARN names its own account and Region; an alias name applies in every Region.
    const viaS3 = { 'kms:ViaService': ['s3.ap-southeast-2.amazonaws.com', 's3.eu-west-1.amazonaws.com'] };
    expect(existing.Statement.filter((s) => s.Sid.startsWith('LogBucketKeysThroughS3'))).toEqual([
      {
        Sid: 'LogBucketKeysThroughS3ByAlias',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: ['arn:aws:kms:ap-southeast-2:111111111111:key/*', 'arn:aws:kms:eu-west-1:111111111111:key/*'],
        Condition: { StringEquals: viaS3, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/bucket-key' } },
      },
      {
        Sid: 'LogBucketKeysThroughS3ByAlias2',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: 'arn:aws:kms:ap-southeast-2:222222222222:key/*',
        Condition: { StringEquals: viaS3, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/shared-logs' } },
      },
    ]);
    expect(list(bySid(existing, 'UploadSessionLogsExistingBuckets').Resource)).toEqual(['arn:aws:s3:::central-session-logs/*']);
    expect(list(bySid(existing, 'WriteSessionLogs').Resource)).toContain('arn:aws:logs:ap-southeast-2:111111111111:log-group:/central/sessions:*');
  });

  it('turns bare key IDs into key ARNs of each Region', () => {
    expect(keyGrant('mrk-0123456789abcdef0123456789abcdef', 'aws', 'eu-west-1', '111111111111')).toEqual({
      kind: 'key',
      arn: 'arn:aws:kms:eu-west-1:111111111111:key/mrk-0123456789abcdef0123456789abcdef',
    });
  });

  it('leaves out what the preferences do not use', () => {
    const bare = instanceDoc(variants.nothingLogged, ['alias/bucket-key']);
    expect(bare.Statement.map((s) => s.Sid)).toEqual(['SessionManagerChannels', 'RegisterManagedNode']);
    // The default preferences log to CloudWatch only: no S3 and no bucket key.
    expect(instanceDoc(variants.defaults, ['alias/bucket-key']).Statement.map((s) => s.Sid)).toEqual([
      'SessionManagerChannels',
      'RegisterManagedNode',
      'FindSessionLogGroup',
      'WriteSessionLogs',
      'DecryptSessionDataByAlias',
    ]);
  });

  it('uses the partition of the account', () => {
    const china = instanceDoc(variants.china);
    expect(list(bySid(china, 'DecryptSessionDataByAlias').Resource)).toEqual(['arn:aws-cn:kms:cn-north-1:111111111111:key/*', 'arn:aws-cn:kms:cn-northwest-1:111111111111:key/*']);
    expect(ec2TrustPolicy('cn-north-1').Statement[0].Principal).toEqual({ Service: 'ec2.amazonaws.com.cn' });
    expect(managedInstanceCoreArn('us-gov-west-1')).toBe('arn:aws-us-gov:iam::aws:policy/AmazonSSMManagedInstanceCore');
  });

  it('has a trust policy for EC2 without a Resource element', () => {
    expect(ec2TrustPolicy('eu-west-1')).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Ec2AssumesRole', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
  });
});

describe('user policy', () => {
  it('starts sessions on tagged nodes of the configured Regions, with the managed documents', () => {
    const doc = userDoc(variants.everything);
    expect(bySid(doc, 'StartSessionOnTaggedNodes')).toEqual({
      Sid: 'StartSessionOnTaggedNodes',
      Effect: 'Allow',
      Action: ['ssm:StartSession', 'ssm:GetConnectionStatus'],
      Resource: [
        'arn:aws:ec2:eu-west-1:111111111111:instance/*',
        'arn:aws:ssm:eu-west-1:111111111111:managed-instance/*',
        'arn:aws:ec2:us-east-1:111111111111:instance/*',
        'arn:aws:ssm:us-east-1:111111111111:managed-instance/*',
      ],
      Condition: { BoolIfExists: { 'ssm:SessionDocumentAccessCheck': 'true' }, StringEquals: { 'ssm:resourceTag/Team': 'ops' } },
    });
    expect(list(bySid(doc, 'StartSessionWithSessionDocuments').Resource)).toEqual([
      'arn:aws:ssm:eu-west-1:*:document/AWS-StartPortForwardingSession*',
      'arn:aws:ssm:eu-west-1:*:document/AWS-StartSSHSession',
      'arn:aws:ssm:eu-west-1:111111111111:document/Ops-Sessions',
      'arn:aws:ssm:eu-west-1:111111111111:document/SSM-SessionManagerRunShell',
      'arn:aws:ssm:us-east-1:*:document/AWS-StartPortForwardingSession*',
      'arn:aws:ssm:us-east-1:*:document/AWS-StartSSHSession',
      'arn:aws:ssm:us-east-1:111111111111:document/Ops-Sessions',
      'arn:aws:ssm:us-east-1:111111111111:document/SSM-SessionManagerRunShell',
    ]);
  });

  it('without tag scoping, starts sessions on every node of the configured Regions', () => {
    const s = bySid(userDoc(variants.defaults), 'StartSessionOnNodes');
    expect(s.Condition).toEqual({ BoolIfExists: { 'ssm:SessionDocumentAccessCheck': 'true' } });
    expect(s.Resource).toEqual(['arn:aws:ec2:eu-west-1:111111111111:instance/*', 'arn:aws:ssm:eu-west-1:111111111111:managed-instance/*']);
  });

  it('opens the data channel of own sessions only, in every configured Region (AWS quickstart end-user policy)', () => {
    // session-manager-plugin src/datachannel/streaming.go Open -> FinalizeDataChannelHandshake (OpenDataChannel over the websocket).
    expect(bySid(userDoc(variants.everything), 'OpenOwnSessionDataChannels')).toEqual({
      Sid: 'OpenOwnSessionDataChannels',
      Effect: 'Allow',
      Action: 'ssmmessages:OpenDataChannel',
      Resource: [
        'arn:aws:ssm:eu-west-1:111111111111:session/${aws:userid}-*',
        'arn:aws:ssm:eu-west-1:111111111111:session/${aws:username}-*',
        'arn:aws:ssm:us-east-1:111111111111:session/${aws:userid}-*',
        'arn:aws:ssm:us-east-1:111111111111:session/${aws:username}-*',
      ],
    });
    expect(list(bySid(userDoc(variants.china), 'OpenOwnSessionDataChannels').Resource)[0]).toBe('arn:aws-cn:ssm:cn-north-1:111111111111:session/${aws:userid}-*');
  });

  it('grants only the selected documents, and only their session-data keys', () => {
    const model = minimalModel({
      regions: ['eu-west-1'],
      customDocuments: [
        { name: 'Ops-Sessions', preferences: {} },
        { name: 'BreakGlass-Shell', preferences: { maxSessionDuration: 480, sessionEncryption: { kmsKeyId: 'alias/break-glass' } } },
      ],
    });
    const acct = account(model);
    const build = (documents?: string[]) =>
      userAccessPolicy({ accountId: acct.id, regions: acct.regions, ssh: 'deny', portForwarding: 'deny', ...(documents ? { documents } : {}) });
    const docs = (d: PolicyDocument) => list(bySid(d, 'StartSessionWithSessionDocuments').Resource).map((a) => a.split('/')[1]);
    const aliases = (d: PolicyDocument) =>
      d.Statement.filter((st) => st.Sid.startsWith('EncryptSessionData')).flatMap((st) => list(st.Condition?.['ForAnyValue:StringEquals']?.['kms:ResourceAliases']));
    expect(docs(build())).toEqual(['BreakGlass-Shell', 'Ops-Sessions', 'SSM-SessionManagerRunShell']);
    const everyday = build(['SSM-SessionManagerRunShell', 'Ops-Sessions']);
    expect(docs(everyday)).toEqual(['Ops-Sessions', 'SSM-SessionManagerRunShell']);
    expect(aliases(everyday)).toEqual(['alias/session-manager/data']);
    const breakGlass = build(['BreakGlass-Shell']);
    expect(docs(breakGlass)).toEqual(['BreakGlass-Shell']);
    expect(aliases(breakGlass)).toEqual(['alias/break-glass']);
    // A policy for selected documents only neither grants nor denies SSH / port forwarding.
    const neither = userAccessPolicy({ accountId: acct.id, regions: acct.regions, ssh: 'none', portForwarding: 'none', documents: ['BreakGlass-Shell'] });
    expect(neither.Statement.map((st) => st.Sid)).not.toEqual(expect.arrayContaining(['DenySshSessions']));
    expect(docs(neither)).toEqual(['BreakGlass-Shell']);
  });

  it('ends or resumes only sessions the caller started (aws:userid, users and assumed roles alike)', () => {
    expect(bySid(userDoc(variants.everything), 'EndOrResumeOwnSessions')).toEqual({
      Sid: 'EndOrResumeOwnSessions',
      Effect: 'Allow',
      Action: ['ssm:TerminateSession', 'ssm:ResumeSession'],
      Resource: ['arn:aws:ssm:eu-west-1:111111111111:session/*', 'arn:aws:ssm:us-east-1:111111111111:session/*'],
      Condition: { StringEquals: { 'ssm:resourceTag/aws:ssmmessages:session-id': '${aws:userid}' } },
    });
  });

  it('generates data keys with the session-data keys only', () => {
    const doc = userDoc(variants.existing);
    const sessionContext = { 'kms:EncryptionContext:aws:ssm:SessionId': 'false', 'kms:EncryptionContext:aws:ssm:TargetId': 'false' };
    expect(doc.Statement.filter((s) => list(s.Action).some((a) => a.startsWith('kms:')))).toEqual([
      // session-manager-plugin src/datachannel/streaming.go ProcessKMSEncryptionHandshakeAction: direct GenerateDataKey, context SessionId + TargetId.
      { Sid: 'EncryptSessionData', Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: KEY_EU, Condition: { Null: sessionContext } },
      {
        Sid: 'EncryptSessionDataByAlias',
        Effect: 'Allow',
        Action: 'kms:GenerateDataKey',
        Resource: 'arn:aws:kms:ap-southeast-2:111111111111:key/*',
        Condition: { Null: sessionContext, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/sessions' } },
      },
    ]);
    expect(userDoc(variants.nothingLogged).Statement.some((s) => list(s.Action).some((a) => a.startsWith('kms:')))).toBe(false);
  });

  it('ssh and portForwarding deny (the defaults): no grant, explicit Deny in every partition Region', () => {
    const doc = userDoc(variants.defaults);
    const documents = list(bySid(doc, 'StartSessionWithSessionDocuments').Resource);
    expect(documents.some((d) => d.includes('AWS-Start'))).toBe(false);
    expect(bySid(doc, 'DenySshSessions')).toEqual({ Sid: 'DenySshSessions', Effect: 'Deny', Action: 'ssm:StartSession', Resource: 'arn:aws:ssm:*:*:document/AWS-StartSSHSession' });
    expect(bySid(doc, 'DenyPortForwardingSessions')).toEqual({
      Sid: 'DenyPortForwardingSessions',
      Effect: 'Deny',
      Action: 'ssm:StartSession',
      Resource: 'arn:aws:ssm:*:*:document/AWS-StartPortForwardingSession*',
    });
    expect(list(bySid(userDoc(variants.china), 'DenySshSessions').Resource)).toEqual(['arn:aws-cn:ssm:*:*:document/AWS-StartSSHSession']);
  });

  it('ssh and portForwarding allow: granted, no Deny', () => {
    const doc = userDoc(variants.everything);
    expect(doc.Statement.filter((s) => s.Effect === 'Deny')).toEqual([]);
  });

  it('each switch works alone', () => {
    const sshOnly = userDoc(minimalModel({ access: { ssh: 'allow' } }));
    expect(sshOnly.Statement.filter((s) => s.Effect === 'Deny').map((s) => s.Sid)).toEqual(['DenyPortForwardingSessions']);
    expect(list(bySid(sshOnly, 'StartSessionWithSessionDocuments').Resource)).toContain('arn:aws:ssm:eu-west-1:*:document/AWS-StartSSHSession');
    const forwardingOnly = userDoc(minimalModel({ access: { portForwarding: 'allow' } }));
    expect(forwardingOnly.Statement.filter((s) => s.Effect === 'Deny').map((s) => s.Sid)).toEqual(['DenySshSessions']);
  });

  it('keeps policy variables as AWS reads them (Terraform escaping happens in the construct)', () => {
    expect(JSON.stringify(userDoc(variants.defaults))).toContain('"${aws:userid}"');
  });
});

describe('managed policy size', () => {
  const big = (regions: readonly string[]) =>
    account(
      minimalModel({
        regions,
        preferences: { s3: { enabled: true } },
        customDocuments: [{ name: 'Ops-Sessions', preferences: { cloudWatch: { logGroupName: '/ops/sessions' } } }],
        access: { ssh: 'allow', portForwarding: 'allow' },
      }),
    );

  it.each([
    ['the 17 default Regions', DEFAULT_COMMERCIAL_REGIONS],
    ['all 32 commercial Regions', KNOWN_REGIONS.slice(0, 32)],
  ])('%s: split into parts that each fit and together cover every Region once', (_name, regions) => {
    const acct = big(regions);
    for (const parts of [instancePolicyParts(acct, [], LOGS_KEY_ALIAS), userPolicyParts(acct, { ssh: 'allow', portForwarding: 'deny' })]) {
      expect(parts.length).toBeGreaterThan(1);
      for (const part of parts) expect(policySize(part.document)).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARS);
      expect(parts.flatMap((p) => p.regions.map((r) => r.region))).toEqual([...regions]);
      // Region-independent statements (channels, console lists, denies) repeat in every part.
      const sids = parts.map((p) => p.document.Statement.map((s) => s.Sid));
      for (const s of sids) expect(s).toEqual(expect.arrayContaining(sids[0].filter((sid) => /Channels|ListSessions|Deny/.test(sid))));
    }
  });

  it('keeps a small account in one policy', () => {
    expect(instancePolicyParts(big(['eu-west-1', 'us-east-1']), [], LOGS_KEY_ALIAS)).toHaveLength(1);
    expect(userPolicyParts(big(['eu-west-1', 'us-east-1']), { ssh: 'deny', portForwarding: 'deny' })).toHaveLength(1);
  });

  it('uses the fewest parts', () => {
    const build = (regions: readonly number[]) => ({
      Version: '2012-10-17' as const,
      Statement: regions.map((n) => ({ Sid: `S${n}`, Effect: 'Allow' as const, Action: 'a:b', Resource: 'x'.repeat(100) })),
    });
    const parts = fitRegions([1, 2, 3, 4, 5, 6, 7], build, policySize(build([1, 2, 3])));
    expect(parts.map((p) => p.regions)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(() => fitRegions([1], build, 50)).toThrow(/exceeds 50 characters/);
  });
});
