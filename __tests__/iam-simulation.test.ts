/**
 * Proof of what the access policies allow and deny: the policies exactly as synthesized in each
 * account-wide stack (Terraform escaping undone, as Terraform does) are evaluated by a real IAM
 * policy evaluation engine (@cloud-copilot/iam-simulate) over a matrix of requests, together with
 * the key and bucket policies this project puts on the resources. Each stack is synthesized once.
 *
 * The requests are the calls the real agent and client make (read in github.com/aws/amazon-ssm-agent
 * at 1c217c89 and github.com/aws/session-manager-plugin at 61cf1288):
 * - agent/session/service/service.go CreateControlChannel, CreateDataChannel; the websockets
 *   (OpenControlChannel, OpenDataChannel): ssmmessages:* on "*" (no resource types);
 * - agent/session/shell/shell.go validate -> cloudwatchlogsservice.go IsLogGroupPresent /
 *   getLogGroupDetails (logs:DescribeLogGroups) and IsLogGroupEncryptedWithKMS (reads KmsKeyId, no
 *   KMS call); startStreamingLogs -> StreamData -> CreateLogStream, PutLogEvents;
 *   retryPutWithNewSequenceToken / getLogStreamDetails -> DescribeLogStreams;
 * - agent/session/shell/shell.go validate -> s3util.go IsBucketEncrypted, and
 *   uploadShellSessionLogsToS3 -> s3util.go S3Upload -> getSSEAlgorithm (GetBucketEncryption:
 *   s3:GetEncryptionConfiguration) -> s3manager Uploader.Upload (ACL bucket-owner-full-control):
 *   singlePart PutObject up to 5 MiB (vendor/.../s3manager/upload.go DefaultUploadPartSize),
 *   multiuploader.upload CreateMultipartUpload / send UploadPart / complete
 *   CompleteMultipartUpload above it (all s3:PutObject; SSE-KMS: kms:GenerateDataKey and
 *   kms:Decrypt through S3), multiuploader.fail AbortMultipartUpload (s3:AbortMultipartUpload);
 * - agent/session/crypto/blockcipher.go UpdateEncryptionKey -> kmsservice.go Decrypt: the node
 *   calls KMS directly with context aws:ssm:SessionId + aws:ssm:TargetId;
 * - session-manager-plugin src/datachannel/streaming.go ProcessKMSEncryptionHandshakeAction ->
 *   src/encryption/kmsservice.go KMSGenerateDataKey: the client calls KMS directly, same context;
 *   Open -> FinalizeDataChannelHandshake: OpenDataChannel on the caller's session; Reconnect ->
 *   ResumeSession; src/sessionmanagerplugin/session/session.go TerminateSession;
 * - the AWS CLI's StartSession (ssm:StartSession on the node and the document) before the plugin runs.
 * The engine drops kms:EncryptionContext:* keys (it ignores them as unknown context keys), so
 * requests that carry Session Manager's encryption context are evaluated against the policies
 * without their kms:EncryptionContext conditions, and those conditions are checked structurally
 * ("encryption context conditions" below).
 */
import { runSimulation, runUnsafeSimulation, type EvaluationResult, type Simulation, type SimulationIdentityPolicy } from '@cloud-copilot/iam-simulate';
import { DEFAULT_COMMERCIAL_REGIONS } from '../src/model/regions';
import type { Model } from '../src/model/model';
import { bucketArn, createdBucketName, logGroupArn } from '../src/policies/arns';
import { SESSION_ENCRYPTION_CONTEXT } from '../src/policies/iam-common';
import { logsKeyPolicy, sessionKeyPolicy } from '../src/policies/kms';
import { tlsOnlyBucketPolicy } from '../src/policies/s3';
import { policy, type PolicyDocument } from '../src/policies/types';
import { minimalModel, synthGlobal, unescapeTerraform } from './helpers';

const ACCOUNT = '111111111111';
const OTHER_ACCOUNT = '222222222222';
/** Opt-in Region, in none of the configurations. */
const UNCONFIGURED_REGION = 'af-south-1';
const KEY_ID = '0b2b1f6e-1111-4c2b-9a6e-2a3b4c5d6e7f';
const OTHER_KEY_ID = '9f8e7d6c-2222-4c2b-9a6e-2a3b4c5d6e7f';
const EXISTING_KEY_ARN = `arn:aws:kms:ap-southeast-2:${ACCOUNT}:key/${KEY_ID}`;
/** SSE-KMS key of the central logging bucket, in the central account. */
const CENTRAL_KEY_ID = '5a5a5a5a-3333-4c2b-9a6e-2a3b4c5d6e7f';
const CENTRAL_KEY_ARN = `arn:aws:kms:eu-west-1:${OTHER_ACCOUNT}:key/${CENTRAL_KEY_ID}`;
/** The encryption context Session Manager's data keys carry (plugin streaming.go, agent blockcipher.go). */
const SESSION_CONTEXT = { 'kms:EncryptionContext:aws:ssm:SessionId': 'alice-0a1b2c3d4e5f', 'kms:EncryptionContext:aws:ssm:TargetId': 'i-0123456789abcdef0' };

