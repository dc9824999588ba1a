/**
 * What every account and Region should look like, read from the resource plan the stacks build
 * from (src/plan/resource-plan.ts: names, documents, policies, settings). Pure: no I/O. Values that exist only once resources exist (the created key's
 * ID, the log key's ARN) are named here by their alias and resolved against what is observed.
 */
import type { AccountModel, Model } from '../model/model';
import type { AnySessionDocumentContent } from '../documents/build-custom-document';
import {
  planAccount,
  planArchiveRegion,
  plannedDocumentContent,
  type AccountPlan,
  type ArchivePlan,
  type PlannedDocument,
  type PlannedResource,
  type PlannedRoleAttributes,
  type RegionPlan,
} from '../plan/resource-plan';
import type { PolicyDocument, TrustPolicyDocument } from '../policies/types';
import { filterProblems } from '../aws/types';
import { MANAGED_BY_TAG } from '../model/resource-names';
import { UPDATER_RUNTIME } from '../updater/contract';

/** Placeholder the expected documents carry for the created session-data key's ID (resolved through its alias); decided by the plan. */
export { CREATED_KEY_PLACEHOLDER } from '../plan/resource-plan';

/** One Session document: its name and the content this configuration synthesizes. */
export interface ExpectedDocument {
  readonly name: string;
  /** Content (any session type); `inputs.kmsKeyId` is CREATED_KEY_PLACEHOLDER when the key is created (resolved through `createdKeyAlias`). */
  readonly content: AnySessionDocumentContent;
  /** Alias of the created session-data key the document names, when it names one. */
  readonly createdKeyAlias?: string;
  /** Who writes the document: Terraform (aws_ssm_document) or the updater Lambda. */
  readonly managedBy: 'terraform' | 'lambda';
}

/** The session-data key this project creates in a Region (SessionDataKey). */
export interface ExpectedCreatedKey {
  /** Its alias: must target the key the SSM parameter names. */
  readonly alias: string;
  /** The SSM parameter that publishes the key's ID (Terraform writes it from the key it created). */
  readonly keyIdParameter: string;
  /** The key's description in the resource plan (the construct's): the log key has another. */
  readonly description: string;
  /** The project's ManagedBy tag (provider default_tags), absent when the configuration drops it: then no key is marked. */
  readonly managedBy?: { readonly key: string; readonly value: string };
}

/** A log group this project creates. */
export interface ExpectedLogGroup {
  readonly name: string;
  readonly retentionDays: number;
  /** Encrypted with the log key (its ARN is the target of this alias); absent: no customer managed key. */
  readonly kmsKeyAlias?: string;
}

/** The updater Lambda (documentManagement: lambda) of a Region. */
export interface ExpectedFunction {
  readonly name: string;
  /** Its runtime (UPDATER_RUNTIME of the updater's contract). */
  readonly runtime: string;
  /** ARN of the updater's role of the Region. */
  readonly roleArn: string;
  /** Name of the log group it logs to (LoggingConfig.LogGroup): the updater's own. */
  readonly logGroup: string;
  readonly handler: string;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
}

/** A log bucket this project creates. */
export interface ExpectedBucket {
  readonly name: string;
  /** Default encryption SSE-KMS with the key this alias targets, bucket key on. */
  readonly kmsKeyAlias: string;
  /** The bucket policy (TLS only, and whatever else the stack writes). */
  readonly policy: PolicyDocument;
  /** Lifecycle: current versions expire after, noncurrent versions after (days). */
  readonly expirationDays: number;
  readonly noncurrentVersionExpirationDays: number;
  /** Ownership controls: ACLs disabled. */
  readonly objectOwnership: 'BucketOwnerEnforced';
  /** Object Lock with this default retention; absent: Object Lock is not enabled. */
  readonly objectLock?: { readonly mode: string; readonly retentionDays: number };
}

