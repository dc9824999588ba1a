/**
 * Proof of what the access policies allow and deny: the policies exactly as synthesized in each
 * account-wide stack (Terraform escaping undone, as Terraform does) are evaluated by a real IAM
 * policy evaluation engine (@cloud-copilot/iam-simulate) over a matrix of requests, together with
 * the key and bucket policies this project puts on the resources. Each stack is synthesized once.
 */
import { Testing } from 'cdktf';
import { runSimulation, runUnsafeSimulation, type EvaluationResult, type Simulation, type SimulationIdentityPolicy } from '@cloud-copilot/iam-simulate';
import { DEFAULT_COMMERCIAL_REGIONS } from '../src/config/regions';
import type { Model } from '../src/config/model';
import { globalStackName } from '../src/config/stack-plan';
import { bucketArn, createdBucketName, logGroupArn } from '../src/policies/arns';
import { logsKeyPolicy, sessionKeyPolicy } from '../src/policies/kms';
import { tlsOnlyBucketPolicy } from '../src/policies/s3';
import { policy, type PolicyDocument } from '../src/policies/types';
import { AccountGlobalStack } from '../stacks/account-global-stack';
import { minimalModel } from './helpers';

const ACCOUNT = '111111111111';
const OTHER_ACCOUNT = '222222222222';
/** Opt-in Region, in none of the configurations. */
const UNCONFIGURED_REGION = 'af-south-1';
const KEY_ID = '0b2b1f6e-1111-4c2b-9a6e-2a3b4c5d6e7f';
const OTHER_KEY_ID = '9f8e7d6c-2222-4c2b-9a6e-2a3b4c5d6e7f';
const EXISTING_KEY_ARN = `arn:aws:kms:ap-southeast-2:${ACCOUNT}:key/${KEY_ID}`;

/** Who makes a request: principal ARN and aws:userid. */
const PRINCIPALS = {
  user: { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, userid: 'AIDAALICEEXAMPLE00001', username: 'alice' },
  ssoUser: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Ops_0123456789abcdef/alice@example.com`, userid: 'AROAOPSEXAMPLE0000001:alice@example.com' },
  instance: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/SessionManagerInstance/i-0123456789abcdef0`, userid: 'AROAINSTANCEEXAMPLE01:i-0123456789abcdef0' },
} as const;
type Who = keyof typeof PRINCIPALS;

/** The configurations proven: SSH/port forwarding allow and deny, tag scoping on and off, split policies. */
const CONFIGS: Record<
  string,
  { model: Model; regions: string[]; tagScoped: boolean; ssh: 'allow' | 'deny'; bucket: boolean; customDocument?: { name: string; logGroup: string; keyAlias: string; bucket: string; keyPrefix: string } }
> = {
  'ssh allow, tag scoping on, S3 bucket, custom document with an existing central bucket': {
    model: minimalModel({
      regions: ['eu-west-1', 'us-east-1'],
      preferences: { s3: { enabled: true } },
      customDocuments: [
        {
          name: 'Ops-Sessions',
          preferences: { cloudWatch: { logGroupName: '/ops/sessions' }, sessionEncryption: { kmsKeyId: 'alias/ops' }, s3: { bucketName: 'central-ops-logs', keyPrefix: 'ops/' } },
        },
      ],
      access: { ssh: 'allow', portForwarding: 'allow', instance: { createRole: true }, user: { targetTag: { key: 'Team', value: 'ops' } } },
    }),
    regions: ['eu-west-1', 'us-east-1'],
    tagScoped: true,
    ssh: 'allow',
    bucket: true,
    customDocument: { name: 'Ops-Sessions', logGroup: '/ops/sessions', keyAlias: 'alias/ops', bucket: 'central-ops-logs', keyPrefix: 'ops/' },
  },
  'ssh deny (defaults), no tag scoping, existing key in one Region': {
    model: minimalModel({
      regions: ['eu-west-1', 'ap-southeast-2'],
      preferences: { sessionEncryption: { kmsKeyIdByRegion: { 'ap-southeast-2': EXISTING_KEY_ARN } } },
    }),
    regions: ['eu-west-1', 'ap-southeast-2'],
    tagScoped: false,
    ssh: 'deny',
    bucket: false,
  },
  'ssh deny, tag scoping on, 17 Regions (policies split)': {
    model: minimalModel({
      regions: [...DEFAULT_COMMERCIAL_REGIONS],
      preferences: { s3: { enabled: true } },
      access: { user: { targetTag: { key: 'Team', value: 'ops' } } },
    }),
    // The first and last Regions sit in different policy parts.
    regions: [DEFAULT_COMMERCIAL_REGIONS[0], DEFAULT_COMMERCIAL_REGIONS[DEFAULT_COMMERCIAL_REGIONS.length - 1]],
    tagScoped: true,
    ssh: 'deny',
    bucket: true,
  },
};