/** Who makes a request: principal ARN and aws:userid. */
const PRINCIPALS = {
  user: { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, userid: 'AIDAALICEEXAMPLE00001', username: 'alice' },
  ssoUser: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Ops_0123456789abcdef/alice@example.com`, userid: 'AROAOPSEXAMPLE0000001:alice@example.com' },
  instance: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/SessionManagerInstance/i-0123456789abcdef0`, userid: 'AROAINSTANCEEXAMPLE01:i-0123456789abcdef0' },
  /** A node managed through Default Host Management Configuration: Systems Manager assumes the DHMC role for it. */
  dhmcNode: {
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSSystemsManagerDefaultEC2InstanceManagementRole/i-0fedcba9876543210`,
    userid: 'AROADHMCEXAMPLE000001:i-0fedcba9876543210',
  },
  /** A responder whose role carries only the break-glass document policy. */
  breakGlass: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/BreakGlassResponder/carol`, userid: 'AROABREAKGLASS0000001:carol' },
} as const;
type Who = keyof typeof PRINCIPALS;

/** The configurations proven: SSH/port forwarding allow and deny, tag scoping on and off, split policies. */
const CONFIGS: Record<
  string,
  {
    model: Model;
    regions: string[];
    tagScoped: boolean;
    ssh: 'allow' | 'deny';
    bucket: boolean;
    customDocument?: { name: string; logGroup: string; keyAlias: string; bucket: string; keyPrefix: string };
    /** A break-glass document kept out of the user policy, in a policy of its own; DHMC role created. */
    breakGlass?: { name: string; keyAlias: string };
  }
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
      access: { ssh: 'allow', portForwarding: 'allow', instance: { createRole: true, bucketKmsKeys: [CENTRAL_KEY_ARN] }, user: { targetTag: { key: 'Team', value: 'ops' } } },
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
  'DHMC role, break-glass document in a policy of its own, S3 bucket': {
    model: minimalModel({
      regions: ['eu-west-1'],
      preferences: { s3: { enabled: true } },
      customDocuments: [{ name: 'BreakGlass-Shell', preferences: { maxSessionDuration: 480, sessionEncryption: { kmsKeyId: 'alias/break-glass' } } }],
      access: {
        instance: { defaultHostManagement: { createRole: true } },
        user: { documents: ['SSM-SessionManagerRunShell'] },
        documentPolicies: [{ name: 'BreakGlass', documents: ['BreakGlass-Shell'], attachToRoles: ['BreakGlassResponder'] }],
      },
    }),
    regions: ['eu-west-1'],
    tagScoped: false,
    ssh: 'deny',
    bucket: true,
    breakGlass: { name: 'BreakGlass-Shell', keyAlias: 'alias/break-glass' },
  },
};