/** Everything checked in one Region of one account. */
export interface ExpectedRegion {
  readonly accountId: string;
  readonly accountName: string;
  readonly region: string;
  readonly partition: string;
  readonly documents: readonly ExpectedDocument[];
  /** The created session-data key: enabled, rotating, its alias and parameter naming it. */
  readonly createdKey?: ExpectedCreatedKey;
  /** Session-data keys the configuration names (key ID, ARN or alias): must exist and be enabled. */
  readonly existingKeys: readonly string[];
  /** Alias of the created log-encryption key (enabled, rotating), when the Region has one. */
  readonly logsKeyAlias?: string;
  /** Log groups the documents name that this project does not create: they must exist. */
  readonly referencedLogGroups: readonly string[];
  readonly logGroups: readonly ExpectedLogGroup[];
  readonly buckets: readonly ExpectedBucket[];
  /** The updater Lambda, when the Region's documents are written by it. */
  readonly lambdaFunction?: ExpectedFunction;
  /** The public-sharing service setting: its ID and value (absent in a log-archive Region, which sets no setting). */
  readonly sharing?: { readonly settingId: string; readonly value: 'Disable' };
  /** The Default Host Management Configuration setting, when the stacks set it: its ID and value (the DHMC role). */
  readonly dhmc?: { readonly settingId: string; readonly value: string };
}

/** One managed IAM policy of the account-wide stack. */
export interface ExpectedPolicy {
  readonly name: string;
  readonly arn: string;
  readonly document: PolicyDocument;
}

/** An IAM role the account's stacks create (instance role, DHMC role, updater roles). */
export interface ExpectedRole {
  readonly name: string;
  readonly arn: string;
  readonly path: string;
  /** What it is for, from the plan ("the DHMC role ..."). */
  readonly what: string;
  /** Its trust policy (AssumeRolePolicyDocument), as the construct writes it. */
  readonly trustPolicy: TrustPolicyDocument;
  /** ARNs of the managed policies attached to it, and no others. */
  readonly managedPolicyArns: readonly string[];
  /** Names of its inline policies, and no others. */
  readonly inlinePolicyNames: readonly string[];
}

/** An instance profile the account-wide stack creates, and the role it carries. */
export interface ExpectedInstanceProfile {
  readonly name: string;
  readonly path: string;
  readonly role: string;
}

/** Everything checked in one account. */
export interface ExpectedAccount {
  readonly accountId: string;
  readonly accountName: string;
  /** Role the checks assume in the account (the configured one; the runner may replace it). */
  readonly assumeRoleArn?: string;
  /** Region of the account-wide stack, where IAM is read. */
  readonly homeRegion: string;
  readonly policies: readonly ExpectedPolicy[];
  /** Roles: exist, at their path. */
  readonly roles: readonly ExpectedRole[];
  /** Instance profiles: exist, at their path, carrying their role. */
  readonly instanceProfiles: readonly ExpectedInstanceProfile[];
  readonly regions: readonly ExpectedRegion[];
}

/** Which accounts and Regions to check; empty lists mean all. */
export interface DriftScope {
  readonly accounts?: readonly string[];
  readonly regions?: readonly string[];
}

/** A created bucket (a Region's session-log bucket or an archive bucket), from its planned attributes. */
function expectedBucket(b: PlannedResource): ExpectedBucket {
  const lock = b.attributes.objectLock as ExpectedBucket['objectLock'] | undefined;
  return {
    name: b.name,
    kmsKeyAlias: b.attributes.kmsKeyAlias as string,
    policy: b.attributes.policy as PolicyDocument,
    expirationDays: b.attributes.expirationDays as number,
    noncurrentVersionExpirationDays: b.attributes.noncurrentVersionExpirationDays as number,
    objectOwnership: b.attributes.objectOwnership as 'BucketOwnerEnforced',
    ...(lock ? { objectLock: { mode: lock.mode, retentionDays: lock.retentionDays } } : {}),
  };
}

function documentFor(doc: PlannedDocument, plan: RegionPlan): ExpectedDocument {
  return {
    name: doc.resource.name,
    content: plannedDocumentContent(doc, plan),
    // Every document that creates a key names the one key of the Region (RegionPreferences).
    ...(plan.sessionKey && doc.preferences.sessionKey.mode === 'create' ? { createdKeyAlias: plan.sessionKey.alias.name } : {}),
    managedBy: doc.resource.disposition === 'lambda' ? 'lambda' : 'terraform',
  };
}

