/**
 * Every compliance rule on hand-built stacks: at least one compliant and one non-compliant case per
 * rule, asserting the rule id and the construct path of each finding. One app, one stack per case,
 * checked once for the whole file.
 */
import { Testing, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsKeyPolicy } from '@cdktf/provider-aws/lib/kms-key-policy';
import { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SsmDocument } from '@cdktf/provider-aws/lib/ssm-document';
import { SsmServiceSetting } from '@cdktf/provider-aws/lib/ssm-service-setting';
import { applyCompliance } from '../src/compliance/attach';
import type { ComplianceResult } from '../src/compliance/aspect';
import { RULES } from '../src/compliance/rules';
import { ServiceSetting } from '../src/constructs/service-setting';
import { PUBLIC_SHARING_SETTING, serviceSettingArn } from '../src/model/service-settings';
import { SessionLogBucket } from '../src/constructs/session-log-bucket';

type Build = (stack: TerraformStack, provider: AwsProvider) => void;

/** A case: the rule, what to build, and the construct paths (under the stack) expected to fail. */
interface Case {
  readonly rule: string;
  readonly name: string;
  readonly build: Build;
  /** Paths relative to the stack; [] means compliant. */
  readonly failing: readonly string[];
  /** A fragment one of the findings' messages contains. */
  readonly message?: string;
  readonly severity?: 'error' | 'warning';
  /** false: the rule must not even look at anything in the stack. */
  readonly applies?: false;
}

const COMPLIANT_INPUTS = {
  s3BucketName: 'central-session-logs',
  s3KeyPrefix: 'sessions',
  s3EncryptionEnabled: true,
  cloudWatchLogGroupName: '/session-manager/sessions',
  cloudWatchEncryptionEnabled: true,
  cloudWatchStreamingEnabled: true,
  idleSessionTimeout: '20',
  maxSessionDuration: '60',
  kmsKeyId: 'alias/session-manager/data',
  runAsEnabled: false,
  runAsDefaultUser: '',
};

function sessionDocument(scope: Construct, provider: AwsProvider, inputs: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}): SsmDocument {
  return new SsmDocument(scope, 'doc', {
    provider,
    name: 'SSM-SessionManagerRunShell',
    documentType: 'Session',
    documentFormat: 'JSON',
    content: JSON.stringify({ schemaVersion: '1.0', description: 'test', sessionType: 'Standard_Stream', ...(inputs ? { inputs } : {}), ...extra }),
  });
}

const withInputs =
  (overrides: Record<string, unknown>, drop: string[] = []): Build =>
  (stack, provider) => {
    const inputs: Record<string, unknown> = { ...COMPLIANT_INPUTS, ...overrides };
    for (const key of drop) delete inputs[key];
    sessionDocument(stack, provider, inputs);
  };

/** A Session document of another session type (Port, command documents), content as given. */
const typedDocument =
  (content: Record<string, unknown>): Build =>
  (stack, provider) => {
    new SsmDocument(stack, 'doc', {
      provider,
      name: 'Typed',
      documentType: 'Session',
      documentFormat: 'JSON',
      content: JSON.stringify({ schemaVersion: '1.0', description: 'test', ...content }),
    });
  };
const portDocument = (properties: Record<string, unknown>, parameters: Record<string, unknown> = {}) =>
  typedDocument({ sessionType: 'Port', parameters, properties: { type: 'LocalPortForwarding', ...properties } });
const commandDocument = (commands: Record<string, string>, type = 'NonInteractiveCommands') =>
  typedDocument({
    sessionType: type,
    inputs: COMPLIANT_INPUTS,
    parameters: { service: { type: 'String', allowedValues: ['app'] } },
    properties: Object.fromEntries(Object.entries(commands).map(([platform, c]) => [platform, { commands: c, runAsElevated: false }])),
  });

const policy = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const ROOT_ADMIN = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' };

