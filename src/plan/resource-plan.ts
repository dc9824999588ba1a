/**
 * The resource plan: every resource the app creates, adopts (imports) or only references, decided
 * once from the resolved model. Per account (IAM), per account and Region, per archive Region.
 * Each entry has its kind, name, ARN where it is known before apply (partition-aware), the stack it
 * lives in, the attributes drift compares, and whether it is created, adopted or referenced.
 *
 * The constructs build from these entries (RegionPreferences and the updater take a RegionPlan's,
 * AccessPolicies an AccountPlan's, LogArchiveStack an ArchivePlan's), and validation
 * of planned names (src/config/planned-names.ts), drift's expected state, the SCP and preflight
 * read them: adding a resource kind means adding it here, in its construct, and in their tests.
 * Pure: no I/O, no cdktf.
 */
import { memoizeOn } from '../model/memo';
import {
  PREFERENCES_DOCUMENT_NAME,
  type AccountModel,
  type AdoptableResource,
  type CustomDocumentModel,
  type Model,
  type PreferencesModel,
  type RegionModel,
} from '../model/model';
import type { ArchiveBucketModel, LogArchiveModel } from '../model/model-log-archive';
import {
  ACCESS_IAM_PATH,
  ARCHIVE_KEY_DESCRIPTION,
  KEY_ID_PARAMETER_NAME,
  LOGS_KEY_ALIAS,
  LOGS_KEY_DESCRIPTION,
  SESSION_DATA_KEY_DESCRIPTION,
  UPDATER_FUNCTION_NAME,
  UPDATER_HANDLER,
  UPDATER_LOG_RETENTION_DAYS,
  UPDATER_MEMORY_MB,
  UPDATER_ROLE_POLICY_NAME,
  UPDATER_TIMEOUT_SECONDS,
  accessPolicyName,
  archiveStackNameOf,
  createdBucketName,
  createdBucketNamePattern,
  updaterLogGroupName,
  updaterRoleName,
} from '../model/resource-names';
import { DHMC_ROLE_PATH, DHMC_SETTING, PUBLIC_SHARING_SETTING, dhmcSettingValue, serviceSettingArn } from '../model/service-settings';
import { globalStackName, shardOf, shardStackName } from '../model/stack-plan';
import { buildSessionDocument } from '../documents/build-session-document';
import { buildCustomDocument, type AnySessionDocumentContent } from '../documents/build-custom-document';
import { documentPolicySettings } from '../policies/access-set';
import { bucketArn, documentArn, logGroupArn } from '../policies/arns';
import { tlsOnlyBucketPolicy } from '../policies/s3';
import { archiveBucketPolicy } from '../policies/log-archive';
import { ec2TrustPolicy, instancePolicyParts, managedEc2InstanceDefaultPolicyArn, managedInstanceCoreArn, ssmTrustPolicy } from '../policies/iam-instance';
import { lambdaTrustPolicy } from '../updater/policy';
import { userPolicyParts } from '../policies/iam-user';
import type { PolicyPart } from '../policies/iam-common';
import type { PolicyDocument, TrustPolicyDocument } from '../policies/types';

/**
 * What drift compares of a role the project creates (its `attributes`, besides `path`): the trust
 * policy the construct writes, the managed policies attached to it (by ARN) and its inline
 * policies (by name).
 */
export interface PlannedRoleAttributes {
  readonly trustPolicy: TrustPolicyDocument;
  readonly managedPolicyArns: readonly string[];
  readonly inlinePolicyNames: readonly string[];
}

/** A planned role's attributes: what drift compares, and the IAM path of the account-wide roles. */
export function roleAttributesOf(role: PlannedResource): PlannedRoleAttributes & { readonly path?: string } {
  if (role.kind !== 'iamRole') throw new Error(`${role.name} is a ${role.kind}, not an iamRole`);
  return role.attributes as unknown as PlannedRoleAttributes & { readonly path?: string };
}