/** The updater function: its runtime from the updater's contract, the rest from the plan. */
function expectedFunction(updater: NonNullable<RegionPlan['updater']>): ExpectedFunction {
  const a = updater.function.attributes;
  return {
    name: updater.function.name,
    runtime: UPDATER_RUNTIME,
    roleArn: updater.role.arn ?? '',
    logGroup: updater.logGroup.name,
    handler: a.handler as string,
    timeoutSeconds: a.timeoutSeconds as number,
    memorySize: a.memorySize as number,
  };
}

/** The expected state of one managed Region, read from its resource plan; `tags` are the configuration's (every resource's default_tags). */
export function expectedRegion(account: AccountModel, plan: RegionPlan, tags: Readonly<Record<string, string>>): ExpectedRegion {
  const documents = [plan.preferencesDocument, ...plan.customDocuments].map((d) => documentFor(d, plan));
  const referenced = (kind: string) => plan.referenced.filter((r) => r.kind === kind).map((r) => r.name);
  // The session log group and, in lambda mode, the updater's own log group.
  const logGroups: ExpectedLogGroup[] = [plan.logGroup, plan.updater?.logGroup].flatMap((group) =>
    group
      ? [
          {
            name: group.name,
            retentionDays: group.attributes.retentionDays as number,
            ...(group.attributes.kmsKeyAlias !== undefined ? { kmsKeyAlias: group.attributes.kmsKeyAlias as string } : {}),
          },
        ]
      : [],
  );
  const buckets: ExpectedBucket[] = plan.bucket ? [expectedBucket(plan.bucket)] : [];
  return {
    accountId: account.id,
    accountName: account.name,
    region: plan.region.region,
    partition: plan.region.partition,
    documents,
    ...(plan.sessionKey ? { createdKey: createdKeyOf(plan.sessionKey, tags) } : {}),
    existingKeys: referenced('kmsKey'),
    ...(plan.logsKey ? { logsKeyAlias: plan.logsKey.alias.name } : {}),
    referencedLogGroups: referenced('logGroup'),
    logGroups,
    buckets,
    ...(plan.updater ? { lambdaFunction: expectedFunction(plan.updater) } : {}),
    sharing: { settingId: plan.sharingSetting.name, value: 'Disable' },
    ...(plan.dhmcSetting ? { dhmc: { settingId: plan.dhmcSetting.name, value: String(plan.dhmcSetting.attributes.value) } } : {}),
  };
}

function createdKeyOf(key: NonNullable<RegionPlan['sessionKey']>, tags: Readonly<Record<string, string>>): ExpectedCreatedKey {
  const value = tags[MANAGED_BY_TAG];
  return {
    alias: key.alias.name,
    keyIdParameter: key.keyIdParameter.name,
    description: String(key.key.attributes.description),
    ...(value !== undefined ? { managedBy: { key: MANAGED_BY_TAG, value } } : {}),
  };
}

/** The managed policies of an account's account-wide stack, read from its resource plan. */
export function expectedPolicies(plan: AccountPlan): ExpectedPolicy[] {
  return plan.policies.flatMap((p) => (p.document ? [{ name: p.resource.name, arn: p.resource.arn!, document: p.document }] : []));
}

/** The expected state of one log-archive Region, read from its plan: the archive key (enabled, rotating) and the archive bucket. */
export function expectedArchiveRegion(plan: ArchivePlan): ExpectedRegion {
  const b = plan.bucketResource;
  return {
    accountId: b.accountId,
    accountName: b.accountName,
    region: b.region,
    partition: b.partition,
    documents: [],
    existingKeys: [],
    logsKeyAlias: plan.key.alias.name,
    referencedLogGroups: [],
    logGroups: [],
    buckets: [expectedBucket(b)],
  };
}

/** The path of a planned IAM entity: its planned attribute, or the ARN's (`role/<path><name>`). */
function iamPath(r: PlannedResource): string {
  if (typeof r.attributes.path === 'string') return r.attributes.path;
  const m = /:(?:role|instance-profile)(\/.*\/)[^/]+$/.exec(r.arn ?? '');
  return m ? m[1] : '/';
}

