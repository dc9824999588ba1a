/**
 * What every account and Region should look like, computed from the validated model with the same
 * pure builders the stacks use (buildSessionDocument, the IAM policy builders, the names the
 * constructs give). Pure: no I/O. Values that exist only once resources exist (the created key's
 * ID, the log key's ARN) are named here by their alias and resolved against what is observed.
 */
import { PREFERENCES_DOCUMENT_NAME, type AccountModel, type CustomDocumentModel, type Model, type PreferencesModel, type RegionModel } from '../model/model';
import { ACCESS_IAM_PATH, KEY_ID_PARAMETER_NAME, LOGS_KEY_ALIAS } from '../model/resource-names';
import { PUBLIC_SHARING_SETTING } from '../model/service-settings';
import { buildSessionDocument } from '../documents/build-session-document';
import { buildCustomDocument, type AnySessionDocumentContent } from '../documents/build-custom-document';
import { createdBucketName } from '../policies/arns';
import { accessPolicySet } from '../policies/access-set';
import type { PolicyDocument } from '../policies/types';
import { filterProblems } from '../aws/types';

/** Placeholder the expected documents carry for the created session-data key's ID (resolved through its alias). */
export const CREATED_KEY_PLACEHOLDER = '${created-session-key-id}';

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
}

/** A log group this project creates. */
export interface ExpectedLogGroup {
  readonly name: string;
  readonly retentionDays: number;
  /** Encrypted with the log key (its ARN is the target of this alias); absent: no customer managed key. */
  readonly kmsKeyAlias?: string;
}

/** A log bucket this project creates. */
export interface ExpectedBucket {
  readonly name: string;
  /** Default encryption SSE-KMS with the key this alias targets, bucket key on. */
  readonly kmsKeyAlias: string;
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
  /** The public-sharing service setting: its ID and value. */
  readonly sharing: { readonly settingId: string; readonly value: 'Disable' };
}

/** One managed IAM policy of the account-wide stack. */
export interface ExpectedPolicy {
  readonly name: string;
  readonly arn: string;
  readonly document: PolicyDocument;
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
  readonly regions: readonly ExpectedRegion[];
}

/** Which accounts and Regions to check; empty lists mean all. */
export interface DriftScope {
  readonly accounts?: readonly string[];
  readonly regions?: readonly string[];
}

/** The preferences document (`prefs`), or a custom document of any session type (`custom`, whose preferences are `prefs`). */
function documentFor(
  name: string,
  prefs: PreferencesModel,
  region: RegionModel,
  accountId: string,
  createdKeyAlias: string | undefined,
  custom?: CustomDocumentModel,
): ExpectedDocument {
  const created = prefs.sessionKey.mode === 'create';
  const bucket = prefs.s3.enabled && prefs.s3.bucket.mode === 'create' ? createdBucketName(prefs.s3.bucket.namePrefix, accountId, region.region) : undefined;
  const refs = { ...(created ? { createdKeyId: CREATED_KEY_PLACEHOLDER } : {}), ...(bucket !== undefined ? { createdBucketName: bucket } : {}) };
  const content = custom !== undefined ? buildCustomDocument(custom, refs) : buildSessionDocument(prefs, refs);
  return {
    name,
    content,
    // Every document that creates a key names the one key of the Region (RegionPreferences).
    ...(created && createdKeyAlias !== undefined ? { createdKeyAlias } : {}),
    managedBy: name === PREFERENCES_DOCUMENT_NAME ? region.documentManagement : 'terraform',
  };
}

/** The expected state of one managed Region (mirrors RegionPreferences). */
export function expectedRegion(account: AccountModel, region: RegionModel): ExpectedRegion {
  const prefs = region.preferences;
  const all = [prefs, ...region.customDocuments.map((d) => d.preferences)];
  const createdKeyAlias = prefs.sessionKey.mode === 'create' ? prefs.sessionKey.alias : undefined;
  const documents = [
    documentFor(PREFERENCES_DOCUMENT_NAME, prefs, region, account.id, createdKeyAlias),
    ...region.customDocuments.map((d) => documentFor(d.name, d.preferences, region, account.id, createdKeyAlias, d)),
  ];
  const existingKeys = [...new Set(all.flatMap((p) => (p.sessionKey.mode === 'existing' ? [p.sessionKey.keyId] : [])))];
  // The constructs create the log group and bucket of the base preferences only; custom documents name them.
  const cw = prefs.cloudWatch;
  const logGroups: ExpectedLogGroup[] =
    cw.enabled && cw.create ? [{ name: cw.logGroupName, retentionDays: cw.retentionDays, ...(cw.encrypted ? { kmsKeyAlias: LOGS_KEY_ALIAS } : {}) }] : [];
  const referencedLogGroups = [...new Set(all.flatMap((p) => (p.cloudWatch.enabled ? [p.cloudWatch.logGroupName] : [])).filter((name) => !logGroups.some((g) => g.name === name)))];
  const buckets: ExpectedBucket[] =
    prefs.s3.enabled && prefs.s3.bucket.mode === 'create' ? [{ name: createdBucketName(prefs.s3.bucket.namePrefix, account.id, region.region), kmsKeyAlias: LOGS_KEY_ALIAS }] : [];
  // RegionPreferences creates the log key for an encrypted created log group, a created bucket, or the updater's logs.
  const hasLogsKey = logGroups.some((g) => g.kmsKeyAlias !== undefined) || buckets.length > 0 || region.documentManagement === 'lambda';
  return {
    accountId: account.id,
    accountName: account.name,
    region: region.region,
    partition: region.partition,
    documents,
    ...(createdKeyAlias !== undefined ? { createdKey: { alias: createdKeyAlias, keyIdParameter: KEY_ID_PARAMETER_NAME } } : {}),
    existingKeys,
    ...(hasLogsKey ? { logsKeyAlias: LOGS_KEY_ALIAS } : {}),
    referencedLogGroups,
    logGroups,
    buckets,
    sharing: { settingId: PUBLIC_SHARING_SETTING, value: 'Disable' },
  };
}

/** The managed policies of an account's account-wide stack (the same set AccessPolicies creates; retired Regions left out). */
export function expectedPolicies(model: Model, account: AccountModel): ExpectedPolicy[] {
  const managed: AccountModel = { ...account, regions: account.regions.filter((r) => !r.retired) };
  const partition = managed.regions[0]?.partition ?? 'aws';
  const arn = (name: string) => `arn:${partition}:iam::${account.id}:policy${ACCESS_IAM_PATH}${name}`;
  const set = accessPolicySet(managed, account.access ?? model.access);
  return [set.instance, set.user, ...set.documentPolicies]
    .flatMap((side) => side.parts.map((part, i) => ({ name: side.names[i]!, document: part.document })))
    .map((p) => ({ ...p, arn: arn(p.name) }));
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
    .map((account): ExpectedAccount => ({
      accountId: account.id,
      accountName: account.name,
      ...(account.assumeRoleArn ? { assumeRoleArn: account.assumeRoleArn } : {}),
      homeRegion: account.homeRegion,
      // IAM is account-wide: checked whenever the account is, whatever the Region filter.
      policies: expectedPolicies(model, account),
      regions: account.regions.filter((r) => !r.retired && (!wantRegions || wantRegions.has(r.region))).map((r) => expectedRegion(account, r)),
    }));
  return { accounts, problems };
}
