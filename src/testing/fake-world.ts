/**
 * An in-memory AWS organization as the drift check sees it, for tests and the benchmark. Tests build
 * it from the app's SYNTHESIZED Terraform JSON (worldFromSynth, src/testing/synthesized-world.ts: a
 * fake apply of what a clean `cdktf deploy` would leave), never from drift's own expected state, so a
 * wrong expectation shows up as a difference; then the test changes it ("someone pinned the default
 * version"). `handle(commandName, input)` answers the read calls the collectors make
 * (src/drift/collect.ts), with AWS's error names for missing things.
 */
import { PUBLIC_SHARING_SETTING } from '../model/service-settings';

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
  /** The public-sharing service setting's value (AWS's default: Enable). */
  sharing: string;
  /** Other service settings by ID (`/ssm/...`), such as the Default Host Management Configuration role. */
  settings: Map<string, string>;
}

/** An IAM role: its path, ARN, trust policy (the text as written), attached managed policy ARNs and inline policy names. */
export interface WorldRole {
  path: string;
  arn: string;
  trustPolicy: string;
  managedPolicyArns: string[];
  inlinePolicyNames: string[];
}

/** An instance profile: its path and the names of the roles it carries. */
export interface WorldInstanceProfile {
  path: string;
  roles: string[];
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

/** The `n`th key of a Region: a key ID that names its account, and its ARN (enabled, rotating until told otherwise). */
export function keyOf(accountId: string, region: string, n: number): WorldKey {
  const keyId = `${String(n).padStart(8, '0')}-1111-2222-3333-${accountId}`;
  return { keyId, arn: `arn:aws:kms:${region}:${accountId}:key/${keyId}`, keyState: 'Enabled', rotation: true };
}

/** An organization in memory, and the read API the drift collectors use. */
export class DriftWorld {
  readonly regions = new Map<string, WorldRegion>();
  /** Managed policies by ARN. */
  readonly policies = new Map<string, WorldPolicy>();
  /** Roles and instance profiles by account ID, then by name. */
  readonly roles = new Map<string, Map<string, WorldRole>>();
  readonly instanceProfiles = new Map<string, Map<string, WorldInstanceProfile>>();

  /** The Region `accountId/region`, created empty (AWS's defaults) when the world does not have it yet. */
  ensureRegion(accountId: string, region: string): WorldRegion {
    const key = `${accountId}/${region}`;
    let r = this.regions.get(key);
    if (!r) {
      r = {
        documents: new Map(),
        keys: new Map(),
        aliases: new Map(),
        parameters: new Map(),
        logGroups: new Map(),
        buckets: new Map(),
        functions: new Map(),
        sharing: 'Enable',
        settings: new Map(),
      };
      this.regions.set(key, r);
    }
    return r;
  }

  /** The roles (or instance profiles) of one account, created empty when missing. */
  accountRoles(accountId: string): Map<string, WorldRole> {
    if (!this.roles.has(accountId)) this.roles.set(accountId, new Map());
    return this.roles.get(accountId)!;
  }

  accountInstanceProfiles(accountId: string): Map<string, WorldInstanceProfile> {
    if (!this.instanceProfiles.has(accountId)) this.instanceProfiles.set(accountId, new Map());
    return this.instanceProfiles.get(accountId)!;
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
    if (IAM_COMMANDS.has(command)) return this.iam(accountId, command, input);
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
      case 'GetServiceSettingCommand': {
        // Either the setting's ID or its ARN (arn:...:servicesetting/ssm/...); an unset setting has AWS's default.
        const id = String(input.SettingId).replace(/^arn:[^:]+:ssm:[^:]*:[^:]*:servicesetting/, '');
        const value = id === PUBLIC_SHARING_SETTING ? r.sharing : (r.settings.get(id) ?? '$None');
        return { ServiceSetting: { SettingId: input.SettingId, SettingValue: value } };
      }
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
  private iam(accountId: string, command: string, input: Record<string, any>): unknown {
    if (command === 'GetRoleCommand' || command === 'ListAttachedRolePoliciesCommand' || command === 'ListRolePoliciesCommand') {
      const role = this.roles.get(accountId)?.get(input.RoleName);
      if (!role) throw new AwsError('NoSuchEntityException', `The role with name ${input.RoleName} cannot be found.`);
      if (command === 'ListAttachedRolePoliciesCommand')
        return { AttachedPolicies: role.managedPolicyArns.map((PolicyArn) => ({ PolicyArn, PolicyName: PolicyArn.split('/').pop() })), IsTruncated: false };
      if (command === 'ListRolePoliciesCommand') return { PolicyNames: [...role.inlinePolicyNames], IsTruncated: false };
      // IAM returns the trust policy URL-encoded.
      return { Role: { RoleName: input.RoleName, Path: role.path, Arn: role.arn, AssumeRolePolicyDocument: encodeURIComponent(role.trustPolicy) } };
    }
    if (command === 'GetInstanceProfileCommand') {
      const profile = this.instanceProfiles.get(accountId)?.get(input.InstanceProfileName);
      if (!profile) throw new AwsError('NoSuchEntityException', `Instance Profile ${input.InstanceProfileName} cannot be found.`);
      return { InstanceProfile: { InstanceProfileName: input.InstanceProfileName, Path: profile.path, Roles: profile.roles.map((RoleName) => ({ RoleName })) } };
    }
    const p = this.policies.get(input.PolicyArn);
    if (!p) throw new AwsError('NoSuchEntityException', `Policy ${input.PolicyArn} does not exist or is not attachable.`);
    if (command === 'GetPolicyCommand') return { Policy: { Arn: input.PolicyArn, DefaultVersionId: p.defaultVersionId } };
    const doc = p.versions.get(input.VersionId);
    if (doc === undefined) throw new AwsError('NoSuchEntityException', 'no such version');
    // IAM returns documents URL-encoded.
    return { PolicyVersion: { VersionId: input.VersionId, IsDefaultVersion: input.VersionId === p.defaultVersionId, Document: encodeURIComponent(doc) } };
  }
}

/** The IAM read calls of the drift check (account-wide: answered whatever the Region). */
const IAM_COMMANDS = new Set([
  'GetPolicyCommand',
  'GetPolicyVersionCommand',
  'GetRoleCommand',
  'ListAttachedRolePoliciesCommand',
  'ListRolePoliciesCommand',
  'GetInstanceProfileCommand',
]);

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