/** The roles of an account's plan: the instance role, the DHMC role, and the updater role of every Region that has one. */
export function expectedRoles(plan: AccountPlan): ExpectedRole[] {
  const roles = [
    ...(plan.instanceRole ? [plan.instanceRole.role] : []),
    ...(plan.dhmcRole ? [plan.dhmcRole] : []),
    ...plan.regions.flatMap((r) => (r.updater ? [r.updater.role] : [])),
  ];
  return roles.map((r) => {
    const a = r.attributes as Partial<PlannedRoleAttributes>;
    return {
      name: r.name,
      arn: r.arn ?? '',
      path: iamPath(r),
      what: r.what,
      trustPolicy: a.trustPolicy!,
      managedPolicyArns: a.managedPolicyArns ?? [],
      inlinePolicyNames: a.inlinePolicyNames ?? [],
    };
  });
}

/** The instance profile of an account's plan, when it creates one. */
export function expectedInstanceProfiles(plan: AccountPlan): ExpectedInstanceProfile[] {
  return plan.instanceRole ? [{ name: plan.instanceRole.profile.name, path: iamPath(plan.instanceRole.profile), role: plan.instanceRole.role.name }] : [];
}

/**
 * The expected state of every account and Region in `scope` (retired Regions are no longer
 * managed and are not checked). Unknown account IDs or Regions in the scope are returned as problems.
 */
export function expectedState(model: Model, scope: DriftScope = {}): { accounts: ExpectedAccount[]; problems: string[] } {
  const problems = filterProblems(model.accounts, scope);
  const wantAccounts = scope.accounts && scope.accounts.length > 0 ? new Set(scope.accounts) : undefined;
  const wantRegions = scope.regions && scope.regions.length > 0 ? new Set(scope.regions) : undefined;
  const accounts = model.accounts
    .filter((a) => !wantAccounts || wantAccounts.has(a.id) || wantAccounts.has(a.name))
    .map((account): ExpectedAccount => {
      const plan = planAccount(model, account);
      return {
        accountId: account.id,
        accountName: account.name,
        ...(account.assumeRoleArn ? { assumeRoleArn: account.assumeRoleArn } : {}),
        homeRegion: account.homeRegion,
        // IAM is account-wide: checked whenever the account is, whatever the Region filter.
        policies: expectedPolicies(plan),
        roles: expectedRoles(plan),
        instanceProfiles: expectedInstanceProfiles(plan),
        regions: plan.regions.filter((r) => !wantRegions || wantRegions.has(r.region.region)).map((r) => expectedRegion(account, r, model.tags)),
      };
    });
  return { accounts: withArchive(model, accounts, wantAccounts, wantRegions), problems };
}

/** The log-archive Regions (when the scope takes the archive account): added to that account when it is also a member, else as an account of their own. */
function withArchive(model: Model, accounts: ExpectedAccount[], wantAccounts: ReadonlySet<string> | undefined, wantRegions: ReadonlySet<string> | undefined): ExpectedAccount[] {
  const archive = model.logArchive;
  if (archive === undefined) return accounts;
  const member = accounts.find((a) => a.accountId === archive.accountId);
  if (wantAccounts && !member && !wantAccounts.has(archive.accountId) && !wantAccounts.has(archive.name)) return accounts;
  const regions = archive.buckets.filter((b) => !wantRegions || wantRegions.has(b.region)).map((b) => expectedArchiveRegion(planArchiveRegion(archive, b)));
  if (member) return accounts.map((a) => (a === member ? { ...a, regions: [...a.regions, ...regions] } : a));
  if (regions.length === 0) return accounts;
  return [
    ...accounts,
    {
      accountId: archive.accountId,
      accountName: archive.name,
      ...(archive.assumeRoleArn ? { assumeRoleArn: archive.assumeRoleArn } : {}),
      homeRegion: archive.homeRegion,
      policies: [],
      roles: [],
      instanceProfiles: [],
      regions,
    },
  ];
}
