/**
 * An in-memory AWS account as a drift check sees it, for tests and the benchmark: built from the
 * expected state as a clean `cdktf deploy` would leave it, then changed by the test ("someone
 * pinned the default version"). `handle(commandName, input)` answers the read calls the
 * collectors make (src/drift/collect.ts), with AWS's error names for missing things.
 */
import type { ExpectedAccount } from '../drift/expected';
import { CREATED_KEY_PLACEHOLDER } from '../drift/expected';
import { LOGS_KEY_DESCRIPTION } from '../model/resource-names';

/** A document in the world: its versions' content and which one is the default. */
export interface WorldDocument {
  documentType: string;
  versions: string[];
  defaultVersion: number;
}

export interface WorldKey {
  keyId: string;
  arn: string;
  keyState: string;
  rotation: boolean;
  description?: string;
  tags?: Record<string, string>;
}

export interface WorldBucket {
  encryption?: { sseAlgorithm: string; kmsKeyId?: string; bucketKeyEnabled: boolean };
  versioning?: string;
  publicAccessBlock?: { BlockPublicAcls: boolean; IgnorePublicAcls: boolean; BlockPublicPolicy: boolean; RestrictPublicBuckets: boolean };
  policy?: string;
  lifecycle?: { expirationDays: number; noncurrentDays: number };
  objectOwnership?: string;
  objectLock?: { mode: string; days: number };
}

/** One Region of one account. */
export interface WorldRegion {
  documents: Map<string, WorldDocument>;
  keys: Map<string, WorldKey>;
  aliases: Map<string, string>;
  parameters: Map<string, string>;
  logGroups: Map<string, { retentionInDays?: number; kmsKeyId?: string }>;
  buckets: Map<string, WorldBucket>;
  /** Lambda functions by name (the updater), as GetFunction's configuration. */
  functions: Map<string, { Runtime?: string; Role?: string; LoggingConfig?: { LogGroup?: string }; Handler?: string; Timeout?: number; MemorySize?: number }>;
  sharing: string;
}

/** Policy ARN -> versions (document text) and the default version id. */
export interface WorldPolicy {
  versions: Map<string, string>;
  defaultVersionId: string;
}

export class AwsError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

function keyOf(accountId: string, region: string, n: number): WorldKey {
  const keyId = `${String(n).padStart(8, '0')}-1111-2222-3333-${accountId}`;
  return { keyId, arn: `arn:aws:kms:${region}:${accountId}:key/${keyId}`, keyState: 'Enabled', rotation: true };
}

/** An organization as deployed from `accounts`, and the read API the drift collectors use. */
export class DriftWorld {
  readonly regions = new Map<string, WorldRegion>();
  readonly policies = new Map<string, WorldPolicy>();

  constructor(accounts: readonly ExpectedAccount[]) {
    for (const account of accounts) {
      for (const p of account.policies) this.policies.set(p.arn, { versions: new Map([['v1', JSON.stringify(p.document, null, 2)]]), defaultVersionId: 'v1' });
      for (const r of account.regions) {
        const region: WorldRegion = {
          documents: new Map(),
          keys: new Map(),
          aliases: new Map(),
          parameters: new Map(),
          logGroups: new Map(),
          buckets: new Map(),
          functions: new Map(),
          sharing: 'Disable',
        };
        let n = 1;
        // Created keys carry the project's ManagedBy tag (default_tags) and their construct's description.
        const managedBy = r.createdKey?.managedBy;
        const tags = managedBy ? { [managedBy.key]: managedBy.value } : {};
        const addKey = (alias: string, description: string) => {
          const key = { ...keyOf(account.accountId, r.region, n++), description, tags: { ...tags } };
          region.keys.set(key.keyId, key);
          region.aliases.set(alias, key.keyId);
          return key;
        };
        const sessionKey = r.createdKey ? addKey(r.createdKey.alias, r.createdKey.description) : undefined;
        if (r.createdKey && sessionKey) region.parameters.set(r.createdKey.keyIdParameter, sessionKey.keyId);
        const logsKey = r.logsKeyAlias !== undefined ? addKey(r.logsKeyAlias, LOGS_KEY_DESCRIPTION) : undefined;
        for (const ref of r.existingKeys) {
          const key = keyOf(account.accountId, r.region, n++);
          region.keys.set(ref, { ...key, keyId: ref });
        }
        for (const doc of r.documents) {
          const content = JSON.parse(JSON.stringify(doc.content)) as { inputs?: { kmsKeyId: string } };
          if (content.inputs?.kmsKeyId === CREATED_KEY_PLACEHOLDER) content.inputs.kmsKeyId = sessionKey?.keyId ?? '';
          region.documents.set(doc.name, { documentType: 'Session', versions: [JSON.stringify(content, null, 2)], defaultVersion: 1 });
        }
        for (const g of r.logGroups) region.logGroups.set(g.name, { retentionInDays: g.retentionDays, ...(g.kmsKeyAlias && logsKey ? { kmsKeyId: logsKey.arn } : {}) });
        for (const name of r.referencedLogGroups) region.logGroups.set(name, { retentionInDays: 365 });
        for (const b of r.buckets) {
          region.buckets.set(b.name, {
            encryption: { sseAlgorithm: 'aws:kms', ...(logsKey ? { kmsKeyId: logsKey.arn } : {}), bucketKeyEnabled: true },
            versioning: 'Enabled',
            publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
            policy: JSON.stringify(b.policy),
            lifecycle: { expirationDays: b.expirationDays, noncurrentDays: b.noncurrentVersionExpirationDays },
            objectOwnership: b.objectOwnership,
            ...(b.objectLock ? { objectLock: { mode: b.objectLock.mode, days: b.objectLock.retentionDays } } : {}),
          });
        }
        const fn = r.lambdaFunction;
        if (fn)
          region.functions.set(fn.name, {
            Runtime: fn.runtime,
            Role: fn.roleArn,
            LoggingConfig: { LogGroup: fn.logGroup },
            Handler: fn.handler,
            Timeout: fn.timeoutSeconds,
            MemorySize: fn.memorySize,
          });
        this.regions.set(`${account.accountId}/${r.region}`, region);
      }
    }
  }

