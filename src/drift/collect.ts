/**
 * Reads what the drift check compares, with AWS SDK v3 read-only calls. The collectors take plain
 * client interfaces (anything with the SDK's `send`), so tests hand them aws-sdk-client-mock
 * clients and the CLI hands them the shared runner's clients (src/aws/). "Not found" answers
 * become null (drift); any other failure becomes an error of the Region (exit 1), never drift.
 */
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetPolicyCommand, GetPolicyVersionCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DescribeDocumentCommand, GetDocumentCommand, GetParameterCommand, GetServiceSettingCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { ExpectedAccount, ExpectedRegion } from './expected';
import type { ObservedAccount, ObservedBucket, ObservedDocument, ObservedKey, ObservedLogGroup, ObservedPolicy, ObservedRegion } from './observed';

/** The clients of one account in one Region (only `send` is used). */
export interface RegionClients {
  readonly ssm: Pick<SSMClient, 'send'>;
  readonly kms: Pick<KMSClient, 'send'>;
  readonly logs: Pick<CloudWatchLogsClient, 'send'>;
  readonly s3: Pick<S3Client, 'send'>;
}

/** The IAM client of one account. */
export interface AccountClients {
  readonly iam: Pick<IAMClient, 'send'>;
}

/** Runs one AWS call (the runner's `call` retries throttling with backoff); the default calls once. */
export type Call = <T>(request: () => Promise<T>) => Promise<T>;

const once: Call = (request) => request();

/** Error names that mean "this resource does not exist". */
const NOT_FOUND = new Set([
  'InvalidDocument',
  'ParameterNotFound',
  'NotFoundException',
  'ResourceNotFoundException',
  'NoSuchBucket',
  'NotFound',
  'NoSuchEntity',
  'NoSuchEntityException',
]);

function errorName(e: unknown): string {
  return (e as { name?: string })?.name ?? 'Error';
}

/** `ApiName: ErrorName: message`, the way errors appear in reports. */
function describeError(api: string, subject: string, e: unknown): string {
  const message = (e as { message?: string })?.message ?? String(e);
  return `${api} ${subject}: ${errorName(e)}${message && message !== errorName(e) ? `: ${message.split('\n')[0]}` : ''}`;
}

interface Ctx {
  readonly errors: string[];
  readonly call: Call;
}

/** Runs `read`; not-found -> null, other errors -> recorded, undefined. */
async function attempt<T>(ctx: Ctx, api: string, subject: string, read: () => Promise<T>, notFound: ReadonlySet<string> = NOT_FOUND): Promise<T | null | undefined> {
  try {
    return await ctx.call(read);
  } catch (e) {
    if (notFound.has(errorName(e))) return null;
    ctx.errors.push(describeError(api, subject, e));
    return undefined;
  }
}

async function readDocument(ssm: RegionClients['ssm'], name: string, ctx: Ctx): Promise<ObservedDocument | null | undefined> {
  const described = await attempt(ctx, 'ssm:DescribeDocument', name, () => ssm.send(new DescribeDocumentCommand({ Name: name })));
  if (!described) return described;
  const d = described.Document;
  const defaultVersion = d?.DefaultVersion ?? '';
  const latestVersion = d?.LatestVersion ?? defaultVersion;
  const content = async (version: string) => {
    const got = await attempt(ctx, 'ssm:GetDocument', `${name} version ${version}`, () => ssm.send(new GetDocumentCommand({ Name: name, DocumentVersion: version })));
    return got ? { version, content: got.Content ?? '' } : undefined;
  };
  const [def, latest] = await Promise.all([content(defaultVersion), latestVersion !== defaultVersion ? content(latestVersion) : Promise.resolve(undefined)]);
  if (!def) return undefined;
  return {
    ...(d?.DocumentType ? { documentType: d.DocumentType } : {}),
    defaultVersion,
    latestVersion,
    default: def,
    ...(latest ? { latest } : {}),
  };
}