/** The instance and user policies of a synthesized account-wide stack, as AWS would receive them. */
function synthesizedPolicies(model: Model): { instance: SimulationIdentityPolicy[]; user: SimulationIdentityPolicy[]; breakGlass: SimulationIdentityPolicy[] } {
  const account = model.accounts[0];
  const json = JSON.parse(synthGlobal(model, account));
  const policies = Object.values<{ name: string; policy: string }>(json.resource.aws_iam_policy).map((r) => ({
    name: r.name,
    // As AWS receives it: Terraform undoes its template escapes first.
    policy: JSON.parse(unescapeTerraform(r.policy)),
  }));
  return {
    instance: policies.filter((p) => /InstanceAccess/.test(p.name)),
    user: policies.filter((p) => /UserAccess/.test(p.name)),
    breakGlass: policies.filter((p) => /BreakGlassAccess/.test(p.name)),
  };
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
  /**
   * The request carries Session Manager's encryption context. The engine drops kms:EncryptionContext:*
   * keys, so such a request is evaluated without the policies' kms:EncryptionContext conditions
   * (checked structurally in "encryption context conditions").
   */
  readonly sessionContext?: boolean;
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
    add(
      `${region} user starts a session on an instance tagged Team=ops`,
      { who: 'user', action: 'ssm:StartSession', resource: instanceArn(region), context: { 'ssm:resourceTag/Team': 'ops' } },
      'Allowed',
    );
    // The request says it was not checked against a Session document: no statement may allow it.
    add(
      `${region} user starts a session on an instance tagged Team=ops without the document access check`,
      { who: 'user', action: 'ssm:StartSession', resource: instanceArn(region), context: { 'ssm:resourceTag/Team': 'ops', 'ssm:SessionDocumentAccessCheck': 'false' } },
      'ImplicitlyDenied',
    );
    add(
      `${region} user starts a session with SSM-SessionManagerRunShell without the document access check`,
      { who: 'user', action: 'ssm:StartSession', resource: docArn(region, 'SSM-SessionManagerRunShell'), context: { 'ssm:SessionDocumentAccessCheck': 'false' } },
      'ImplicitlyDenied',
    );
    add(
      `${region} user starts a session on an instance tagged Team=dev`,
      { who: 'user', action: 'ssm:StartSession', resource: instanceArn(region), context: { 'ssm:resourceTag/Team': 'dev' } },
      allowIf(!config.tagScoped),
    );
    add(`${region} user starts a session on an untagged instance`, { who: 'user', action: 'ssm:StartSession', resource: instanceArn(region) }, allowIf(!config.tagScoped));
    add(
      `${region} SSO user starts a session on an instance tagged Team=ops`,
      { who: 'ssoUser', action: 'ssm:StartSession', resource: instanceArn(region), context: { 'ssm:resourceTag/Team': 'ops' } },
      'Allowed',
    );
    add(
      `${region} user starts a session on an instance of another account`,
      { who: 'user', action: 'ssm:StartSession', resource: instanceArn(region, OTHER_ACCOUNT), context: { 'ssm:resourceTag/Team': 'ops' } },
      'ImplicitlyDenied',
    );
    add(
      `${region} user checks the connection status of a reachable instance`,
      { who: 'user', action: 'ssm:GetConnectionStatus', resource: instanceArn(region), context: { 'ssm:resourceTag/Team': 'ops' } },
      'Allowed',
    );
    add(
      `${region} user starts a session with SSM-SessionManagerRunShell`,
      { who: 'user', action: 'ssm:StartSession', resource: docArn(region, 'SSM-SessionManagerRunShell') },
      'Allowed',
    );
    add(
      `${region} user starts a session with the preferences document of another account`,
      { who: 'user', action: 'ssm:StartSession', resource: docArn(region, 'SSM-SessionManagerRunShell', OTHER_ACCOUNT) },
      'ImplicitlyDenied',
    );
    add(`${region} user starts a session with an unmanaged document`, { who: 'user', action: 'ssm:StartSession', resource: docArn(region, 'Unlogged-Shell') }, 'ImplicitlyDenied');
    if (config.customDocument) {
      add(
        `${region} user starts a session with custom document ${config.customDocument.name}`,
        { who: 'user', action: 'ssm:StartSession', resource: docArn(region, config.customDocument.name) },
        'Allowed',
      );
    }
    for (const [doc, expected] of [
      ['AWS-StartSSHSession', sshResult],
      ['AWS-StartPortForwardingSession', sshResult],
      ['AWS-StartPortForwardingSessionToRemoteHost', sshResult],
      ['AWS-StartInteractiveCommand', 'ImplicitlyDenied'],
    ] as const) {
      // AWS-owned documents have no account in their ARN; the validated engine needs one, so both forms are checked.
      add(
        `${region} user starts ${doc} (AWS-owned ARN)`,
        { who: 'user', action: 'ssm:StartSession', resource: `arn:aws:ssm:${region}::document/${doc}`, unvalidated: true },
        expected,
      );
      add(`${region} user starts ${doc}`, { who: 'user', action: 'ssm:StartSession', resource: docArn(region, doc) }, expected);
    }
    for (const who of ['user', 'ssoUser'] as const) {
      const own = { 'ssm:resourceTag/aws:ssmmessages:session-id': PRINCIPALS[who].userid };
      const others = { 'ssm:resourceTag/aws:ssmmessages:session-id': 'AIDABOBEXAMPLE0000001' };
      add(`${region} ${who} terminates their own session`, { who, action: 'ssm:TerminateSession', resource: sessionArn(region, 'alice-0a1b2c3d4e5f'), context: own }, 'Allowed');
      add(`${region} ${who} resumes their own session`, { who, action: 'ssm:ResumeSession', resource: sessionArn(region, 'alice-0a1b2c3d4e5f'), context: own }, 'Allowed');
      add(
        `${region} ${who} terminates someone else's session`,
        { who, action: 'ssm:TerminateSession', resource: sessionArn(region, 'bob-9f8e7d6c5b4a'), context: others },
        'ImplicitlyDenied',
      );
      add(
        `${region} ${who} resumes someone else's session`,
        { who, action: 'ssm:ResumeSession', resource: sessionArn(region, 'bob-9f8e7d6c5b4a'), context: others },
        'ImplicitlyDenied',
      );
    }
    const userKey = existingKey
      ? { resource: EXISTING_KEY_ARN, context: { 'kms:ResourceAliases': [] as string[] } }
      : { resource: keyArn(region), context: { 'kms:ResourceAliases': ['alias/session-manager/data'] } };
    // plugin streaming.go ProcessKMSEncryptionHandshakeAction -> kmsservice.go KMSGenerateDataKey (direct call, no kms:ViaService).
    add(
      `${region} [plugin ProcessKMSEncryptionHandshakeAction] user generates a data key with the session-data key`,
      { who: 'user', action: 'kms:GenerateDataKey', ...userKey, resourcePolicy: sessionKey, sessionContext: true },
      'Allowed',
    );
    add(
      `${region} user generates a data key with the session-data key outside a session (no Session Manager encryption context)`,
      { who: 'user', action: 'kms:GenerateDataKey', ...userKey, resourcePolicy: sessionKey },
      'ImplicitlyDenied',
    );
    add(
      `${region} user generates a data key with another key`,
      {
        who: 'user',
        action: 'kms:GenerateDataKey',
        resource: keyArn(region, OTHER_KEY_ID),
        context: { 'kms:ResourceAliases': ['alias/other'] },
        resourcePolicy: sessionKey,
        sessionContext: true,
      },
      'ImplicitlyDenied',
    );
    add(
      `${region} user decrypts with the session-data key`,
      { who: 'user', action: 'kms:Decrypt', ...userKey, resourcePolicy: sessionKey, sessionContext: true },
      'ImplicitlyDenied',
    );
    // plugin streaming.go Open -> FinalizeDataChannelHandshake: the data channel of the session StartSession returned.
    // The service reference lists no resource type for ssmmessages, so the engine needs the unvalidated mode for a session ARN.
    add(
      `${region} [plugin FinalizeDataChannelHandshake] IAM user opens the data channel of their session`,
      { who: 'user', action: 'ssmmessages:OpenDataChannel', resource: sessionArn(region, 'alice-0a1b2c3d4e5f'), unvalidated: true },
      'Allowed',
    );
    add(
      `${region} [plugin FinalizeDataChannelHandshake] SSO user opens the data channel of their session`,
      { who: 'ssoUser', action: 'ssmmessages:OpenDataChannel', resource: sessionArn(region, `${PRINCIPALS.ssoUser.userid}-0a1b2c3d4e5f`), unvalidated: true },
      'Allowed',
    );
    add(
      `${region} user opens the data channel of someone else's session`,
      { who: 'user', action: 'ssmmessages:OpenDataChannel', resource: sessionArn(region, 'bob-9f8e7d6c5b4a'), unvalidated: true },
      'ImplicitlyDenied',
    );
    add(
      `${region} user opens a data channel of a session in another account`,
      { who: 'user', action: 'ssmmessages:OpenDataChannel', resource: `arn:aws:ssm:${region}:${OTHER_ACCOUNT}:session/alice-0a1b2c3d4e5f`, unvalidated: true },
      'ImplicitlyDenied',
    );
    add(`${region} user creates a control channel (agent-only call)`, { who: 'user', action: 'ssmmessages:CreateControlChannel', resource: '*' }, 'ImplicitlyDenied');
    add(
      `${region} user sends a command to an instance`,
      { who: 'user', action: 'ssm:SendCommand', resource: instanceArn(region), context: { 'ssm:resourceTag/Team': 'ops' } },
      'ImplicitlyDenied',
    );

    // --- Managed nodes ---
    add(`${region} instance registers with Systems Manager`, { who: 'instance', action: 'ssm:UpdateInstanceInformation', resource: instanceArn(region) }, 'Allowed');
    const group = '/session-manager/sessions';
    add(`${region} instance creates a stream in its log group`, { who: 'instance', action: 'logs:CreateLogStream', resource: stream(region, group) }, 'Allowed');
    add(`${region} instance writes to its log group`, { who: 'instance', action: 'logs:PutLogEvents', resource: stream(region, group) }, 'Allowed');
    add(
      `${region} instance describes the streams of its log group`,
      { who: 'instance', action: 'logs:DescribeLogStreams', resource: logGroupArn(region, ACCOUNT, group) },
      'Allowed',
    );
    add(`${region} instance writes to another log group`, { who: 'instance', action: 'logs:PutLogEvents', resource: stream(region, '/aws/lambda/payments') }, 'ImplicitlyDenied');
    add(
      `${region} instance writes to a log group of the same name in another account`,
      { who: 'instance', action: 'logs:PutLogEvents', resource: stream(region, group, OTHER_ACCOUNT) },
      'ImplicitlyDenied',
    );
    add(`${region} instance deletes its log group`, { who: 'instance', action: 'logs:DeleteLogGroup', resource: logGroupArn(region, ACCOUNT, group) }, 'ImplicitlyDenied');
    if (config.customDocument) {
      add(
        `${region} instance writes to the log group of ${config.customDocument.name}`,
        { who: 'instance', action: 'logs:PutLogEvents', resource: stream(region, config.customDocument.logGroup) },
        'Allowed',
      );
      // An existing bucket may live in a central logging account: no s3:ResourceAccount condition, its bucket policy decides.
      const central = bucketArn('aws', config.customDocument.bucket);
      const centralPolicy = policy({
        Sid: 'MemberAccountsWrite',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: 's3:PutObject',
        Resource: `${central}/*`,
      });
      add(
        `${region} instance uploads a log of ${config.customDocument.name} to its existing bucket in a central account`,
        {
          who: 'instance',
          action: 's3:PutObject',
          resource: `${central}/${config.customDocument.keyPrefix}alice-0a1b2c3d4e5f.log`,
          bucketOwner: OTHER_ACCOUNT,
          context: { 'aws:SecureTransport': 'true' },
          resourcePolicy: centralPolicy,
        },
        'Allowed',
      );
      add(
        `${region} instance decrypts with the key of ${config.customDocument.name}`,
        {
          who: 'instance',
          action: 'kms:Decrypt',
          resource: keyArn(region, OTHER_KEY_ID),
          context: { 'kms:ResourceAliases': [config.customDocument.keyAlias] },
          resourcePolicy: sessionKey,
          sessionContext: true,
        },
        'Allowed',
      );
      // s3util.go S3Upload with ACL bucket-owner-full-control into a bucket of the central account, SSE-KMS with the central key.
      const objectKey = `${central}/${config.customDocument.keyPrefix}alice-0a1b2c3d4e5f.log`;
      const centralBucketPolicy = policy({
        Sid: 'MemberAccountsWriteLogs',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:AbortMultipartUpload', 's3:GetEncryptionConfiguration'],
        Resource: [central, `${central}/*`],
      });
      const centralKeyPolicy = policy({
        Sid: 'MemberAccountsUseThroughS3',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: '*',
      });
      const tls = { 'aws:SecureTransport': 'true' };
      add(
        `${region} [agent S3Upload] instance sets bucket-owner-full-control on its log in the central bucket`,
        {
          who: 'instance',
          action: 's3:PutObjectAcl',
          resource: objectKey,
          bucketOwner: OTHER_ACCOUNT,
          context: { ...tls, 's3:x-amz-acl': 'bucket-owner-full-control' },
          resourcePolicy: centralBucketPolicy,
        },
        'Allowed',
      );
      add(
        `${region} instance makes its log in the central bucket public`,
        {
          who: 'instance',
          action: 's3:PutObjectAcl',
          resource: objectKey,
          bucketOwner: OTHER_ACCOUNT,
          context: { ...tls, 's3:x-amz-acl': 'public-read' },
          resourcePolicy: centralBucketPolicy,
        },
        'ImplicitlyDenied',
      );
      add(
        `${region} [agent s3manager multiuploader.fail] instance aborts a multipart upload to the central bucket`,
        { who: 'instance', action: 's3:AbortMultipartUpload', resource: objectKey, bucketOwner: OTHER_ACCOUNT, context: tls, resourcePolicy: centralBucketPolicy },
        'Allowed',
      );
      add(
        `${region} [agent getSSEAlgorithm] instance reads the central bucket's encryption`,
        { who: 'instance', action: 's3:GetEncryptionConfiguration', resource: central, bucketOwner: OTHER_ACCOUNT, context: tls, resourcePolicy: centralBucketPolicy },
        'Allowed',
      );
      if (region === 'eu-west-1') {
        for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
          add(
            `${region} [agent s3manager multipart] instance uses the central bucket key through S3 (${action})`,
            { who: 'instance', action, resource: CENTRAL_KEY_ARN, context: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' }, resourcePolicy: centralKeyPolicy },
            'Allowed',
          );
          add(
            `${region} instance uses the central bucket key directly (${action})`,
            { who: 'instance', action, resource: CENTRAL_KEY_ARN, resourcePolicy: centralKeyPolicy },
            'ImplicitlyDenied',
          );
        }
      }
    }
    // agent blockcipher.go UpdateEncryptionKey -> kmsservice.go Decrypt (direct call, no kms:ViaService).
    add(
      `${region} [agent UpdateEncryptionKey] instance decrypts with the session-data key`,
      { who: 'instance', action: 'kms:Decrypt', ...userKey, resourcePolicy: sessionKey, sessionContext: true },
      'Allowed',
    );
    add(
      `${region} instance decrypts with the session-data key outside a session (no Session Manager encryption context)`,
      { who: 'instance', action: 'kms:Decrypt', ...userKey, resourcePolicy: sessionKey },
      'ImplicitlyDenied',
    );
    add(
      `${region} instance decrypts with another key`,
      {
        who: 'instance',
        action: 'kms:Decrypt',
        resource: keyArn(region, OTHER_KEY_ID),
        context: { 'kms:ResourceAliases': ['alias/other'] },
        resourcePolicy: sessionKey,
        sessionContext: true,
      },
      'ImplicitlyDenied',
    );
    add(
      `${region} instance decrypts with a key of another account under the same alias`,
      {
        who: 'instance',
        action: 'kms:Decrypt',
        resource: keyArn(region, KEY_ID, OTHER_ACCOUNT),
        context: { 'kms:ResourceAliases': ['alias/session-manager/data'] },
        resourcePolicy: sessionKeyPolicy('aws', OTHER_ACCOUNT),
        sessionContext: true,
      },
      'ImplicitlyDenied',
    );
    if (config.bucket) {
      const bucket = createdBucketName('ssm-session-logs', ACCOUNT, region);
      const tlsOnly = tlsOnlyBucketPolicy(bucketArn('aws', bucket));
      const logsKey = logsKeyPolicy({ partition: 'aws', accountId: ACCOUNT, region, logGroupArns: [logGroupArn(region, ACCOUNT, group)] });
      // Anyone may create a bucket of the computed name first; such a bucket lures writers with a policy open to all.
      const squatted = policy({
        Sid: 'AnyoneWrites',
        Effect: 'Allow',
        Principal: '*',
        Action: ['s3:PutObject', 's3:GetEncryptionConfiguration'],
        Resource: [bucketArn('aws', bucket), `${bucketArn('aws', bucket)}/*`],
      });
      add(
        `${region} instance uploads a session log under the prefix of the created bucket (owned by the account)`,
        {
          who: 'instance',
          action: 's3:PutObject',
          resource: `${bucketArn('aws', bucket)}/session-logs/alice-0a1b2c3d4e5f.log`,
          context: { 'aws:SecureTransport': 'true' },
          resourcePolicy: tlsOnly,
        },
        'Allowed',
      );
      add(
        `${region} instance uploads to a bucket of the created bucket's name owned by another account`,
        {
          who: 'instance',
          action: 's3:PutObject',
          resource: `${bucketArn('aws', bucket)}/session-logs/alice-0a1b2c3d4e5f.log`,
          bucketOwner: OTHER_ACCOUNT,
          context: { 'aws:SecureTransport': 'true' },
          resourcePolicy: squatted,
        },
        'ImplicitlyDenied',
      );
      add(
        `${region} instance reads the encryption of a bucket of the created bucket's name owned by another account`,
        {
          who: 'instance',
          action: 's3:GetEncryptionConfiguration',
          resource: bucketArn('aws', bucket),
          bucketOwner: OTHER_ACCOUNT,
          context: { 'aws:SecureTransport': 'true' },
          resourcePolicy: squatted,
        },
        'ImplicitlyDenied',
      );
      add(
        `${region} instance uploads without TLS (bucket policy)`,
        {
          who: 'instance',
          action: 's3:PutObject',
          resource: `${bucketArn('aws', bucket)}/session-logs/alice-0a1b2c3d4e5f.log`,
          context: { 'aws:SecureTransport': 'false' },
          resourcePolicy: tlsOnly,
        },
        'ExplicitlyDenied',
      );
      add(
        `${region} instance uploads outside the prefix`,
        { who: 'instance', action: 's3:PutObject', resource: `${bucketArn('aws', bucket)}/elsewhere/x.log`, context: { 'aws:SecureTransport': 'true' }, resourcePolicy: tlsOnly },
        'ImplicitlyDenied',
      );
      add(
        `${region} instance uploads to another bucket`,
        { who: 'instance', action: 's3:PutObject', resource: 'arn:aws:s3:::exfiltration-bucket/session-logs/x.log', context: { 'aws:SecureTransport': 'true' } },
        'ImplicitlyDenied',
      );
      add(
        `${region} instance reads session logs`,
        {
          who: 'instance',
          action: 's3:GetObject',
          resource: `${bucketArn('aws', bucket)}/session-logs/alice-0a1b2c3d4e5f.log`,
          context: { 'aws:SecureTransport': 'true' },
          resourcePolicy: tlsOnly,
        },
        'ImplicitlyDenied',
      );
      add(
        `${region} instance reads the bucket encryption`,
        { who: 'instance', action: 's3:GetEncryptionConfiguration', resource: bucketArn('aws', bucket), context: { 'aws:SecureTransport': 'true' }, resourcePolicy: tlsOnly },
        'Allowed',
      );
      const object = `${bucketArn('aws', bucket)}/session-logs/alice-0a1b2c3d4e5f.log`;
      const logKey = { resource: keyArn(region, OTHER_KEY_ID), resourcePolicy: logsKey };
      const viaS3 = { 'kms:ResourceAliases': ['alias/session-manager/logs'], 'kms:ViaService': `s3.${region}.amazonaws.com` };
      // s3manager singlePart (<= 5 MiB): PutObject, S3 asks KMS for a data key with the caller's rights.
      add(
        `${region} [agent s3manager singlePart] S3 generates a data key with the bucket's log key for a small log`,
        { who: 'instance', action: 'kms:GenerateDataKey', ...logKey, context: viaS3 },
        'Allowed',
      );
      // s3manager multiuploader (> 5 MiB): CreateMultipartUpload, UploadPart, CompleteMultipartUpload are s3:PutObject; SSE-KMS needs kms:Decrypt too.
      add(
        `${region} [agent s3manager multiuploader.send] instance uploads a part of a multipart log (s3:PutObject)`,
        { who: 'instance', action: 's3:PutObject', resource: object, context: { 'aws:SecureTransport': 'true' }, resourcePolicy: tlsOnly },
        'Allowed',
      );
      add(
        `${region} [agent s3manager multiuploader] S3 decrypts the upload's data key with the log key for a multipart log`,
        { who: 'instance', action: 'kms:Decrypt', ...logKey, context: viaS3 },
        'Allowed',
      );
      add(
        `${region} [agent s3manager multiuploader.fail] instance aborts a failed multipart upload`,
        { who: 'instance', action: 's3:AbortMultipartUpload', resource: object, context: { 'aws:SecureTransport': 'true' }, resourcePolicy: tlsOnly },
        'Allowed',
      );
      add(
        `${region} instance aborts a multipart upload outside the prefix`,
        {
          who: 'instance',
          action: 's3:AbortMultipartUpload',
          resource: `${bucketArn('aws', bucket)}/elsewhere/x.log`,
          context: { 'aws:SecureTransport': 'true' },
          resourcePolicy: tlsOnly,
        },
        'ImplicitlyDenied',
      );
      add(
        `${region} instance changes the ACL of a log in its own created bucket (only existing buckets need it)`,
        {
          who: 'instance',
          action: 's3:PutObjectAcl',
          resource: object,
          context: { 'aws:SecureTransport': 'true', 's3:x-amz-acl': 'bucket-owner-full-control' },
          resourcePolicy: tlsOnly,
        },
        'ImplicitlyDenied',
      );
      add(
        `${region} instance generates a data key with the log key directly (not through S3)`,
        { who: 'instance', action: 'kms:GenerateDataKey', ...logKey, context: { 'kms:ResourceAliases': ['alias/session-manager/logs'] } },
        'ImplicitlyDenied',
      );
      add(
        `${region} instance decrypts with the log key directly (not through S3)`,
        { who: 'instance', action: 'kms:Decrypt', ...logKey, context: { 'kms:ResourceAliases': ['alias/session-manager/logs'] } },
        'ImplicitlyDenied',
      );
      add(
        `${region} instance decrypts with the log key through another service`,
        {
          who: 'instance',
          action: 'kms:Decrypt',
          ...logKey,
          context: { 'kms:ResourceAliases': ['alias/session-manager/logs'], 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` },
        },
        'ImplicitlyDenied',
      );
      if (config.breakGlass) {
        // A node managed by Default Host Management Configuration: the DHMC role carries the same instance policy.
        add(`${region} [DHMC node, agent StreamData] writes to its log group`, { who: 'dhmcNode', action: 'logs:PutLogEvents', resource: stream(region, group) }, 'Allowed');
        add(
          `${region} [DHMC node, agent s3manager singlePart] uploads a small session log`,
          { who: 'dhmcNode', action: 's3:PutObject', resource: object, context: { 'aws:SecureTransport': 'true' }, resourcePolicy: tlsOnly },
          'Allowed',
        );
        add(
          `${region} [DHMC node, agent s3manager multiuploader] S3 decrypts with the log key for a multipart log`,
          { who: 'dhmcNode', action: 'kms:Decrypt', ...logKey, context: viaS3 },
          'Allowed',
        );
        add(
          `${region} [DHMC node, agent UpdateEncryptionKey] decrypts the session data key`,
          { who: 'dhmcNode', action: 'kms:Decrypt', ...userKey, resourcePolicy: sessionKey, sessionContext: true },
          'Allowed',
        );
        add(`${region} [DHMC node, agent CreateDataChannel] opens a data channel`, { who: 'dhmcNode', action: 'ssmmessages:CreateDataChannel', resource: '*' }, 'Allowed');
      }
    } else {
      add(
        `${region} instance uploads to a log bucket when S3 logging is off`,
        {
          who: 'instance',
          action: 's3:PutObject',
          resource: `${bucketArn('aws', createdBucketName('ssm-session-logs', ACCOUNT, region))}/session-logs/x.log`,
          context: { 'aws:SecureTransport': 'true' },
        },
        'ImplicitlyDenied',
      );
    }
    add(
      `${region} instance starts a session itself`,
      { who: 'instance', action: 'ssm:StartSession', resource: instanceArn(region), context: { 'ssm:resourceTag/Team': 'ops' } },
      'ImplicitlyDenied',
    );

    if (config.breakGlass) {
      const bg = config.breakGlass;
      const bgKey = { resource: keyArn(region, OTHER_KEY_ID), context: { 'kms:ResourceAliases': [bg.keyAlias] }, resourcePolicy: sessionKey };
      // --- The break-glass document: only in its own policy ---
      add(`${region} user (everyday policy) starts a session with ${bg.name}`, { who: 'user', action: 'ssm:StartSession', resource: docArn(region, bg.name) }, 'ImplicitlyDenied');
      add(
        `${region} user (everyday policy) generates a data key with the ${bg.name} key`,
        { who: 'user', action: 'kms:GenerateDataKey', ...bgKey, sessionContext: true },
        'ImplicitlyDenied',
      );
      add(
        `${region} [CLI StartSession] responder starts a session on a node with ${bg.name}`,
        { who: 'breakGlass', action: 'ssm:StartSession', resource: docArn(region, bg.name) },
        'Allowed',
      );
      add(`${region} [CLI StartSession] responder starts a session on a node`, { who: 'breakGlass', action: 'ssm:StartSession', resource: instanceArn(region) }, 'Allowed');
      add(
        `${region} [plugin ProcessKMSEncryptionHandshakeAction] responder generates a data key with the ${bg.name} key`,
        { who: 'breakGlass', action: 'kms:GenerateDataKey', ...bgKey, sessionContext: true },
        'Allowed',
      );
      add(
        `${region} [plugin FinalizeDataChannelHandshake] responder opens the data channel of their session`,
        { who: 'breakGlass', action: 'ssmmessages:OpenDataChannel', resource: sessionArn(region, `${PRINCIPALS.breakGlass.userid}-0a1b2c3d4e5f`), unvalidated: true },
        'Allowed',
      );
      add(
        `${region} [plugin TerminateSession] responder ends their own session`,
        {
          who: 'breakGlass',
          action: 'ssm:TerminateSession',
          resource: sessionArn(region, 'carol-0a1b2c3d4e5f'),
          context: { 'ssm:resourceTag/aws:ssmmessages:session-id': PRINCIPALS.breakGlass.userid },
        },
        'Allowed',
      );
      add(
        `${region} responder starts a session with SSM-SessionManagerRunShell (not in the break-glass policy)`,
        { who: 'breakGlass', action: 'ssm:StartSession', resource: docArn(region, 'SSM-SessionManagerRunShell') },
        'ImplicitlyDenied',
      );
      add(
        `${region} responder generates a data key with the everyday session-data key`,
        { who: 'breakGlass', action: 'kms:GenerateDataKey', ...userKey, resourcePolicy: sessionKey, sessionContext: true },
        'ImplicitlyDenied',
      );
      add(`${region} responder starts AWS-StartSSHSession`, { who: 'breakGlass', action: 'ssm:StartSession', resource: docArn(region, 'AWS-StartSSHSession') }, 'ImplicitlyDenied');
    }
  }

  // --- Region-independent requests, and a Region that is not configured ---
  add('user lists sessions', { who: 'user', action: 'ssm:DescribeSessions', resource: '*' }, 'Allowed');
  add('user lists instances', { who: 'user', action: 'ec2:DescribeInstances', resource: '*' }, 'Allowed');
  add('user lists managed nodes', { who: 'user', action: 'ssm:DescribeInstanceInformation', resource: '*' }, 'Allowed');
  add('user creates a document', { who: 'user', action: 'ssm:CreateDocument', resource: docArn(config.regions[0], 'Unlogged-Shell') }, 'ImplicitlyDenied');
  add(
    `${UNCONFIGURED_REGION} user starts a session on a tagged instance`,
    { who: 'user', action: 'ssm:StartSession', resource: instanceArn(UNCONFIGURED_REGION), context: { 'ssm:resourceTag/Team': 'ops' } },
    'ImplicitlyDenied',
  );
  add(
    `${UNCONFIGURED_REGION} user starts a session with SSM-SessionManagerRunShell`,
    { who: 'user', action: 'ssm:StartSession', resource: docArn(UNCONFIGURED_REGION, 'SSM-SessionManagerRunShell') },
    'ImplicitlyDenied',
  );
  add('instance opens the control channel', { who: 'instance', action: 'ssmmessages:CreateControlChannel', resource: '*' }, 'Allowed');
  add('instance opens the data channel', { who: 'instance', action: 'ssmmessages:OpenDataChannel', resource: '*' }, 'Allowed');
  add('instance looks up its log group', { who: 'instance', action: 'logs:DescribeLogGroups', resource: '*' }, 'Allowed');
  add(
    `${UNCONFIGURED_REGION} instance registers with Systems Manager`,
    { who: 'instance', action: 'ssm:UpdateInstanceInformation', resource: instanceArn(UNCONFIGURED_REGION) },
    'ImplicitlyDenied',
  );
  add(
    `${UNCONFIGURED_REGION} instance writes to the log group name`,
    { who: 'instance', action: 'logs:PutLogEvents', resource: stream(UNCONFIGURED_REGION, '/session-manager/sessions') },
    'ImplicitlyDenied',
  );
  add(
    `${UNCONFIGURED_REGION} instance decrypts with a key under the session alias`,
    {
      who: 'instance',
      action: 'kms:Decrypt',
      resource: keyArn(UNCONFIGURED_REGION),
      context: { 'kms:ResourceAliases': ['alias/session-manager/data'] },
      resourcePolicy: sessionKey,
      sessionContext: true,
    },
    'ImplicitlyDenied',
  );
  add(
    `${UNCONFIGURED_REGION} user opens the data channel of their session`,
    { who: 'user', action: 'ssmmessages:OpenDataChannel', resource: sessionArn(UNCONFIGURED_REGION, 'alice-0a1b2c3d4e5f'), unvalidated: true },
    'ImplicitlyDenied',
  );
  return cases;
}

/** The policies without their kms:EncryptionContext:* conditions (keys the engine cannot evaluate). */
function withoutEncryptionContext(policies: SimulationIdentityPolicy[]): SimulationIdentityPolicy[] {
  return policies.map((p) => ({
    ...p,
    policy: {
      ...p.policy,
      Statement: p.policy.Statement.map((st: PolicyDocument['Statement'][number]) => {
        if (!st.Condition) return st;
        const condition = Object.fromEntries(
          Object.entries(st.Condition)
            .map(([op, keys]) => [op, Object.fromEntries(Object.entries(keys).filter(([k]) => !k.startsWith('kms:EncryptionContext:')))] as const)
            .filter(([, keys]) => Object.keys(keys).length > 0),
        );
        const { Condition: _dropped, ...rest } = st;
        return Object.keys(condition).length > 0 ? { ...rest, Condition: condition } : rest;
      }),
    },
  }));
}

async function evaluate(request: Request, allPolicies: SimulationIdentityPolicy[]): Promise<EvaluationResult> {
  const identityPolicies = request.sessionContext ? withoutEncryptionContext(allPolicies) : allPolicies;
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

describe('IAM simulation engine limits', () => {
  it('drops kms:EncryptionContext:* keys (so those conditions are checked structurally, not simulated)', async () => {
    const identity = policy({ Sid: 'EncryptSessionData', Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: keyArn('eu-west-1'), Condition: SESSION_ENCRYPTION_CONTEXT });
    const result = await runSimulation(
      {
        request: {
          principal: PRINCIPALS.user.arn,
          action: 'kms:GenerateDataKey',
          resource: { resource: keyArn('eu-west-1'), accountId: ACCOUNT },
          contextVariables: { ...SESSION_CONTEXT },
        },
        identityPolicies: [{ name: 'p', policy: identity }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: sessionKeyPolicy('aws', ACCOUNT),
      },
      {},
    );
    if (result.resultType !== 'single') throw new Error(`unexpected result ${result.resultType}`);
    // The request does carry the context, as the plugin sends it; the engine ignores it and denies.
    expect(result.result.ignoredContextKeys).toEqual(expect.arrayContaining(Object.keys(SESSION_CONTEXT)));
    expect(result.overallResult).toBe('ImplicitlyDenied');
  });
});

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
    // The EC2 instance role and the DHMC role carry the instance policy; responders only the break-glass policy.
    const identity = request.who === 'instance' || request.who === 'dhmcNode' ? policies.instance : request.who === 'breakGlass' ? policies.breakGlass : policies.user;
    expect(await evaluate(request, identity)).toBe(expected);
  });

  it('encryption context conditions: every session-data key grant requires aws:ssm:SessionId and aws:ssm:TargetId, and none goes through kms:ViaService', () => {
    // The engine cannot evaluate kms:EncryptionContext:* keys; the statements are checked here instead.
    const statements = [...policies.instance, ...policies.user, ...policies.breakGlass].flatMap((p) => p.policy.Statement as PolicyDocument['Statement']);
    const sessionKeyGrants = statements.filter((st) => /^(DecryptSessionData|EncryptSessionData)/.test(st.Sid));
    if (config.model.accounts[0].regions.some((r) => r.preferences.sessionKey.mode !== 'none')) expect(sessionKeyGrants.length).toBeGreaterThan(0);
    for (const st of sessionKeyGrants) {
      expect(st.Condition?.Null).toEqual(SESSION_ENCRYPTION_CONTEXT.Null);
      expect(JSON.stringify(st.Condition)).not.toContain('kms:ViaService');
    }
    // Bucket keys, the other way round: only through S3, no session context.
    for (const st of statements.filter((s) => s.Sid.startsWith('LogBucketKeysThroughS3'))) {
      expect(Object.keys(st.Condition?.StringEquals ?? {})).toEqual(['kms:ViaService']);
      expect(JSON.stringify(st.Condition)).not.toContain('kms:EncryptionContext');
    }
  });
});

afterAll(() => {
  console.log(
    `IAM simulation matrix: ${totals.requests} requests over ${Object.keys(CONFIGS).length} configurations ` +
      `(${totals.allowed} allowed, ${totals.explicitlyDenied} explicitly denied, ${totals.implicitlyDenied} implicitly denied)`,
  );
});