/** Placeholder the planned documents carry for the created session-data key's ID (known only after apply; resolved through its alias). */
export const CREATED_KEY_PLACEHOLDER = '${created-session-key-id}';

/** Kinds of resources in the plan. */
export type ResourceKind =
  'ssmDocument' | 'kmsKey' | 'kmsAlias' | 'ssmParameter' | 'logGroup' | 's3Bucket' | 'serviceSetting' | 'lambdaFunction' | 'iamRole' | 'iamPolicy' | 'iamInstanceProfile';

/** The Terraform resource type of each kind, and the argument that holds its name (a key is named by its alias). */
export const TERRAFORM_TYPE_OF: Readonly<Record<ResourceKind, { readonly type: string; readonly nameArg?: string }>> = {
  ssmDocument: { type: 'aws_ssm_document', nameArg: 'name' },
  kmsKey: { type: 'aws_kms_key' },
  kmsAlias: { type: 'aws_kms_alias', nameArg: 'name' },
  ssmParameter: { type: 'aws_ssm_parameter', nameArg: 'name' },
  logGroup: { type: 'aws_cloudwatch_log_group', nameArg: 'name' },
  s3Bucket: { type: 'aws_s3_bucket', nameArg: 'bucket' },
  serviceSetting: { type: 'aws_ssm_service_setting', nameArg: 'setting_id' },
  lambdaFunction: { type: 'aws_lambda_function', nameArg: 'function_name' },
  iamRole: { type: 'aws_iam_role', nameArg: 'name' },
  iamPolicy: { type: 'aws_iam_policy', nameArg: 'name' },
  iamInstanceProfile: { type: 'aws_iam_instance_profile', nameArg: 'name' },
};

/** created: Terraform creates it; adopted: an import block takes over an existing one; referenced: named only, must exist; lambda: the updater writes it. */
export type Disposition = 'created' | 'adopted' | 'referenced' | 'lambda';