/** The instance and user policies of a synthesized account-wide stack, as AWS would receive them. */
function synthesizedPolicies(model: Model): { instance: SimulationIdentityPolicy[]; user: SimulationIdentityPolicy[] } {
  const account = model.accounts[0];
  const name = globalStackName(account.name);
  const stack = new AccountGlobalStack(Testing.app(), name, { account, tags: model.tags, backend: model.backend, access: model.access });
  const json = JSON.parse(Testing.synth(stack));
  const policies = Object.values<{ name: string; policy: string }>(json.resource.aws_iam_policy).map((r) => ({
    name: r.name,
    // Terraform turns $${ and %%{ back into ${ and %{ before sending the policy to AWS.
    policy: JSON.parse(r.policy.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{')),
  }));
  return { instance: policies.filter((p) => /InstanceAccess/.test(p.name)), user: policies.filter((p) => /UserAccess/.test(p.name)) };
}

interface Request {
  readonly who: Who;
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string | string[]>;
  /**
   * Account that owns the bucket of an S3 request (default ACCOUNT). S3 ARNs carry no account, so
   * S3 requests get it as the request's resource account and as the s3:ResourceAccount context key.
   */
  readonly bucketOwner?: string;
  /** Key or bucket policy on the resource (KMS requires a key policy that delegates to IAM). */
  readonly resourcePolicy?: PolicyDocument;
  /** Evaluate without input validation: the resource-type table cannot parse ARNs with an empty account (AWS-owned documents). */
  readonly unvalidated?: boolean;
}
type Case = [name: string, request: Request, expected: EvaluationResult];

const sessionArn = (region: string, id: string) => `arn:aws:ssm:${region}:${ACCOUNT}:session/${id}`;
const instanceArn = (region: string, account = ACCOUNT) => `arn:aws:ec2:${region}:${account}:instance/i-0123456789abcdef0`;
const docArn = (region: string, name: string, account = ACCOUNT) => `arn:aws:ssm:${region}:${account}:document/${name}`;
const keyArn = (region: string, id = KEY_ID, account = ACCOUNT) => `arn:aws:kms:${region}:${account}:key/${id}`;
const stream = (region: string, group: string, account = ACCOUNT) => `${logGroupArn(region, account, group)}:log-stream:alice-0a1b2c3d4e5f`;

/** The request matrix of one configuration. */
function matrix(config: (typeof CONFIGS)[string]): Case[] {
  const cases: Case[] = [];
  const add = (name: string, request: Request, expected: EvaluationResult) => cases.push([name, request, expected]);
  const allowIf = (condition: boolean): EvaluationResult => (condition ? 'Allowed' : 'ImplicitlyDenied');
  const sshResult: EvaluationResult = config.ssh === 'allow' ? 'Allowed' : 'ExplicitlyDenied';
  const sessionKey = sessionKeyPolicy('aws', ACCOUNT);

  for (const region of config.regions) {
    const existingKey = region === 'ap-southeast-2' && config.model.accounts[0].regions.some((r) => r.region === region && r.preferences.sessionKey.mode === 'existing');
    // --- People ---
    add(`${region} user starts a session on an instance tagged Team=ops`, { who: 'user', action: 'ssm:StartSession', resource: instanceArn(region), context: { 'ssm:resourceTag/Team': 'ops' } }, 'Allowed');
    // The request says it was not checked against a Session document: no statement may allow it.
    add(`${region} user starts a session on an instance tagged Team=ops without the document access check`, { who: 'user', action: 'ssm:StartSession', resource: instanceArn(region), context: { 'ssm:resourceTag/Team': 'ops', 'ssm:SessionDocumentAccessCheck': 'false' } }, 'ImplicitlyDenied');
    add(`${region} user starts a session with SSM-SessionManagerRunShell without the document access check`, { who: 'user', action: 'ssm:StartSession', resource: docArn(region, 'SSM-SessionManagerRunShell'), context: { 'ssm:SessionDocumentAccessCheck': 'false' } }, 'ImplicitlyDenied');
    add(`${region} user starts a session on an instance tagged Team=dev`, { who: 'user', action: 'ssm:StartSession', resource: instanceArn(region), context: { 'ssm:resourceTag/Team': 'dev' } }, allowIf(!config.tagScoped));
    add(`${region} user starts a session on an untagged instance`, { who: 'user', action: 'ssm:StartSession', resource: instanceArn(region) }, allowIf(!config.tagScoped));
    add(`${region} SSO user starts a session on an instance tagged Team=ops`, { who: 'ssoUser', action: 'ssm:StartSession', resource: instanceArn(region), context: { 'ssm:resourceTag/Team': 'ops' } }, 'Allowed');
    add(`${region} user starts a session on an instance of another account`, { who: 'user', action: 'ssm:StartSession', resource: instanceArn(region, OTHER_ACCOUNT), context: { 'ssm:resourceTag/Team': 'ops' } }, 'ImplicitlyDenied');
    add(`${region} user checks the connection status of a reachable instance`, { who: 'user', action: 'ssm:GetConnectionStatus', resource: instanceArn(region), context: { 'ssm:resourceTag/Team': 'ops' } }, 'Allowed');
    add(`${region} user starts a session with SSM-SessionManagerRunShell`, { who: 'user', action: 'ssm:StartSession', resource: docArn(region, 'SSM-SessionManagerRunShell') }, 'Allowed');
    add(`${region} user starts a session with the preferences document of another account`, { who: 'user', action: 'ssm:StartSession', resource: docArn(region, 'SSM-SessionManagerRunShell', OTHER_ACCOUNT) }, 'ImplicitlyDenied');
    add(`${region} user starts a session with an unmanaged document`, { who: 'user', action: 'ssm:StartSession', resource: docArn(region, 'Unlogged-Shell') }, 'ImplicitlyDenied');
    if (config.customDocument) {
      add(`${region} user starts a session with custom document ${config.customDocument.name}`, { who: 'user', action: 'ssm:StartSession', resource: docArn(region, config.customDocument.name) }, 'Allowed');
    }
    for (const [doc, expected] of [
      ['AWS-StartSSHSession', sshResult],
      ['AWS-StartPortForwardingSession', sshResult],
      ['AWS-StartPortForwardingSessionToRemoteHost', sshResult],
      ['AWS-StartInteractiveCommand', 'ImplicitlyDenied'],
    ] as const) {
      // AWS-owned documents have no account in their ARN; the validated engine needs one, so both forms are checked.
      add(`${region} user starts ${doc} (AWS-owned ARN)`, { who: 'user', action: 'ssm:StartSession', resource: `arn:aws:ssm:${region}::document/${doc}`, unvalidated: true }, expected);
      add(`${region} user starts ${doc}`, { who: 'user', action: 'ssm:StartSession', resource: docArn(region, doc) }, expected);
    }
    for (const who of ['user', 'ssoUser'] as const) {
      const own = { 'ssm:resourceTag/aws:ssmmessages:session-id': PRINCIPALS[who].userid };
      const others = { 'ssm:resourceTag/aws:ssmmessages:session-id': 'AIDABOBEXAMPLE0000001' };
      add(`${region} ${who} terminates their own session`, { who, action: 'ssm:TerminateSession', resource: sessionArn(region, 'alice-0a1b2c3d4e5f'), context: own }, 'Allowed');
      add(`${region} ${who} resumes their own session`, { who, action: 'ssm:ResumeSession', resource: sessionArn(region, 'alice-0a1b2c3d4e5f'), context: own }, 'Allowed');
      add(`${region} ${who} terminates someone else's session`, { who, action: 'ssm:TerminateSession', resource: sessionArn(region, 'bob-9f8e7d6c5b4a'), context: others }, 'ImplicitlyDenied');
      add(`${region} ${who} resumes someone else's session`, { who, action: 'ssm:ResumeSession', resource: sessionArn(region, 'bob-9f8e7d6c5b4a'), context: others }, 'ImplicitlyDenied');
    }
    const userKey = existingKey
      ? { resource: EXISTING_KEY_ARN, context: { 'kms:ResourceAliases': [] as string[] } }
      : { resource: keyArn(region), context: { 'kms:ResourceAliases': ['alias/session-manager/data'] } };
    add(`${region} user generates a data key with the session-data key`, { who: 'user', action: 'kms:GenerateDataKey', ...userKey, resourcePolicy: sessionKey }, 'Allowed');
    add(`${region} user generates a data key with another key`, { who: 'user', action: 'kms:GenerateDataKey', resource: keyArn(region, OTHER_KEY_ID), context: { 'kms:ResourceAliases': ['alias/other'] }, resourcePolicy: sessionKey }, 'ImplicitlyDenied');
    add(`${region} user decrypts with the session-data key`, { who: 'user', action: 'kms:Decrypt', ...userKey, resourcePolicy: sessionKey }, 'ImplicitlyDenied');
    add(`${region} user sends a command to an instance`, { who: 'user', action: 'ssm:SendCommand', resource: instanceArn(region), context: { 'ssm:resourceTag/Team': 'ops' } }, 'ImplicitlyDenied');

    // --- Managed nodes ---
    add(`${region} instance registers with Systems Manager`, { who: 'instance', action: 'ssm:UpdateInstanceInformation', resource: instanceArn(region) }, 'Allowed');
    const group = '/session-manager/sessions';
    add(`${region} instance creates a stream in its log group`, { who: 'instance', action: 'logs:CreateLogStream', resource: stream(region, group) }, 'Allowed');
    add(`${region} instance writes to its log group`, { who: 'instance', action: 'logs:PutLogEvents', resource: stream(region, group) }, 'Allowed');
    add(`${region} instance describes the streams of its log group`, { who: 'instance', action: 'logs:DescribeLogStreams', resource: logGroupArn(region, ACCOUNT, group) }, 'Allowed');
    add(`${region} instance writes to another log group`, { who: 'instance', action: 'logs:PutLogEvents', resource: stream(region, '/aws/lambda/payments') }, 'ImplicitlyDenied');
    add(`${region} instance writes to a log group of the same name in another account`, { who: 'instance', action: 'logs:PutLogEvents', resource: stream(region, group, OTHER_ACCOUNT) }, 'ImplicitlyDenied');
    add(`${region} instance deletes its log group`, { who: 'instance', action: 'logs:DeleteLogGroup', resource: logGroupArn(region, ACCOUNT, group) }, 'ImplicitlyDenied');
    if (config.customDocument) {
      add(`${region} instance writes to the log group of ${config.customDocument.name}`, { who: 'instance', action: 'logs:PutLogEvents', resource: stream(region, config.customDocument.logGroup) }, 'Allowed');
      // An existing bucket may live in a central logging account: no s3:ResourceAccount condition, its bucket policy decides.
      const central = bucketArn('aws', config.customDocument.bucket);
      const centralPolicy = policy({ Sid: 'MemberAccountsWrite', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 's3:PutObject', Resource: `${central}/*` });
      add(`${region} instance uploads a log of ${config.customDocument.name} to its existing bucket in a central account`, { who: 'instance', action: 's3:PutObject', resource: `${central}/${config.customDocument.keyPrefix}alice-0a1b2c3d4e5f.log`, bucketOwner: OTHER_ACCOUNT, context: { 'aws:SecureTransport': 'true' }, resourcePolicy: centralPolicy }, 'Allowed');
      add(`${region} instance decrypts with the key of ${config.customDocument.name}`, { who: 'instance', action: 'kms:Decrypt', resource: keyArn(region, OTHER_KEY_ID), context: { 'kms:ResourceAliases': [config.customDocument.keyAlias] }, resourcePolicy: sessionKey }, 'Allowed');
    }
    add(`${region} instance decrypts with the session-data key`, { who: 'instance', action: 'kms:Decrypt', ...userKey, resourcePolicy: sessionKey }, 'Allowed');
    add(`${region} instance decrypts with another key`, { who: 'instance', action: 'kms:Decrypt', resource: keyArn(region, OTHER_KEY_ID), context: { 'kms:ResourceAliases': ['alias/other'] }, resourcePolicy: sessionKey }, 'ImplicitlyDenied');
    add(`${region} instance decrypts with a key of another account under the same alias`, { who: 'instance', action: 'kms:Decrypt', resource: keyArn(region, KEY_ID, OTHER_ACCOUNT), context: { 'kms:ResourceAliases': ['alias/session-manager/data'] }, resourcePolicy: sessionKeyPolicy('aws', OTHER_ACCOUNT) }, 'ImplicitlyDenied');
    if (config.bucket) {
      const bucket = createdBucketName('ssm-session-logs', ACCOUNT, region);
      const tlsOnly = tlsOnlyBucketPolicy(bucketArn('aws', bucket));
      const logsKey = logsKeyPolicy({ partition: 'aws', accountId: ACCOUNT, region, logGroupArns: [logGroupArn(region, ACCOUNT, group)] });
      // Anyone may create a bucket of the computed name first; such a bucket lures writers with a policy open to all.
      const squatted = policy({ Sid: 'AnyoneWrites', Effect: 'Allow', Principal: '*', Action: ['s3:PutObject', 's3:GetEncryptionConfiguration'], Resource: [bucketArn('aws', bucket), `${bucketArn('aws', bucket)}/*`] });
      add(`${region} instance uploads a session log under the prefix of the created bucket (owned by the account)`, { who: 'instance', action: 's3:PutObject', resource: `${bucketArn('aws', bucket)}/session-logs/alice-0a1b2c3d4e5f.log`, context: { 'aws:SecureTransport': 'true' }, resourcePolicy: tlsOnly }, 'Allowed');
      add(`${region} instance uploads to a bucket of the created bucket's name owned by another account`, { who: 'instance', action: 's3:PutObject', resource: `${bucketArn('aws', bucket)}/session-logs/alice-0a1b2c3d4e5f.log`, bucketOwner: OTHER_ACCOUNT, context: { 'aws:SecureTransport': 'true' }, resourcePolicy: squatted }, 'ImplicitlyDenied');
      add(`${region} instance reads the encryption of a bucket of the created bucket's name owned by another account`, { who: 'instance', action: 's3:GetEncryptionConfiguration', resource: bucketArn('aws', bucket), bucketOwner: OTHER_ACCOUNT, context: { 'aws:SecureTransport': 'true' }, resourcePolicy: squatted }, 'ImplicitlyDenied');
      add(`${region} instance uploads without TLS (bucket policy)`, { who: 'instance', action: 's3:PutObject', resource: `${bucketArn('aws', bucket)}/session-logs/alice-0a1b2c3d4e5f.log`, context: { 'aws:SecureTransport': 'false' }, resourcePolicy: tlsOnly }, 'ExplicitlyDenied');
      add(`${region} instance uploads outside the prefix`, { who: 'instance', action: 's3:PutObject', resource: `${bucketArn('aws', bucket)}/elsewhere/x.log`, context: { 'aws:SecureTransport': 'true' }, resourcePolicy: tlsOnly }, 'ImplicitlyDenied');
      add(`${region} instance uploads to another bucket`, { who: 'instance', action: 's3:PutObject', resource: 'arn:aws:s3:::exfiltration-bucket/session-logs/x.log', context: { 'aws:SecureTransport': 'true' } }, 'ImplicitlyDenied');
      add(`${region} instance reads session logs`, { who: 'instance', action: 's3:GetObject', resource: `${bucketArn('aws', bucket)}/session-logs/alice-0a1b2c3d4e5f.log`, context: { 'aws:SecureTransport': 'true' }, resourcePolicy: tlsOnly }, 'ImplicitlyDenied');
      add(`${region} instance reads the bucket encryption`, { who: 'instance', action: 's3:GetEncryptionConfiguration', resource: bucketArn('aws', bucket), context: { 'aws:SecureTransport': 'true' }, resourcePolicy: tlsOnly }, 'Allowed');
      add(`${region} instance generates a data key with the bucket's log key`, { who: 'instance', action: 'kms:GenerateDataKey', resource: keyArn(region, OTHER_KEY_ID), context: { 'kms:ResourceAliases': ['alias/session-manager/logs'] }, resourcePolicy: logsKey }, 'Allowed');
      add(`${region} instance decrypts with the log key`, { who: 'instance', action: 'kms:Decrypt', resource: keyArn(region, OTHER_KEY_ID), context: { 'kms:ResourceAliases': ['alias/session-manager/logs'] }, resourcePolicy: logsKey }, 'ImplicitlyDenied');
    } else {
      add(`${region} instance uploads to a log bucket when S3 logging is off`, { who: 'instance', action: 's3:PutObject', resource: `${bucketArn('aws', createdBucketName('ssm-session-logs', ACCOUNT, region))}/session-logs/x.log`, context: { 'aws:SecureTransport': 'true' } }, 'ImplicitlyDenied');
    }
    add(`${region} instance starts a session itself`, { who: 'instance', action: 'ssm:StartSession', resource: instanceArn(region), context: { 'ssm:resourceTag/Team': 'ops' } }, 'ImplicitlyDenied');
  }

  // --- Region-independent requests, and a Region that is not configured ---
  add('user lists sessions', { who: 'user', action: 'ssm:DescribeSessions', resource: '*' }, 'Allowed');
  add('user lists instances', { who: 'user', action: 'ec2:DescribeInstances', resource: '*' }, 'Allowed');
  add('user lists managed nodes', { who: 'user', action: 'ssm:DescribeInstanceInformation', resource: '*' }, 'Allowed');
  add('user creates a document', { who: 'user', action: 'ssm:CreateDocument', resource: docArn(config.regions[0], 'Unlogged-Shell') }, 'ImplicitlyDenied');
  add(`${UNCONFIGURED_REGION} user starts a session on a tagged instance`, { who: 'user', action: 'ssm:StartSession', resource: instanceArn(UNCONFIGURED_REGION), context: { 'ssm:resourceTag/Team': 'ops' } }, 'ImplicitlyDenied');
  add(`${UNCONFIGURED_REGION} user starts a session with SSM-SessionManagerRunShell`, { who: 'user', action: 'ssm:StartSession', resource: docArn(UNCONFIGURED_REGION, 'SSM-SessionManagerRunShell') }, 'ImplicitlyDenied');
  add('instance opens the control channel', { who: 'instance', action: 'ssmmessages:CreateControlChannel', resource: '*' }, 'Allowed');
  add('instance opens the data channel', { who: 'instance', action: 'ssmmessages:OpenDataChannel', resource: '*' }, 'Allowed');
  add('instance looks up its log group', { who: 'instance', action: 'logs:DescribeLogGroups', resource: '*' }, 'Allowed');
  add(`${UNCONFIGURED_REGION} instance registers with Systems Manager`, { who: 'instance', action: 'ssm:UpdateInstanceInformation', resource: instanceArn(UNCONFIGURED_REGION) }, 'ImplicitlyDenied');
  add(`${UNCONFIGURED_REGION} instance writes to the log group name`, { who: 'instance', action: 'logs:PutLogEvents', resource: stream(UNCONFIGURED_REGION, '/session-manager/sessions') }, 'ImplicitlyDenied');
  add(`${UNCONFIGURED_REGION} instance decrypts with a key under the session alias`, { who: 'instance', action: 'kms:Decrypt', resource: keyArn(UNCONFIGURED_REGION), context: { 'kms:ResourceAliases': ['alias/session-manager/data'] }, resourcePolicy: sessionKey }, 'ImplicitlyDenied');
  return cases;
}

async function evaluate(request: Request, identityPolicies: SimulationIdentityPolicy[]): Promise<EvaluationResult> {
  const principal = PRINCIPALS[request.who];
  const s3 = request.action.startsWith('s3:');
  const resourceAccount = s3 ? (request.bucketOwner ?? ACCOUNT) : request.resource.split(':')[4] || ACCOUNT;
  const simulation: Simulation = {
    request: {
      principal: principal.arn,
      action: request.action,
      resource: { resource: request.resource, accountId: resourceAccount },
      contextVariables: {
        'aws:userid': principal.userid,
        ...('username' in principal ? { 'aws:username': principal.username } : {}),
        // S3 sets s3:ResourceAccount to the bucket owner on every request.
        ...(s3 ? { 's3:ResourceAccount': resourceAccount } : {}),
        ...(request.context ?? {}),
      },
    },
    identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(request.resourcePolicy ? { resourcePolicy: request.resourcePolicy } : {}),
  };
  if (request.unvalidated) return runUnsafeSimulation(simulation, {});
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') throw new Error(`simulation rejected: ${JSON.stringify(result.errors)}`);
  if (result.resultType === 'single') {
    // A context key the engine does not know for this action would be dropped silently: refuse it.
    expect(result.result.ignoredContextKeys ?? []).toEqual([]);
  }
  return result.overallResult;
}

const totals = { requests: 0, allowed: 0, explicitlyDenied: 0, implicitlyDenied: 0 };

describe.each(Object.entries(CONFIGS))('IAM simulation: %s', (_name, config) => {
  const policies = synthesizedPolicies(config.model);
  const cases = matrix(config);
  for (const [, , expected] of cases) {
    totals.requests++;
    if (expected === 'Allowed') totals.allowed++;
    else if (expected === 'ExplicitlyDenied') totals.explicitlyDenied++;
    else totals.implicitlyDenied++;
  }

  it('finds the synthesized instance and user policies', () => {
    expect(policies.instance.length).toBeGreaterThanOrEqual(1);
    expect(policies.user.length).toBeGreaterThanOrEqual(1);
    // 17 Regions with S3 logging exceed IAM's 6,144 characters: the instance policy comes in parts.
    if (config.model.accounts[0].regions.length > 10) expect(policies.instance.length).toBeGreaterThan(1);
  });

  it.each(cases)('%s', async (_case, request, expected) => {
    const identity = request.who === 'instance' ? policies.instance : policies.user;
    expect(await evaluate(request, identity)).toBe(expected);
  });
});

afterAll(() => {
  console.log(
    `IAM simulation matrix: ${totals.requests} requests over ${Object.keys(CONFIGS).length} configurations ` +
      `(${totals.allowed} allowed, ${totals.explicitlyDenied} explicitly denied, ${totals.implicitlyDenied} implicitly denied)`,
  );
});