async function readKey(kms: RegionClients['kms'], ref: string, rotation: boolean, ctx: Ctx): Promise<ObservedKey | null | undefined> {
  const described = await attempt(ctx, 'kms:DescribeKey', ref, () => kms.send(new DescribeKeyCommand({ KeyId: ref })));
  if (!described) return described;
  const m = described.KeyMetadata;
  const keyId = m?.KeyId ?? ref;
  let rotationEnabled: boolean | undefined;
  // A key pending deletion or disabled still answers GetKeyRotationStatus; only ask for the keys this project creates.
  if (rotation && m?.KeyState !== 'PendingDeletion') {
    const status = await attempt(ctx, 'kms:GetKeyRotationStatus', ref, () => kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId })));
    if (status) rotationEnabled = status.KeyRotationEnabled === true;
  }
  return {
    keyId,
    arn: m?.Arn ?? '',
    keyState: m?.KeyState ?? (m?.Enabled ? 'Enabled' : 'Disabled'),
    enabled: m?.Enabled === true,
    ...(rotationEnabled !== undefined ? { rotationEnabled } : {}),
  };
}

async function readLogGroup(logs: RegionClients['logs'], name: string, ctx: Ctx): Promise<ObservedLogGroup | null | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await attempt(ctx, 'logs:DescribeLogGroups', name, () =>
      logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, ...(nextToken ? { nextToken } : {}) })),
    );
    if (!page) return page;
    const group = page.logGroups?.find((g) => g.logGroupName === name);
    if (group) return { ...(group.retentionInDays !== undefined ? { retentionDays: group.retentionInDays } : {}), ...(group.kmsKeyId ? { kmsKeyId: group.kmsKeyId } : {}) };
    nextToken = page.nextToken;
  } while (nextToken);
  return null;
}

const NO_CONFIG = new Set(['ServerSideEncryptionConfigurationNotFoundError', 'NoSuchPublicAccessBlockConfiguration', 'NoSuchBucketPolicy', 'NoSuchLifecycleConfiguration']);

async function readBucket(s3: RegionClients['s3'], name: string, ctx: Ctx): Promise<ObservedBucket | null | undefined> {
  const head = await attempt(ctx, 's3:HeadBucket', name, () => s3.send(new HeadBucketCommand({ Bucket: name })));
  if (!head) return head;
  const [enc, ver, pab, pol, life] = await Promise.all([
    attempt(ctx, 's3:GetBucketEncryption', name, () => s3.send(new GetBucketEncryptionCommand({ Bucket: name })), NO_CONFIG),
    attempt(ctx, 's3:GetBucketVersioning', name, () => s3.send(new GetBucketVersioningCommand({ Bucket: name }))),
    attempt(ctx, 's3:GetPublicAccessBlock', name, () => s3.send(new GetPublicAccessBlockCommand({ Bucket: name })), NO_CONFIG),
    attempt(ctx, 's3:GetBucketPolicy', name, () => s3.send(new GetBucketPolicyCommand({ Bucket: name })), NO_CONFIG),
    attempt(ctx, 's3:GetBucketLifecycleConfiguration', name, () => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: name })), NO_CONFIG),
  ]);
  if (enc === undefined || ver === undefined || pab === undefined || pol === undefined || life === undefined) return undefined;
  const enabled = (life?.Rules ?? []).filter((r) => r.Status === 'Enabled');
  const expirationDays = enabled.map((r) => r.Expiration?.Days).find((d) => d !== undefined);
  const noncurrentDays = enabled.map((r) => r.NoncurrentVersionExpiration?.NoncurrentDays).find((d) => d !== undefined);
  const rule = enc?.ServerSideEncryptionConfiguration?.Rules?.[0];
  const c = pab?.PublicAccessBlockConfiguration;
  return {
    ...(rule
      ? {
          encryption: {
            ...(rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ? { sseAlgorithm: rule.ApplyServerSideEncryptionByDefault.SSEAlgorithm } : {}),
            ...(rule.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID ? { kmsKeyId: rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID } : {}),
            bucketKeyEnabled: rule.BucketKeyEnabled === true,
          },
        }
      : {}),
    ...(ver?.Status ? { versioning: ver.Status } : {}),
    ...(c
      ? {
          publicAccessBlock: {
            blockPublicAcls: c.BlockPublicAcls === true,
            ignorePublicAcls: c.IgnorePublicAcls === true,
            blockPublicPolicy: c.BlockPublicPolicy === true,
            restrictPublicBuckets: c.RestrictPublicBuckets === true,
          },
        }
      : {}),
    ...(pol?.Policy ? { policy: pol.Policy } : {}),
    ...(life ? { lifecycle: { ...(expirationDays !== undefined ? { expirationDays } : {}), ...(noncurrentDays !== undefined ? { noncurrentDays } : {}) } } : {}),
  };
}