/** One resource of the plan. */
export interface PlannedResource {
  readonly kind: ResourceKind;
  /** The name AWS knows it by (for a key: its alias; for a referenced key: the configured reference). */
  readonly name: string;
  /** Its ARN when known before apply (keys have random IDs: absent). */
  readonly arn?: string;
  readonly disposition: Disposition;
  readonly accountId: string;
  readonly accountName: string;
  /** Region of its provider (for IAM, the home Region of the account-wide stack, or the Region stack that creates it). */
  readonly region: string;
  /** IAM is account-wide. */
  readonly global: boolean;
  readonly partition: string;
  /** The stack that holds it (absent for referenced resources). */
  readonly stack?: string;
  /** The adoptResources entry (or adoptExisting) that would import it, when the project can adopt it. */
  readonly adoptSwitch?: AdoptableResource | 'adoptExisting';
  /** The configuration field the name comes from; absent for names the project fixes. */
  readonly path?: string;
  /** A pattern matching this name in every account and Region, when the name varies by them (created buckets). */
  readonly namePattern?: string;
  /** What carries the name, for messages ("the session log bucket"). */
  readonly what: string;
  /** What drift compares (settings the stacks give it). */
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** A PlannedResource while it is built (own in buildRegionPlan). */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A created key and its alias. */
export interface PlannedKey {
  readonly key: PlannedResource;
  readonly alias: PlannedResource;
}

/** One Session document, with the preferences it is built from. */
export interface PlannedDocument {
  readonly resource: PlannedResource;
  readonly preferences: PreferencesModel;
  readonly description?: string;
  /** The custom document's model (its session type and typed fields); absent for the preferences document. */
  readonly custom?: CustomDocumentModel;
}

/** The updater Lambda of one Region: its function (handler, timeout, memory), its role (trust, inline policy) and its log group (retention). */
export interface UpdaterPlan {
  readonly function: PlannedResource;
  readonly role: PlannedResource;
  readonly logGroup: PlannedResource;
}

/** Everything one managed Region of one account holds. */
export interface RegionPlan {
  readonly accountId: string;
  readonly region: RegionModel;
  readonly stack: string;
  readonly sharingSetting: PlannedResource;
  readonly dhmcSetting?: PlannedResource;
  /** The created session-data key, its alias and the parameter publishing its ID. */
  readonly sessionKey?: PlannedKey & { readonly keyIdParameter: PlannedResource };
  /** The created log-encryption key and the log groups it encrypts (by ARN). */
  readonly logsKey?: PlannedKey & { readonly logGroupArns: readonly string[] };
  readonly logGroup?: PlannedResource;
  readonly bucket?: PlannedResource;
  /** The updater Lambda (documentManagement lambda): function, role (IAM, one per Region) and log group. */
  readonly updater?: UpdaterPlan;
  readonly preferencesDocument: PlannedDocument;
  readonly customDocuments: readonly PlannedDocument[];
  /** Keys, log groups and buckets the documents name that this Region does not create. */
  readonly referenced: readonly PlannedResource[];
}

/** One managed policy (one part of it) of the account-wide stack. */
export interface PlannedPolicy {
  readonly resource: PlannedResource;
  /** The policy it is a part of: the instance policy, the user policy, or access.documentPolicies[index]. */
  readonly of: 'instance' | 'user' | number;
  /** The Regions this part covers, in order (empty when the builders refuse the input). */
  readonly regions: readonly string[];
  /** The policy document (absent when the builders refuse the input: validation reports it). */
  readonly document?: PolicyDocument;
}

/** Everything one account holds. */
export interface AccountPlan {
  readonly account: AccountModel;
  readonly globalStack: string;
  readonly regions: readonly RegionPlan[];
  readonly policies: readonly PlannedPolicy[];
  readonly instanceRole?: { readonly role: PlannedResource; readonly profile: PlannedResource };
  readonly dhmcRole?: PlannedResource;
}

/** One Region of the central log archive. */
export interface ArchivePlan {
  readonly stack: string;
  readonly bucket: ArchiveBucketModel;
  readonly key: PlannedKey;
  readonly bucketResource: PlannedResource;
}

/** The whole plan. */
export interface ResourcePlan {
  readonly accounts: readonly AccountPlan[];
  readonly archive: readonly ArchivePlan[];
}

function kmsAliasArn(partition: string, region: string, accountId: string, alias: string): string {
  return `arn:${partition}:kms:${region}:${accountId}:${alias}`;
}

function iamArn(partition: string, accountId: string, type: 'policy' | 'role' | 'instance-profile', path: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:${type}${path}${name}`;
}

/** The content a document synthesizes, with the created key's ID as CREATED_KEY_PLACEHOLDER. */
export function plannedDocumentContent(doc: PlannedDocument, plan: RegionPlan): AnySessionDocumentContent {
  const refs = { ...(plan.sessionKey ? { createdKeyId: CREATED_KEY_PLACEHOLDER } : {}), ...(plan.bucket ? { createdBucketName: plan.bucket.name } : {}) };
  return doc.custom !== undefined
    ? buildCustomDocument(doc.custom, refs)
    : buildSessionDocument(doc.preferences, refs, ...(doc.description !== undefined ? [doc.description] : []));
}

/**
 * The plan of one managed Region (what RegionPreferences and the Region stack's DHMC setting create).
 * Built once per account, Region and shard size (src/model/memo.ts): the configuration checks plan
 * every Region, then the stacks build from the same plans.
 */
export const planRegion: (model: Pick<Model, 'shardSize'>, account: AccountModel, region: RegionModel) => RegionPlan = memoizeOn(
  (model: Pick<Model, 'shardSize'>, account: AccountModel, region: RegionModel) => buildRegionPlan(model.shardSize, account, region),
  (_model, account, region) => [account, region],
  (model) => String(model.shardSize),
);

function buildRegionPlan(shardSize: Model['shardSize'], account: AccountModel, region: RegionModel): RegionPlan {
  const model = { shardSize };
  const { partition } = region;
  const at = { accountId: account.id, accountName: account.name, region: region.region, partition, global: false };
  const stack = shardStackName(account.name, shardOf(region.region, model.shardSize));
  const adopt = new Set(region.adoptResources);
  // Built by assignment, in the order of the spread it replaced ({...at, kind, name, arn?, ...}): with
  // optional keys spread in, it was about half the CPU of validating a large organization (400
  // accounts: 1.0 -> 0.5 s), which plans every account and Region.
  const own = (
    kind: ResourceKind,
    name: string,
    arn: string | undefined,
    what: string,
    extra: { adoptSwitch?: AdoptableResource; path?: string; attributes?: Record<string, unknown>; global?: boolean; namePattern?: string } = {},
  ): PlannedResource => {
    const resource: Mutable<PlannedResource> = {
      accountId: at.accountId,
      accountName: at.accountName,
      region: at.region,
      partition: at.partition,
      global: at.global,
      kind,
      name,
    } as Mutable<PlannedResource>;
    if (arn !== undefined) resource.arn = arn;
    resource.disposition = extra.adoptSwitch !== undefined && adopt.has(extra.adoptSwitch) ? 'adopted' : 'created';
    resource.stack = stack;
    if (extra.adoptSwitch !== undefined) resource.adoptSwitch = extra.adoptSwitch;
    if (extra.path !== undefined) resource.path = extra.path;
    if (extra.namePattern !== undefined) resource.namePattern = extra.namePattern;
    resource.what = what;
    resource.attributes = extra.attributes ?? {};
    if (extra.global) resource.global = true;
    return resource;
  };
  const key = (alias: string, description: string, what: string, adoptSwitch: AdoptableResource, path?: string): PlannedKey => ({
    key: own('kmsKey', alias, undefined, what, { attributes: { enabled: true, rotation: true, alias, description } }),
    alias: own('kmsAlias', alias, kmsAliasArn(partition, region.region, account.id, alias), what, { adoptSwitch, ...(path !== undefined ? { path } : {}) }),
  });

  const prefs = region.preferences;
  const dhmc = account.access.instance.defaultHostManagement;
  const sessionKey =
    prefs.sessionKey.mode === 'create'
      ? {
          ...key(prefs.sessionKey.alias, SESSION_DATA_KEY_DESCRIPTION, 'the session-data key', 'dataKeyAlias', 'preferences.sessionEncryption.alias'),
          keyIdParameter: own(
            'ssmParameter',
            KEY_ID_PARAMETER_NAME,
            `arn:${partition}:ssm:${region.region}:${account.id}:parameter${KEY_ID_PARAMETER_NAME}`,
            'the parameter with the session-data key ID',
            { adoptSwitch: 'keyIdParameter', attributes: { keyAlias: prefs.sessionKey.alias } },
          ),
        }
      : undefined;
  const cw = prefs.cloudWatch;
  const useLambda = region.documentManagement === 'lambda';
  const createdGroup = cw.enabled && cw.create ? cw : undefined;
  const createBucket = prefs.s3.enabled && prefs.s3.bucket.mode === 'create';
  const updaterGroupArn = logGroupArn(region.region, account.id, updaterLogGroupName());
  const logGroupArns = [...(createdGroup?.encrypted ? [logGroupArn(region.region, account.id, createdGroup.logGroupName)] : []), ...(useLambda ? [updaterGroupArn] : [])];
  const logsKey = logGroupArns.length > 0 || createBucket ? { ...key(LOGS_KEY_ALIAS, LOGS_KEY_DESCRIPTION, 'the log encryption key', 'logsKeyAlias'), logGroupArns } : undefined;
  const logGroup = createdGroup
    ? own('logGroup', createdGroup.logGroupName, logGroupArn(region.region, account.id, createdGroup.logGroupName), 'the session log group', {
        adoptSwitch: 'logGroup',
        path: 'preferences.cloudWatch.logGroupName',
        attributes: { retentionDays: createdGroup.retentionDays, ...(createdGroup.encrypted ? { kmsKeyAlias: LOGS_KEY_ALIAS } : {}) },
      })
    : undefined;
  const bucket =
    prefs.s3.enabled && prefs.s3.bucket.mode === 'create'
      ? own(
          's3Bucket',
          createdBucketName(prefs.s3.bucket.namePrefix, account.id, region.region),
          bucketArn(partition, createdBucketName(prefs.s3.bucket.namePrefix, account.id, region.region)),
          'the session log bucket',
          {
            adoptSwitch: 'bucket',
            path: 'preferences.s3.bucketNamePrefix',
            namePattern: createdBucketNamePattern(prefs.s3.bucket.namePrefix),
            attributes: {
              kmsKeyAlias: LOGS_KEY_ALIAS,
              versioning: 'Enabled',
              publicAccessBlocked: true,
              objectOwnership: 'BucketOwnerEnforced',
              policy: tlsOnlyBucketPolicy(bucketArn(partition, createdBucketName(prefs.s3.bucket.namePrefix, account.id, region.region))),
              expirationDays: prefs.s3.expirationDays,
              noncurrentVersionExpirationDays: prefs.s3.noncurrentVersionExpirationDays,
            },
          },
        )
      : undefined;
  const updater = useLambda
    ? {
        logGroup: own('logGroup', updaterLogGroupName(), updaterGroupArn, "the updater Lambda's own log group (documentManagement: lambda)", {
          attributes: { retentionDays: UPDATER_LOG_RETENTION_DAYS, kmsKeyAlias: LOGS_KEY_ALIAS },
        }),
        function: own(
          'lambdaFunction',
          UPDATER_FUNCTION_NAME,
          `arn:${partition}:lambda:${region.region}:${account.id}:function:${UPDATER_FUNCTION_NAME}`,
          'the updater Lambda (documentManagement: lambda)',
          { attributes: { handler: UPDATER_HANDLER, timeoutSeconds: UPDATER_TIMEOUT_SECONDS, memorySize: UPDATER_MEMORY_MB } },
        ),
        role: own('iamRole', updaterRoleName(region.region), iamArn(partition, account.id, 'role', '/', updaterRoleName(region.region)), `the updater Lambda in ${region.region}`, {
          global: true,
          attributes: {
            trustPolicy: lambdaTrustPolicy(account.id),
            managedPolicyArns: [],
            inlinePolicyNames: [UPDATER_ROLE_POLICY_NAME],
          } satisfies PlannedRoleAttributes,
        }),
      }
    : undefined;
  const document = (
    name: string,
    preferences: PreferencesModel,
    what: string,
    description?: string,
    path?: string,
    preferencesDocument = false,
    custom?: CustomDocumentModel,
  ): PlannedDocument => ({
    resource: {
      ...own('ssmDocument', name, documentArn(region.region, account.id, name), what, path !== undefined ? { path } : {}),
      ...(preferencesDocument
        ? { adoptSwitch: 'adoptExisting' as const, disposition: useLambda ? ('lambda' as const) : region.adoptExisting ? ('adopted' as const) : ('created' as const) }
        : {}),
    },
    preferences,
    ...(description !== undefined ? { description } : {}),
    ...(custom !== undefined ? { custom } : {}),
  });
  const all = [prefs, ...region.customDocuments.map((d) => d.preferences)];
  const referenced = (kind: ResourceKind, name: string, arn: string | undefined, what: string): PlannedResource => ({
    ...at,
    kind,
    name,
    ...(arn !== undefined ? { arn } : {}),
    disposition: 'referenced',
    what,
    attributes: {},
  });
  const referencedKeys = [...new Set(all.flatMap((p) => (p.sessionKey.mode === 'existing' ? [p.sessionKey.keyId] : [])))].map((k) =>
    referenced('kmsKey', k, k.startsWith('arn:') ? k : undefined, 'a session-data key the configuration names'),
  );
  const referencedGroups = [...new Set(all.flatMap((p) => (p.cloudWatch.enabled ? [p.cloudWatch.logGroupName] : [])))]
    .filter((name) => name !== logGroup?.name)
    .map((name) => referenced('logGroup', name, logGroupArn(region.region, account.id, name), 'a log group the documents name'));
  const referencedBuckets = [...new Set(all.flatMap((p) => (p.s3.enabled && p.s3.bucket.mode !== 'create' ? [p.s3.bucket.name] : [])))].map((name) =>
    referenced('s3Bucket', name, bucketArn(partition, name), 'a log bucket the documents name'),
  );
  return {
    accountId: account.id,
    region,
    stack,
    sharingSetting: own(
      'serviceSetting',
      PUBLIC_SHARING_SETTING,
      serviceSettingArn(partition, region.region, account.id, PUBLIC_SHARING_SETTING),
      'the public-sharing block of SSM documents',
      {
        attributes: { value: 'Disable' },
      },
    ),
    ...(dhmc.createRole && dhmc.setServiceSetting
      ? {
          dhmcSetting: own(
            'serviceSetting',
            DHMC_SETTING,
            serviceSettingArn(partition, region.region, account.id, DHMC_SETTING),
            'the Default Host Management Configuration setting',
            {
              path: `${account.accessPath}.instance.defaultHostManagement.setServiceSetting`,
              attributes: { value: dhmcSettingValue(dhmc.roleName) },
            },
          ),
        }
      : {}),
    ...(sessionKey ? { sessionKey } : {}),
    ...(logsKey ? { logsKey } : {}),
    ...(logGroup ? { logGroup } : {}),
    ...(bucket ? { bucket } : {}),
    ...(updater ? { updater } : {}),
    preferencesDocument: document(PREFERENCES_DOCUMENT_NAME, prefs, 'the preferences document Session Manager reads', undefined, undefined, true),
    customDocuments: region.customDocuments.map((d, i) => document(d.name, d.preferences, `customDocuments[${i}]`, d.description, `customDocuments[${i}].name`, false, d)),
    referenced: [...referencedKeys, ...referencedGroups, ...referencedBuckets],
  };
}

/** Policy parts, or one part without a document when the builders refuse the input (validation reports it). */
function partsOrOne(build: () => readonly PolicyPart<RegionModel>[]): readonly { document?: PolicyDocument; regions?: readonly RegionModel[] }[] {
  try {
    return build();
  } catch {
    return [{}];
  }
}

/** The plan of one account: its managed Regions and its account-wide IAM (AccessPolicies). */
export function planAccount(model: Pick<Model, 'shardSize'>, account: AccountModel): AccountPlan {
  const { access, accessPath } = account;
  const partition = account.activeRegions[0]?.partition ?? account.regions[0]?.partition ?? 'aws';
  const globalStack = globalStackName(account.name);
  const at = { accountId: account.id, accountName: account.name, region: account.homeRegion, partition, global: true, stack: globalStack, disposition: 'created' as const };
  const iam = (
    kind: ResourceKind,
    type: 'policy' | 'role' | 'instance-profile',
    path: string,
    name: string,
    what: string,
    namePath: string,
    attributes: Record<string, unknown> = {},
  ) => ({
    ...at,
    kind,
    name,
    arn: iamArn(partition, account.id, type, path, name),
    what,
    path: namePath,
    attributes: { path, ...attributes },
  });
  const policies = (
    of: PlannedPolicy['of'],
    side: string,
    parts: readonly { document?: PolicyDocument; regions?: readonly RegionModel[] }[],
    what: string,
    namePath: string,
  ): PlannedPolicy[] =>
    parts.map((part, i) => ({
      resource: iam('iamPolicy', 'policy', ACCESS_IAM_PATH, accessPolicyName(access.policyNamePrefix, side, i), what, namePath),
      of,
      regions: (part.regions ?? []).map((r) => r.region),
      ...(part.document ? { document: part.document } : {}),
    }));
  const user = access.user;
  const dhmc = access.instance.defaultHostManagement;
  const role = access.instance.role;
  const instancePolicies = access.instance.createPolicy
    ? policies(
        'instance',
        'Instance',
        partsOrOne(() => instancePolicyParts(account, access.instance.bucketKmsKeys, LOGS_KEY_ALIAS)),
        'the instance access policy',
        `${accessPath}.policyNamePrefix`,
      )
    : [];
  const userPolicies = user.createPolicy
    ? policies(
        'user',
        'User',
        partsOrOne(() =>
          userPolicyParts(account, {
            ssh: access.ssh,
            portForwarding: access.portForwarding,
            ...(user.targetTag ? { targetTag: user.targetTag } : {}),
            ...(user.documents ? { documents: user.documents } : {}),
          }),
        ),
        'the user access policy',
        `${accessPath}.policyNamePrefix`,
      )
    : [];
  // Only the named documents (and, when restricted, the Deny on AWS's own): documentPolicySettings.
  const documentPolicies = access.documentPolicies.map((p, i) =>
    policies(
      i,
      p.name,
      partsOrOne(() => userPolicyParts(account, documentPolicySettings(access, p))),
      `the document policy access.documentPolicies[${i}]`,
      `${accessPath}.documentPolicies[${i}].name`,
    ),
  );
  const arns = (list: readonly PlannedPolicy[]) => list.map((p) => p.resource.arn!);
  const instanceArns = arns(instancePolicies);
  /** The managed policies AccessPolicies attaches to a created role: its own, then those whose attachToRoles names it (once each). */
  const roleAttributes = (name: string, trustPolicy: TrustPolicyDocument, own: readonly string[]): PlannedRoleAttributes => ({
    trustPolicy,
    managedPolicyArns: [
      ...new Set([
        ...own,
        ...(access.instance.attachToRoles.includes(name) ? instanceArns : []),
        ...(user.attachToRoles.includes(name) ? arns(userPolicies) : []),
        ...access.documentPolicies.flatMap((p, i) => (p.attachToRoles.includes(name) ? arns(documentPolicies[i]!) : [])),
      ]),
    ],
    inlinePolicyNames: [],
  });
  return {
    account,
    globalStack,
    regions: account.activeRegions.map((r) => planRegion(model, account, r)),
    policies: [...instancePolicies, ...userPolicies, ...documentPolicies.flat()],
    ...(dhmc.createRole
      ? {
          dhmcRole: iam(
            'iamRole',
            'role',
            DHMC_ROLE_PATH,
            dhmc.roleName,
            'the DHMC role (access.instance.defaultHostManagement)',
            `${accessPath}.instance.defaultHostManagement.roleName`,
            { ...roleAttributes(dhmc.roleName, ssmTrustPolicy(), [managedEc2InstanceDefaultPolicyArn(account.homeRegion), ...instanceArns]) },
          ),
        }
      : {}),
    ...(role.create
      ? {
          instanceRole: {
            role: iam('iamRole', 'role', ACCESS_IAM_PATH, role.name, 'the EC2 instance role (access.instance.createRole)', `${accessPath}.instance.roleName`, {
              ...roleAttributes(role.name, ec2TrustPolicy(account.homeRegion), [
                ...instanceArns,
                ...(role.attachManagedInstanceCore ? [managedInstanceCoreArn(account.homeRegion)] : []),
              ]),
            }),
            profile: iam(
              'iamInstanceProfile',
              'instance-profile',
              ACCESS_IAM_PATH,
              role.name,
              'the instance profile (access.instance.createRole)',
              `${accessPath}.instance.roleName`,
            ),
          },
        }
      : {}),
  };
}

/** The plan of one archive Region (LogArchiveStack). */
export function planArchiveRegion(archive: LogArchiveModel, bucket: ArchiveBucketModel): ArchivePlan {
  const stack = archiveStackNameOf(archive.name, bucket.region);
  const at = {
    accountId: archive.accountId,
    accountName: archive.name,
    region: bucket.region,
    partition: archive.partition,
    global: false,
    stack,
    disposition: 'created' as const,
  };
  return {
    stack,
    bucket,
    key: {
      key: {
        ...at,
        kind: 'kmsKey',
        name: archive.keyAlias,
        what: 'the log archive key',
        path: 'logArchive.keyAlias',
        attributes: { enabled: true, rotation: true, alias: archive.keyAlias, description: ARCHIVE_KEY_DESCRIPTION },
      },
      alias: {
        ...at,
        kind: 'kmsAlias',
        name: archive.keyAlias,
        arn: kmsAliasArn(archive.partition, bucket.region, archive.accountId, archive.keyAlias),
        what: 'the log archive key',
        path: 'logArchive.keyAlias',
        attributes: {},
      },
    },
    bucketResource: {
      ...at,
      kind: 's3Bucket',
      name: bucket.name,
      arn: bucketArn(archive.partition, bucket.name),
      what: 'the log archive bucket',
      path: 'logArchive.bucketNamePrefix',
      attributes: {
        kmsKeyAlias: archive.keyAlias,
        versioning: 'Enabled',
        publicAccessBlocked: true,
        objectOwnership: 'BucketOwnerEnforced',
        expirationDays: archive.expirationDays,
        noncurrentVersionExpirationDays: archive.noncurrentVersionExpirationDays,
        policy: archiveBucketPolicy(archive, bucket),
        ...(archive.objectLock ? { objectLock: archive.objectLock } : {}),
      },
    },
  };
}

/** The plan of the whole model: accounts in file order, then the archive Regions. */
export function planResources(model: Model): ResourcePlan {
  return {
    accounts: model.accounts.map((a) => planAccount(model, a)),
    archive: model.logArchive ? model.logArchive.buckets.map((b) => planArchiveRegion(model.logArchive!, b)) : [],
  };
}

/** Every resource of one Region's plan, in a fixed order. */
export function regionResources(plan: RegionPlan): PlannedResource[] {
  return [
    plan.sharingSetting,
    ...(plan.dhmcSetting ? [plan.dhmcSetting] : []),
    ...(plan.sessionKey ? [plan.sessionKey.key, plan.sessionKey.alias, plan.sessionKey.keyIdParameter] : []),
    ...(plan.logsKey ? [plan.logsKey.key, plan.logsKey.alias] : []),
    ...(plan.logGroup ? [plan.logGroup] : []),
    ...(plan.bucket ? [plan.bucket] : []),
    ...(plan.updater ? [plan.updater.logGroup, plan.updater.function, plan.updater.role] : []),
    plan.preferencesDocument.resource,
    ...plan.customDocuments.map((d) => d.resource),
    ...plan.referenced,
  ];
}

/** Every account-wide resource of one account's plan. */
export function accountWideResources(plan: AccountPlan): PlannedResource[] {
  return [...plan.policies.map((p) => p.resource), ...(plan.dhmcRole ? [plan.dhmcRole] : []), ...(plan.instanceRole ? [plan.instanceRole.role, plan.instanceRole.profile] : [])];
}

/** Every resource of the plan: per account its Regions then its account-wide IAM, then the archive Regions. */
export function allResources(plan: ResourcePlan): PlannedResource[] {
  return [
    ...plan.accounts.flatMap((a) => [...a.regions.flatMap(regionResources), ...accountWideResources(a)]),
    ...plan.archive.flatMap((a) => [a.key.key, a.key.alias, a.bucketResource]),
  ];
}
