/**
 * Reads what the drift check compares, with the shared readers of src/aws/readers (the same ones
 * preflight uses). The collectors take plain client interfaces (anything with the SDK's `send`),
 * so tests hand them aws-sdk-client-mock clients and the CLI hands them the shared runner's
 * clients (src/aws/). "Not found" answers become null (drift); any other failure becomes an error
 * of the Region (exit 1), never drift.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SSMClient } from '@aws-sdk/client-ssm';
import {
  readBucketHead,
  readInstanceProfile,
  readRole,
  readAttachedRolePolicies,
  readRolePolicyNames,
  decodePolicyDocument,
  readBucketSettings,
  getFunction,
  readDocument,
  readKey,
  readKeyTags,
  readLogGroup,
  readParameter,
  readPolicyDefault,
  readServiceSetting,
  recordingReads,
  type Call,
  type ReadContext,
} from '../aws/readers';
import type { ExpectedAccount, ExpectedRegion } from './expected';
import type {
  ObservedAccount,
  ObservedBucket,
  ObservedDocument,
  ObservedFunction,
  ObservedInstanceProfile,
  ObservedKey,
  ObservedLogGroup,
  ObservedPolicy,
  ObservedRegion,
  ObservedRole,
} from './observed';
import { documentKeyId } from './observed';

export { decodePolicyDocument } from '../aws/readers';
export type { Call } from '../aws/readers';

/** The clients of one account in one Region (only `send` is used). */
export interface RegionClients {
  readonly ssm: Pick<SSMClient, 'send'>;
  readonly kms: Pick<KMSClient, 'send'>;
  readonly logs: Pick<CloudWatchLogsClient, 'send'>;
  readonly s3: Pick<S3Client, 'send'>;
  /** Used only in Regions with the updater Lambda. */
  readonly lambda: Pick<LambdaClient, 'send'>;
}

/** The IAM client of one account. */
export interface AccountClients {
  readonly iam: Pick<IAMClient, 'send'>;
}

async function observeDocument(ssm: RegionClients['ssm'], name: string, ctx: ReadContext): Promise<ObservedDocument | null | undefined> {
  const read = await readDocument(ssm, name, ctx);
  if (!read) return read;
  if (!read.default) return undefined;
  return {
    ...(read.documentType ? { documentType: read.documentType } : {}),
    defaultVersion: read.defaultVersion,
    latestVersion: read.latestVersion,
    default: read.default,
    ...(read.latest ? { latest: read.latest } : {}),
  };
}

/**
 * A key: DescribeKey (its description comes with it) and its rotation; its tags too when `tagsOf`
 * is the account (a candidate for the created session-data key), unless the key is another
 * account's (ListResourceTags answers only for the caller's own keys, and such a key is not ours).
 */
async function observeKey(kms: RegionClients['kms'], ref: string, rotation: boolean, ctx: ReadContext, tagsOf?: string): Promise<ObservedKey | null | undefined> {
  const read = await readKey(kms, ref, ctx, rotation);
  if (!read) return read;
  const m = read.metadata;
  const own = tagsOf !== undefined && m?.KeyId !== undefined && (m.AWSAccountId === undefined || m.AWSAccountId === tagsOf);
  const tags = own ? await readKeyTags(kms, m.KeyId!, ctx) : undefined;
  return {
    keyId: m?.KeyId ?? ref,
    arn: m?.Arn ?? '',
    keyState: m?.KeyState ?? (m?.Enabled ? 'Enabled' : 'Disabled'),
    enabled: m?.Enabled === true,
    ...(read.rotationEnabled !== undefined ? { rotationEnabled: read.rotationEnabled } : {}),
    ...(m?.Description ? { description: m.Description } : {}),
    ...(tags ? { tags } : {}),
  };
}

async function observeLogGroup(logs: RegionClients['logs'], name: string, ctx: ReadContext): Promise<ObservedLogGroup | null | undefined> {
  const group = await readLogGroup(logs, name, ctx);
  if (!group) return group;
  return { ...(group.retentionInDays !== undefined ? { retentionDays: group.retentionInDays } : {}), ...(group.kmsKeyId ? { kmsKeyId: group.kmsKeyId } : {}) };
}

async function observeBucket(s3: RegionClients['s3'], name: string, ctx: ReadContext): Promise<ObservedBucket | null | undefined> {
  const head = await readBucketHead(s3, name, ctx);
  if (!head) return head;
  return readBucketSettings(s3, name, ctx);
}