async function collectMap<T>(names: readonly string[], read: (name: string) => Promise<T | null | undefined>): Promise<Record<string, T | null>> {
  const values = await Promise.all(names.map(read));
  const out: Record<string, T | null> = {};
  names.forEach((name, i) => {
    const v = values[i];
    if (v !== undefined) out[name] = v;
  });
  return out;
}

/** Reads everything `expected` names in one Region; the reads of different resources run concurrently. */
export async function collectRegion(clients: RegionClients, expected: ExpectedRegion, call: Call = once): Promise<ObservedRegion> {
  const errors: string[] = [];
  const ctx: Ctx = { errors, call };
  const created = expected.createdKey;
  const parameters = await collectMap(created ? [created.keyIdParameter] : [], async (name) => {
    const got = await attempt(ctx, 'ssm:GetParameter', name, () => clients.ssm.send(new GetParameterCommand({ Name: name })));
    return got ? (got.Parameter?.Value ?? '') : got;
  });
  const keyRefs: { ref: string; rotation: boolean }[] = [
    ...(created ? [{ ref: created.alias, rotation: true }] : []),
    ...(expected.logsKeyAlias !== undefined ? [{ ref: expected.logsKeyAlias, rotation: true }] : []),
    ...expected.existingKeys.map((ref) => ({ ref, rotation: false })),
  ];
  const [documents, keys, logGroups, buckets, sharing] = await Promise.all([
    collectMap(
      expected.documents.map((d) => d.name),
      (name) => readDocument(clients.ssm, name, ctx),
    ),
    collectMap(
      keyRefs.map((k) => k.ref),
      (ref) => readKey(clients.kms, ref, keyRefs.find((k) => k.ref === ref)?.rotation ?? false, ctx),
    ),
    collectMap([...expected.logGroups.map((g) => g.name), ...expected.referencedLogGroups], (name) => readLogGroup(clients.logs, name, ctx)),
    collectMap(
      expected.buckets.map((b) => b.name),
      (name) => readBucket(clients.s3, name, ctx),
    ),
    attempt(ctx, 'ssm:GetServiceSetting', expected.sharing.settingId, () => clients.ssm.send(new GetServiceSettingCommand({ SettingId: expected.sharing.settingId })), new Set()),
  ]);
  // The key the parameter names, when the alias targets another one: its state matters too.
  const paramKey = created ? parameters[created.keyIdParameter] : undefined;
  const aliasKey = created ? keys[created.alias] : undefined;
  if (paramKey && aliasKey !== undefined && aliasKey?.keyId !== paramKey) {
    const key = await readKey(clients.kms, paramKey, true, ctx);
    if (key !== undefined) keys[paramKey] = key;
  }
  const value = sharing?.ServiceSetting?.SettingValue;
  return { documents, keys, parameters, logGroups, buckets, ...(value !== undefined ? { sharing: value } : {}), errors };
}

/** Reads the default version of every managed policy of an account. */
export async function collectAccount(clients: AccountClients, expected: ExpectedAccount, call: Call = once): Promise<ObservedAccount> {
  const errors: string[] = [];
  const ctx: Ctx = { errors, call };
  const policies = await collectMap(
    expected.policies.map((p) => p.arn),
    async (arn): Promise<ObservedPolicy | null | undefined> => {
      const got = await attempt(ctx, 'iam:GetPolicy', arn, () => clients.iam.send(new GetPolicyCommand({ PolicyArn: arn })));
      if (!got) return got;
      const versionId = got.Policy?.DefaultVersionId ?? 'v1';
      const version = await attempt(ctx, 'iam:GetPolicyVersion', `${arn} ${versionId}`, () =>
        clients.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId })),
      );
      if (!version) return version === null ? null : undefined;
      const text = version.PolicyVersion?.Document ?? '';
      return { defaultVersionId: versionId, document: decodePolicyDocument(text) };
    },
  );
  return { policies, errors };
}

/** IAM returns policy documents URL-encoded (RFC 3986). */
export function decodePolicyDocument(text: string): string {
  if (text.trimStart().startsWith('{')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