/** A bucket with only the companions listed (all compliant unless replaced). */
function bucket(
  stack: TerraformStack,
  provider: AwsProvider,
  parts: { pab?: Record<string, boolean> | false; sse?: Record<string, unknown> | false; policy?: string | false; versioning?: string | false; ownership?: string | false },
): S3Bucket {
  const b = new S3Bucket(stack, 'bucket', { provider, bucket: 'session-logs-test' });
  if (parts.pab !== false) {
    new S3BucketPublicAccessBlock(stack, 'pab', {
      provider,
      bucket: b.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
      ...(parts.pab ?? {}),
    });
  }
  if (parts.sse !== false) {
    new S3BucketServerSideEncryptionConfigurationA(stack, 'sse', {
      provider,
      bucket: b.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'arn:aws:kms:eu-west-1:111111111111:alias/logs', ...(parts.sse ?? {}) } }],
    });
  }
  if (parts.policy !== false) {
    new S3BucketPolicy(stack, 'policy', {
      provider,
      bucket: b.id,
      policy:
        parts.policy ??
        policy({
          Sid: 'TlsOnly',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [`\${${'aws_s3_bucket.x'}.arn}`, 'arn:aws:s3:::session-logs-test/*'],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
    });
  }
  if (parts.versioning !== false) new S3BucketVersioningA(stack, 'versioning', { provider, bucket: b.bucket, versioningConfiguration: { status: parts.versioning ?? 'Enabled' } });
  if (parts.ownership !== false) new S3BucketOwnershipControls(stack, 'ownership', { provider, bucket: b.id, rule: { objectOwnership: parts.ownership ?? 'BucketOwnerEnforced' } });
  return b;
}

const iamPolicy =
  (...statements: Record<string, unknown>[]): Build =>
  (stack, provider) => {
    new IamPolicy(stack, 'policy', { provider, name: 'p', policy: policy(...statements) });
  };

const CASES: Case[] = [
  // SMP-SSM-1
  { rule: 'SMP-SSM-1', name: 'key set', build: withInputs({}), failing: [] },
  { rule: 'SMP-SSM-1', name: 'key as a reference', build: withInputs({ kmsKeyId: '${aws_kms_key.k.key_id}' }), failing: [] },
  { rule: 'SMP-SSM-1', name: 'empty inputs (passes Checkov)', build: (s, p) => sessionDocument(s, p, {}), failing: ['doc'], message: 'inputs.kmsKeyId is missing' },
  { rule: 'SMP-SSM-1', name: 'no inputs at all', build: (s, p) => sessionDocument(s, p, undefined), failing: ['doc'] },
  { rule: 'SMP-SSM-1', name: 'empty key', build: withInputs({ kmsKeyId: '' }), failing: ['doc'], message: 'inputs.kmsKeyId is ""' },
  { rule: 'SMP-SSM-1', name: 'AWS managed key', build: withInputs({ kmsKeyId: 'alias/aws/ssm' }), failing: ['doc'], message: 'customer managed' },
  {
    rule: 'SMP-SSM-1',
    name: 'content not known at synth',
    build: (s, p) => new SsmDocument(s, 'doc', { provider: p, name: 'x', documentType: 'Session', content: '${file("doc.json")}' }),
    failing: ['doc'],
    message: 'cannot be verified',
  },
  {
    rule: 'SMP-SSM-1',
    name: 'port forwarding documents hold no preferences',
    build: (s, p) => sessionDocument(s, p, undefined, { sessionType: 'Port', parameters: {}, properties: {} }),
    failing: [],
    applies: false,
  },
  {
    rule: 'SMP-SSM-1',
    name: 'the preferences updater invocation carries the document',
    build: (s, p) =>
      new LambdaInvocation(s, 'doc', {
        provider: p,
        functionName: 'updater',
        input: JSON.stringify({
          documentName: 'SSM-SessionManagerRunShell',
          documentType: 'Session',
          content: { sessionType: 'Standard_Stream', inputs: { ...COMPLIANT_INPUTS, kmsKeyId: '' } },
        }),
      }),
    failing: ['doc'],
  },
  // SMP-SSM-2
  { rule: 'SMP-SSM-2', name: 'both destinations encrypted', build: withInputs({}), failing: [] },
  { rule: 'SMP-SSM-2', name: 'CloudWatch only', build: withInputs({ s3BucketName: '', s3EncryptionEnabled: false }), failing: [] },
  { rule: 'SMP-SSM-2', name: 'string "true" (passes Checkov)', build: withInputs({ cloudWatchEncryptionEnabled: 'true' }), failing: ['doc'], message: 'not a JSON boolean' },
  {
    rule: 'SMP-SSM-2',
    name: 'string "false" for streaming',
    build: withInputs({ cloudWatchStreamingEnabled: 'false' }),
    failing: ['doc'],
    message: 'inputs.cloudWatchStreamingEnabled is "false"',
  },
  { rule: 'SMP-SSM-2', name: 'S3 unencrypted', build: withInputs({ s3EncryptionEnabled: false }), failing: ['doc'], message: 's3EncryptionEnabled' },
  { rule: 'SMP-SSM-2', name: 'no destination', build: withInputs({ s3BucketName: '', cloudWatchLogGroupName: '' }), failing: ['doc'], message: 'sends session logs nowhere' },
  // SMP-SSM-3 (limit 20 in this file)
  { rule: 'SMP-SSM-3', name: 'within the limit', build: withInputs({ idleSessionTimeout: '20', maxSessionDuration: '1440' }), failing: [] },
  { rule: 'SMP-SSM-3', name: 'idle above the limit', build: withInputs({ idleSessionTimeout: '30' }), failing: ['doc'], message: 'above the limit of 20' },
  { rule: 'SMP-SSM-3', name: 'no maximum duration', build: withInputs({}, ['maxSessionDuration']), failing: ['doc'], message: 'maxSessionDuration is not set' },
  { rule: 'SMP-SSM-3', name: 'idle missing', build: withInputs({}, ['idleSessionTimeout']), failing: ['doc'], message: 'idleSessionTimeout is missing' },
  { rule: 'SMP-SSM-3', name: 'duration not a number', build: withInputs({ maxSessionDuration: 'forever' }), failing: ['doc'] },
  // SMP-SSM-4
  {
    rule: 'SMP-SSM-4',
    name: 'shared with one account',
    build: (s, p) => {
      sessionDocument(s, p, COMPLIANT_INPUTS).permissions = { type: 'Share', account_ids: '222222222222' };
    },
    failing: [],
  },
  {
    rule: 'SMP-SSM-4',
    name: 'shared with All',
    build: (s, p) => {
      sessionDocument(s, p, COMPLIANT_INPUTS).permissions = { type: 'Share', account_ids: '222222222222,All' };
    },
    failing: ['doc'],
    message: 'every AWS account',
  },
  // SMP-SSM-5
  {
    rule: 'SMP-SSM-5',
    name: 'the Region manages the setting (ServiceSetting)',
    build: (s, p) => {
      sessionDocument(s, p, COMPLIANT_INPUTS);
      new ServiceSetting(s, 'sharing', { provider: p, partition: 'aws', region: 'eu-west-1', accountId: '111111111111', settingId: PUBLIC_SHARING_SETTING, value: 'Disable' });
    },
    failing: [],
  },
  {
    rule: 'SMP-SSM-5',
    name: 'the Region does not manage the setting',
    build: (s, p) => sessionDocument(s, p, COMPLIANT_INPUTS),
    failing: ['aws'],
    message: 'public-sharing-permission',
  },
  {
    rule: 'SMP-SSM-5',
    name: 'the setting allows sharing',
    build: (s, p) => {
      sessionDocument(s, p, COMPLIANT_INPUTS);
      new SsmServiceSetting(s, 'setting', { provider: p, settingId: serviceSettingArn('aws', 'eu-west-1', '111111111111', PUBLIC_SHARING_SETTING), settingValue: 'Enable' });
    },
    failing: ['setting'],
    message: 'must be "Disable"',
  },
  {
    rule: 'SMP-SSM-5',
    name: 'an IAM-only stack has no Region to protect',
    build: iamPolicy({ Effect: 'Allow', Action: 'ssm:StartSession', Resource: 'arn:aws:ssm:*:*:document/x' }),
    failing: [],
    applies: false,
  },
  // SMP-LOG-1
  {
    rule: 'SMP-LOG-1',
    name: 'encrypted',
    build: (s, p) => new CloudwatchLogGroup(s, 'group', { provider: p, name: 'g', retentionInDays: 365, kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/k' }),
    failing: [],
  },
  {
    rule: 'SMP-LOG-1',
    name: 'not encrypted',
    build: (s, p) => new CloudwatchLogGroup(s, 'group', { provider: p, name: 'g', retentionInDays: 365 }),
    failing: ['group'],
    message: 'no kms_key_id',
  },
  // SMP-LOG-2 (minimum 365)
  { rule: 'SMP-LOG-2', name: 'one year', build: (s, p) => new CloudwatchLogGroup(s, 'group', { provider: p, name: 'g', retentionInDays: 365, kmsKeyId: 'k' }), failing: [] },
  { rule: 'SMP-LOG-2', name: 'never expires', build: (s, p) => new CloudwatchLogGroup(s, 'group', { provider: p, name: 'g', retentionInDays: 0, kmsKeyId: 'k' }), failing: [] },
  {
    rule: 'SMP-LOG-2',
    name: 'a month',
    build: (s, p) => new CloudwatchLogGroup(s, 'group', { provider: p, name: 'g', retentionInDays: 30, kmsKeyId: 'k' }),
    failing: ['group'],
    message: 'below the minimum of 365',
  },
  {
    rule: 'SMP-LOG-2',
    name: 'unset',
    build: (s, p) => new CloudwatchLogGroup(s, 'group', { provider: p, name: 'g', kmsKeyId: 'k' }),
    failing: ['group'],
    message: 'no retention_in_days',
  },
  // SMP-KMS-1
  { rule: 'SMP-KMS-1', name: 'rotates', build: (s, p) => new KmsKey(s, 'key', { provider: p, enableKeyRotation: true }), failing: [] },
  { rule: 'SMP-KMS-1', name: 'does not rotate', build: (s, p) => new KmsKey(s, 'key', { provider: p }), failing: ['key'], message: 'does not rotate' },
  {
    rule: 'SMP-KMS-1',
    name: 'rotates every two years',
    build: (s, p) => new KmsKey(s, 'key', { provider: p, enableKeyRotation: true, rotationPeriodInDays: 730 }),
    failing: ['key'],
  },
  {
    rule: 'SMP-KMS-1',
    name: 'asymmetric keys cannot rotate',
    build: (s, p) => new KmsKey(s, 'key', { provider: p, customerMasterKeySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY' }),
    failing: [],
    applies: false,
  },
  // SMP-KMS-2
  { rule: 'SMP-KMS-2', name: 'account root', build: (s, p) => new KmsKey(s, 'key', { provider: p, enableKeyRotation: true, policy: policy(ROOT_ADMIN) }), failing: [] },
  {
    rule: 'SMP-KMS-2',
    name: 'wildcard principal with a condition',
    build: (s, p) =>
      new KmsKey(s, 'key', {
        provider: p,
        enableKeyRotation: true,
        policy: policy(ROOT_ADMIN, {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-123' } },
        }),
      }),
    failing: [],
  },
  {
    rule: 'SMP-KMS-2',
    name: 'wildcard principal without a condition',
    build: (s, p) =>
      new KmsKey(s, 'key', { provider: p, enableKeyRotation: true, policy: policy(ROOT_ADMIN, { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }) }),
    failing: ['key'],
    message: 'statement Open allows principal "*"',
  },
  {
    rule: 'SMP-KMS-2',
    name: 'aws_kms_key_policy with AWS "*"',
    build: (s, p) => {
      const key = new KmsKey(s, 'key', { provider: p, enableKeyRotation: true });
      new KmsKeyPolicy(s, 'key-policy', { provider: p, keyId: key.keyId, policy: policy({ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 'kms:Decrypt', Resource: '*' }) });
    },
    failing: ['key-policy'],
  },
  {
    rule: 'SMP-KMS-2',
    name: 'a policy unknown at synth is a warning',
    build: (s, p) => new KmsKey(s, 'key', { provider: p, enableKeyRotation: true, policy: '${file("policy.json")}' }),
    failing: ['key'],
    severity: 'warning',
  },
  // SMP-S3-1 .. SMP-S3-5: the project's hardened bucket passes all five
  ...['SMP-S3-1', 'SMP-S3-2', 'SMP-S3-3', 'SMP-S3-4', 'SMP-S3-5'].flatMap((rule): Case[] => [
    {
      rule,
      name: 'SessionLogBucket',
      build: (s, p) =>
        new SessionLogBucket(s, 'log-bucket', {
          provider: p,
          partition: 'aws',
          bucketName: 'session-logs-test',
          kmsKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/k',
          expirationDays: 365,
          noncurrentVersionExpirationDays: 30,
        }),
      failing: [],
    },
    { rule, name: 'a bare bucket', build: (s, p) => new S3Bucket(s, 'bucket', { provider: p, bucket: 'bare-bucket-test' }), failing: ['bucket'] },
  ]),
  { rule: 'SMP-S3-1', name: 'all four flags', build: (s, p) => bucket(s, p, {}), failing: [] },
  { rule: 'SMP-S3-1', name: 'public policies allowed', build: (s, p) => bucket(s, p, { pab: { blockPublicPolicy: false } }), failing: ['bucket'], message: 'block_public_policy' },
  { rule: 'SMP-S3-2', name: 'SSE-KMS with a key', build: (s, p) => bucket(s, p, {}), failing: [] },
  { rule: 'SMP-S3-2', name: 'SSE-S3', build: (s, p) => bucket(s, p, { sse: { sseAlgorithm: 'AES256', kmsMasterKeyId: undefined } }), failing: ['bucket'], message: 'not SSE-KMS' },
  { rule: 'SMP-S3-2', name: 'SSE-KMS with aws/s3', build: (s, p) => bucket(s, p, { sse: { kmsMasterKeyId: undefined } }), failing: ['bucket'], message: 'aws/s3' },
  { rule: 'SMP-S3-3', name: 'TLS-only policy', build: (s, p) => bucket(s, p, {}), failing: [] },
  {
    rule: 'SMP-S3-3',
    name: 'a policy without the TLS deny',
    build: (s, p) =>
      bucket(s, p, {
        policy: policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::session-logs-test/*' }),
      }),
    failing: ['bucket'],
    message: 'does not deny requests without TLS',
  },
  { rule: 'SMP-S3-3', name: 'no policy', build: (s, p) => bucket(s, p, { policy: false }), failing: ['bucket'], message: 'no bucket policy' },
  { rule: 'SMP-S3-4', name: 'versioning by bucket name', build: (s, p) => bucket(s, p, {}), failing: [] },
  { rule: 'SMP-S3-4', name: 'versioning suspended', build: (s, p) => bucket(s, p, { versioning: 'Suspended' }), failing: ['bucket'] },
  { rule: 'SMP-S3-5', name: 'owner enforced', build: (s, p) => bucket(s, p, {}), failing: [] },
  { rule: 'SMP-S3-5', name: 'object writer', build: (s, p) => bucket(s, p, { ownership: 'ObjectWriter' }), failing: ['bucket'], message: 'BucketOwnerEnforced' },
  // SMP-IAM-1
  { rule: 'SMP-IAM-1', name: 'named actions', build: iamPolicy({ Effect: 'Allow', Action: ['ssm:StartSession'], Resource: 'arn:aws:ssm:*:*:document/x' }), failing: [] },
  {
    rule: 'SMP-IAM-1',
    name: 'Deny "*" is fine',
    build: iamPolicy({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    failing: [],
  },
  {
    rule: 'SMP-IAM-1',
    name: 'Action "*"',
    build: iamPolicy({ Sid: 'Admin', Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::x' }),
    failing: ['policy'],
    message: 'statement Admin allows Action "*"',
  },
  {
    rule: 'SMP-IAM-1',
    name: 'NotAction in an Allow',
    build: iamPolicy({ Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::x' }),
    failing: ['policy'],
    message: 'NotAction',
  },
  {
    rule: 'SMP-IAM-1',
    name: 'Action "*" in an aws_iam_policy_document data source',
    build: (s, p) => {
      const doc = new DataAwsIamPolicyDocument(s, 'doc', { provider: p, statement: [{ effect: 'Allow', actions: ['*'], resources: ['arn:aws:s3:::x'] }] });
      const role = new IamRole(s, 'role', {
        provider: p,
        name: 'r',
        assumeRolePolicy: policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      });
      new IamRolePolicy(s, 'inline', { provider: p, role: role.name, policy: doc.json });
    },
    failing: ['inline'],
  },
  // SMP-IAM-2
  {
    rule: 'SMP-IAM-2',
    name: 'documented unscopable actions on "*"',
    build: iamPolicy({ Effect: 'Allow', Action: ['ssmmessages:CreateControlChannel', 'SSMMESSAGES:OpenDataChannel'], Resource: '*' }),
    failing: [],
  },
  {
    rule: 'SMP-IAM-2',
    name: 'a trust policy names no resource',
    build: (s, p) =>
      new IamRole(s, 'role', { provider: p, name: 'r', assumeRolePolicy: policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }) }),
    failing: [],
  },
  {
    rule: 'SMP-IAM-2',
    name: 'a scopable action on "*"',
    build: iamPolicy({ Effect: 'Allow', Action: ['ssm:StartSession', 'ssmmessages:CreateDataChannel'], Resource: '*' }),
    failing: ['policy'],
    message: 'allows ssm:StartSession on Resource "*"',
  },
  {
    rule: 'SMP-IAM-2',
    name: 'inline role policy with "*"',
    build: (s, p) =>
      new IamRole(s, 'role', {
        provider: p,
        name: 'r',
        assumeRolePolicy: policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
        inlinePolicy: [{ name: 'logs', policy: policy({ Effect: 'Allow', Action: 's3:PutObject', Resource: ['*'] }) }],
      }),
    failing: ['role'],
    message: 'inline_policy[0].policy',
  },
  // SMP-SSM-6
  {
    rule: 'SMP-SSM-6',
    name: 'fixed port, host limited to the database hosts',
    build: portDocument({ portNumber: '5432', host: '{{ host }}' }, { host: { type: 'String', allowedPattern: '^db-[a-z0-9-]+\\.internal\\.example\\.com$' } }),
    failing: [],
  },
  {
    rule: 'SMP-SSM-6',
    name: 'ports from a list, the node itself',
    build: portDocument({ portNumber: '{{ portNumber }}' }, { portNumber: { type: 'String', allowedValues: ['8080', '8443'] } }),
    failing: [],
  },
  {
    rule: 'SMP-SSM-6',
    name: 'any port (the pattern of AWS-StartPortForwardingSession)',
    build: portDocument(
      { portNumber: '{{ portNumber }}' },
      { portNumber: { type: 'String', allowedPattern: '^([1-9]|[1-9][0-9]{1,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$' } },
    ),
    failing: ['doc'],
    message: 'ports of several services',
  },
  {
    rule: 'SMP-SSM-6',
    name: 'port parameter without a limit',
    build: portDocument({ portNumber: '{{ portNumber }}' }, { portNumber: { type: 'String' } }),
    failing: ['doc'],
    message: 'any port',
  },
  {
    rule: 'SMP-SSM-6',
    name: 'any host',
    build: portDocument({ portNumber: '5432', host: '{{ host }}' }, { host: { type: 'String', allowedPattern: '^.+$' } }),
    failing: ['doc'],
    message: 'unrelated hosts (localhost, 127.0.0.1',
  },
  { rule: 'SMP-SSM-6', name: 'a shell document is not looked at', build: withInputs({}), failing: [], applies: false },
  // SMP-SSM-7
  {
    rule: 'SMP-SSM-7',
    name: 'restart one service',
    build: commandDocument({ linux: 'sudo systemctl restart {{ service }}', windows: 'Restart-Service -Name {{ service }}' }),
    failing: [],
  },
  { rule: 'SMP-SSM-7', name: 'follow a log', build: commandDocument({ linux: 'sudo journalctl -u {{ service }} -f' }, 'InteractiveCommands'), failing: [] },
  {
    rule: 'SMP-SSM-7',
    name: 'bash',
    build: commandDocument({ linux: '/bin/bash -l' }, 'InteractiveCommands'),
    failing: ['doc'],
    message: 'properties.linux.commands runs a shell: /bin/bash',
  },
  {
    rule: 'SMP-SSM-7',
    name: 'sudo -i after another command',
    build: commandDocument({ linux: 'cd /srv/app && sudo -i' }, 'InteractiveCommands'),
    failing: ['doc'],
    message: 'sudo -i'.slice(5),
  },
  {
    rule: 'SMP-SSM-7',
    name: 'PowerShell on Windows',
    build: commandDocument({ windows: 'powershell.exe -NoExit' }, 'InteractiveCommands'),
    failing: ['doc'],
    message: 'properties.windows.commands runs a shell: powershell.exe',
  },
  { rule: 'SMP-SSM-7', name: 'the user names the program', build: commandDocument({ linux: 'sudo {{ service }}' }), failing: ['doc'], message: 'the user chooses the program' },
  // SMP-TF-1
  { rule: 'SMP-TF-1', name: 'provider alias named', build: (s, p) => new KmsKey(s, 'key', { provider: p, enableKeyRotation: true }), failing: [] },
  { rule: 'SMP-TF-1', name: 'default provider', build: (s) => new KmsKey(s, 'key', { enableKeyRotation: true }), failing: ['key'], message: 'default aws provider' },
  {
    rule: 'SMP-TF-1',
    name: 'a data source without alias',
    build: (s) => new DataAwsIamPolicyDocument(s, 'doc', { statement: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::x/*'] }] }),
    failing: ['doc'],
  },
];

/** Stack name of a case: rule and position, stable and valid as a construct id. */
const stackName = (c: Case, i: number) => `${c.rule.toLowerCase()}-${i}`;

let result: ComplianceResult;

beforeAll(() => {
  const app = Testing.app();
  CASES.forEach((c, i) => {
    const stack = new TerraformStack(app, stackName(c, i));
    const provider = new AwsProvider(stack, 'aws', { region: 'eu-west-1', alias: 'eu_west_1' });
    c.build(stack, provider);
  });
  result = applyCompliance(app, { settings: { maxIdleSessionTimeout: 20, minLogRetentionDays: 365 }, annotate: false }).run();
});

describe('compliance rules', () => {
  it('has a compliant and a non-compliant case for every rule', () => {
    for (const rule of RULES) {
      expect(`${rule.id}: ${CASES.filter((c) => c.rule === rule.id && c.failing.length === 0).length > 0}`).toBe(`${rule.id}: true`);
      expect(`${rule.id}: ${CASES.filter((c) => c.rule === rule.id && c.failing.length > 0).length > 0}`).toBe(`${rule.id}: true`);
    }
  });

  it.each(CASES.map((c, i) => [c.rule, c.name, c, i] as const))('%s: %s', (rule, _name, c, i) => {
    const stack = stackName(c, i);
    const found = result.findings.filter((f) => f.rule === rule && f.stack === stack);
    const paths = [...new Set(found.map((f) => f.path))].sort();
    expect(paths).toEqual(c.failing.map((p) => `${stack}/${p}`).sort());
    if (c.message) expect(found.map((f) => f.message).join('\n')).toContain(c.message);
    for (const f of found) {
      expect(f.severity).toBe(c.severity ?? 'error');
      expect(f.address).toMatch(/^(data\.)?aws/);
    }
    // A pass means the rule looked and found nothing wrong, not that it never ran.
    if (c.applies === false) expect(result.evaluated(rule, stack)).toBe(0);
    else expect(result.evaluated(rule, stack)).toBeGreaterThan(0);
  });
});