async function observeFunction(lambda: RegionClients['lambda'], name: string, ctx: ReadContext): Promise<ObservedFunction | null | undefined> {
  const read = await getFunction(lambda, name, ctx);
  if (!read) return read;
  const c = read.configuration;
  return {
    ...(c.Runtime ? { runtime: c.Runtime } : {}),
    ...(c.Role ? { roleArn: c.Role } : {}),
    ...(c.LoggingConfig?.LogGroup ? { logGroup: c.LoggingConfig.LogGroup } : {}),
    ...(c.Handler ? { handler: c.Handler } : {}),
    ...(c.Timeout !== undefined ? { timeout: c.Timeout } : {}),
    ...(c.MemorySize !== undefined ? { memorySize: c.MemorySize } : {}),
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
export async function collectRegion(clients: RegionClients, expected: ExpectedRegion, call?: Call): Promise<ObservedRegion> {
  const errors: string[] = [];
  const ctx = recordingReads(errors, call);
  const created = expected.createdKey;
  const parameters = await collectMap(created ? [created.keyIdParameter] : [], async (name) => {
    const got = await readParameter(clients.ssm, name, ctx);
    return got ? (got.Value ?? '') : got;
  });
  const keyRefs: { ref: string; rotation: boolean; candidate?: boolean }[] = [
    ...(created ? [{ ref: created.alias, rotation: true, candidate: true }] : []),
    ...(expected.logsKeyAlias !== undefined ? [{ ref: expected.logsKeyAlias, rotation: true }] : []),
    ...expected.existingKeys.map((ref) => ({ ref, rotation: false })),
  ];
  const dhmcSetting = expected.dhmc;
  const fn = expected.lambdaFunction;
  const [documents, keys, logGroups, buckets, sharing, dhmc, lambdaFunction] = await Promise.all([
    collectMap(
      expected.documents.map((d) => d.name),
      (name) => observeDocument(clients.ssm, name, ctx),
    ),
    collectMap(
      keyRefs.map((k) => k.ref),
      (ref) => {
        const k = keyRefs.find((r) => r.ref === ref);
        return observeKey(clients.kms, ref, k?.rotation ?? false, ctx, k?.candidate ? expected.accountId : undefined);
      },
    ),
    collectMap([...expected.logGroups.map((g) => g.name), ...expected.referencedLogGroups], (name) => observeLogGroup(clients.logs, name, ctx)),
    collectMap(
      expected.buckets.map((b) => b.name),
      (name) => observeBucket(clients.s3, name, ctx),
    ),
    expected.sharing ? readServiceSetting(clients.ssm, expected.sharing.settingId, ctx) : Promise.resolve(undefined),
    dhmcSetting ? readServiceSetting(clients.ssm, dhmcSetting.settingId, ctx) : Promise.resolve(undefined),
    fn ? observeFunction(clients.lambda, fn.name, ctx) : Promise.resolve(undefined),
  ]);
  // The keys the parameter and the documents name, when the alias targets another one: each may be
  // the created key (its state, tags and description matter too). Nothing more is read when all agree.
  if (created && keys[created.alias] !== undefined) {
    const aliasKeyId = keys[created.alias]?.keyId;
    const named = [parameters[created.keyIdParameter], ...expected.documents.flatMap((d) => (d.createdKeyAlias !== undefined ? [documentKeyId(documents[d.name])] : []))];
    const others = [...new Set(named.filter((id): id is string => !!id && id !== aliasKeyId && !(id in keys)))];
    const read = await collectMap(others, (id) => observeKey(clients.kms, id, true, ctx, expected.accountId));
    Object.assign(keys, read);
  }
  const value = sharing?.SettingValue;
  const dhmcValue = dhmc?.SettingValue;
  return {
    documents,
    keys,
    parameters,
    logGroups,
    buckets,
    ...(value !== undefined ? { sharing: value } : {}),
    ...(dhmcValue !== undefined ? { dhmc: dhmcValue } : {}),
    ...(lambdaFunction !== undefined ? { lambdaFunction } : {}),
    errors,
  };
}

/** Reads the default version of every managed policy of an account, its roles (with their trust policy, attached and inline policies) and instance profiles. */
export async function collectAccount(clients: AccountClients, expected: ExpectedAccount, call?: Call): Promise<ObservedAccount> {
  const errors: string[] = [];
  const ctx = recordingReads(errors, call);
  const policies = await collectMap(
    expected.policies.map((p) => p.arn),
    (arn): Promise<ObservedPolicy | null | undefined> => readPolicyDefault(clients.iam, arn, ctx),
  );
  const roles = await collectMap(
    expected.roles.map((r) => r.name),
    async (name): Promise<ObservedRole | null | undefined> => {
      const role = await readRole(clients.iam, name, ctx);
      if (!role) return role;
      const [managed, inline] = await Promise.all([readAttachedRolePolicies(clients.iam, name, ctx), readRolePolicyNames(clients.iam, name, ctx)]);
      return {
        path: role.Path ?? '/',
        arn: role.Arn ?? '',
        ...(role.AssumeRolePolicyDocument ? { trustPolicy: decodePolicyDocument(role.AssumeRolePolicyDocument) } : {}),
        // A role deleted between the calls (null) is left to the next run: GetRole answered.
        ...(managed ? { managedPolicyArns: managed } : {}),
        ...(inline ? { inlinePolicyNames: inline } : {}),
      };
    },
  );
  const instanceProfiles = await collectMap(
    expected.instanceProfiles.map((p) => p.name),
    async (name): Promise<ObservedInstanceProfile | null | undefined> => {
      const profile = await readInstanceProfile(clients.iam, name, ctx);
      return profile ? { path: profile.Path ?? '/', roles: (profile.Roles ?? []).flatMap((r) => (r.RoleName ? [r.RoleName] : [])) } : profile;
    },
  );
  return { policies, roles, instanceProfiles, errors };
}