  /** One Region, to change it. */
  region(accountId: string, region: string): WorldRegion {
    const r = this.regions.get(`${accountId}/${region}`);
    if (!r) throw new Error(`DriftWorld: no ${accountId}/${region}`);
    return r;
  }

  /** The key an alias targets. */
  aliasKey(accountId: string, region: string, alias: string): WorldKey {
    const r = this.region(accountId, region);
    const key = r.keys.get(r.aliases.get(alias) ?? '');
    if (!key) throw new Error(`DriftWorld: no alias ${alias}`);
    return key;
  }

  /** Adds a version to a document (like UpdateDocument) with `edit` applied to the latest content; the default stays. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  addVersion(accountId: string, region: string, name: string, edit: (content: Record<string, any>) => void): number {
    const doc = this.region(accountId, region).documents.get(name);
    if (!doc) throw new Error(`DriftWorld: no document ${name}`);
    const content = JSON.parse(doc.versions[doc.versions.length - 1]);
    edit(content);
    doc.versions.push(JSON.stringify(content, null, 2));
    return doc.versions.length;
  }

  /** Answers one read call of the collectors for `accountId` in `region`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handle(accountId: string, region: string, command: string, input: Record<string, any>): unknown {
    if (command === 'GetPolicyCommand' || command === 'GetPolicyVersionCommand') return this.iam(command, input);
    if (command === 'GetCallerIdentityCommand') return { Account: accountId, Arn: `arn:aws:sts::${accountId}:assumed-role/drift/session` };
    const r = this.region(accountId, region);
    switch (command) {
      case 'DescribeDocumentCommand': {
        const doc = r.documents.get(input.Name);
        if (!doc) throw new AwsError('InvalidDocument', 'Document with name ' + input.Name + ' does not exist.');
        return { Document: { Name: input.Name, DocumentType: doc.documentType, DefaultVersion: String(doc.defaultVersion), LatestVersion: String(doc.versions.length) } };
      }
      case 'GetDocumentCommand': {
        const doc = r.documents.get(input.Name);
        const v = input.DocumentVersion === '$LATEST' || input.DocumentVersion === undefined ? doc?.versions.length : Number(input.DocumentVersion);
        const content = doc && v !== undefined ? doc.versions[v - 1] : undefined;
        if (content === undefined) throw new AwsError('InvalidDocument', 'no such document version');
        return { Name: input.Name, DocumentVersion: String(v), Content: content };
      }
      case 'GetParameterCommand': {
        const value = r.parameters.get(input.Name);
        if (value === undefined) throw new AwsError('ParameterNotFound', input.Name);
        return { Parameter: { Name: input.Name, Value: value } };
      }
      case 'GetServiceSettingCommand':
        return { ServiceSetting: { SettingId: input.SettingId, SettingValue: r.sharing } };
      case 'DescribeKeyCommand': {
        const id = String(input.KeyId).startsWith('alias/') ? r.aliases.get(input.KeyId) : input.KeyId;
        const key = id !== undefined ? r.keys.get(id) : undefined;
        if (!key) throw new AwsError('NotFoundException', `${input.KeyId} is not found.`);
        return {
          KeyMetadata: { KeyId: key.keyId, Arn: key.arn, KeyState: key.keyState, Enabled: key.keyState === 'Enabled', Description: key.description ?? '' },
        };
      }
      case 'ListResourceTagsCommand': {
        const key = r.keys.get(input.KeyId);
        if (!key) throw new AwsError('NotFoundException', `${input.KeyId} is not found.`);
        return { Tags: Object.entries(key.tags ?? {}).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) };
      }
      case 'GetKeyRotationStatusCommand': {
        const key = r.keys.get(input.KeyId);
        if (!key) throw new AwsError('NotFoundException', `${input.KeyId} is not found.`);
        return { KeyRotationEnabled: key.rotation };
      }
      case 'DescribeLogGroupsCommand':
        return {
          logGroups: [...r.logGroups].filter(([name]) => name.startsWith(input.logGroupNamePrefix ?? '')).map(([logGroupName, g]) => ({ logGroupName, ...g })),
        };
      case 'GetFunctionCommand': {
        const fn = r.functions.get(input.FunctionName);
        if (!fn) throw new AwsError('ResourceNotFoundException', `Function not found: ${input.FunctionName}`);
        return { Configuration: { FunctionName: input.FunctionName, ...fn }, Tags: {} };
      }
      case 'HeadBucketCommand':
        if (!r.buckets.has(input.Bucket)) throw new AwsError('NotFound', 'UnknownError');
        return {};
      case 'GetBucketEncryptionCommand': {
        const e = this.bucket(r, input.Bucket).encryption;
        if (!e) throw new AwsError('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found');
        return {
          ServerSideEncryptionConfiguration: {
            Rules: [
              { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: e.sseAlgorithm, ...(e.kmsKeyId ? { KMSMasterKeyID: e.kmsKeyId } : {}) }, BucketKeyEnabled: e.bucketKeyEnabled },
            ],
          },
        };
      }
      case 'GetBucketVersioningCommand': {
        const v = this.bucket(r, input.Bucket).versioning;
        return v ? { Status: v } : {};
      }
      case 'GetPublicAccessBlockCommand': {
        const c = this.bucket(r, input.Bucket).publicAccessBlock;
        if (!c) throw new AwsError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found');
        return { PublicAccessBlockConfiguration: c };
      }
      case 'GetBucketPolicyCommand': {
        const p = this.bucket(r, input.Bucket).policy;
        if (p === undefined) throw new AwsError('NoSuchBucketPolicy', 'The bucket policy does not exist');
        return { Policy: p };
      }
      case 'GetBucketLifecycleConfigurationCommand': {
        const l = this.bucket(r, input.Bucket).lifecycle;
        if (l === undefined) throw new AwsError('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist');
        return {
          Rules: [{ ID: 'expire-session-logs', Status: 'Enabled', Expiration: { Days: l.expirationDays }, NoncurrentVersionExpiration: { NoncurrentDays: l.noncurrentDays } }],
        };
      }
      case 'GetBucketOwnershipControlsCommand': {
        const o = this.bucket(r, input.Bucket).objectOwnership;
        if (o === undefined) throw new AwsError('OwnershipControlsNotFoundError', 'The bucket ownership controls were not found');
        return { OwnershipControls: { Rules: [{ ObjectOwnership: o }] } };
      }
      case 'GetObjectLockConfigurationCommand': {
        const l = this.bucket(r, input.Bucket).objectLock;
        if (l === undefined) throw new AwsError('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket');
        return { ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: l.mode, Days: l.days } } } };
      }
      default:
        throw new Error(`DriftWorld: ${command} is not a call the drift check makes`);
    }
  }

  private bucket(r: WorldRegion, name: string): WorldBucket {
    const b = r.buckets.get(name);
    if (!b) throw new AwsError('NoSuchBucket', 'The specified bucket does not exist');
    return b;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private iam(command: string, input: Record<string, any>): unknown {
    const p = this.policies.get(input.PolicyArn);
    if (!p) throw new AwsError('NoSuchEntityException', `Policy ${input.PolicyArn} does not exist or is not attachable.`);
    if (command === 'GetPolicyCommand') return { Policy: { Arn: input.PolicyArn, DefaultVersionId: p.defaultVersionId } };
    const doc = p.versions.get(input.VersionId);
    if (doc === undefined) throw new AwsError('NoSuchEntityException', 'no such version');
    // IAM returns documents URL-encoded.
    return { PolicyVersion: { VersionId: input.VersionId, IsDefaultVersion: input.VersionId === p.defaultVersionId, Document: encodeURIComponent(doc) } };
  }
}

/** How long each fake call takes, in milliseconds (the benchmark's "realistic latency"). */
export type Latency = () => number;

/**
 * A client factory for the shared runner (src/aws/ClientFactory shape) whose clients answer from
 * `world`, each call after `latency()` ms. Every service's client is the same object: it routes by
 * command name, as the collectors never send the same command name to two services.
 */
export function worldClientFactory(world: DriftWorld, latency: Latency = () => 0) {
  return (account: { readonly id: string }, region: string) => {
    const client = {
      async send(command: { readonly input: object }): Promise<unknown> {
        const ms = latency();
        if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
        return world.handle(account.id, region, command.constructor.name, command.input as Record<string, unknown>);
      },
    };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { ssm: client, kms: client, logs: client, s3: client, iam: client, sts: client, lambda: client } as any;
  };
}
