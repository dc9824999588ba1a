/**
 * The ARNs (and conditions) each permission scope of permissions.ts stands for, computed from the
 * model with the same naming functions the constructs use. Pure.
 *
 * `accountId` may be a literal account ID or a placeholder such as `${AWS::AccountId}` (the
 * StackSet template substitutes it in each member account).
 */
import { MANAGED_BY_TAG } from '../model/resource-names';
import type { AccessModel, Model } from '../model/model';
import { PREFERENCES_DOCUMENT_NAME } from '../model/model';
import type { LogArchiveModel } from '../model/model-log-archive';
import { ACCESS_IAM_PATH, KEY_ID_PARAMETER_NAME, LOGS_KEY_ALIAS, UPDATER_FUNCTION_NAME, createdBucketName, updaterLogGroupName } from '../model/resource-names';
import { DHMC_ROLE_PATH, DHMC_SETTING, PUBLIC_SHARING_SETTING } from '../model/service-settings';
import type { Statement } from '../policies/types';
import type { Scope } from './permissions';

/** Resources (and the condition that narrows them) of one grant of a scope. */
export interface Grant {
  readonly resources: readonly string[];
  readonly condition?: NonNullable<Statement['Condition']>;
}

/** Every scope's grants; a scope without grants gets no statement. */
export type Scopes = Readonly<Record<Scope, readonly Grant[]>>;

/** Tag key every created resource carries (DEFAULTS.tags), used in tag conditions. */
export { MANAGED_BY_TAG };

/** AWS managed policies the created roles attach (access construct). */
const MANAGED_POLICIES = ['AmazonSSMManagedInstanceCore', 'AmazonSSMManagedEC2InstanceDefaultPolicy'];

function uniq(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

function grant(resources: readonly string[], condition?: Grant['condition']): Grant[] {
  return resources.length === 0 ? [] : [{ resources: uniq(resources), ...(condition ? { condition } : {}) }];
}

/** The tag conditions of keys: the ManagedBy tag the project gives every resource, when the configuration keeps it. */
function tagConditions(tags: Readonly<Record<string, string>>): { request?: Grant['condition']; resource?: Grant['condition'] } {
  const value = tags[MANAGED_BY_TAG];
  if (value === undefined) return {};
  return {
    request: { StringEquals: { [`aws:RequestTag/${MANAGED_BY_TAG}`]: value } },
    resource: { StringEquals: { [`aws:ResourceTag/${MANAGED_BY_TAG}`]: value } },
  };
}

/** The Regions a statement on regional services is confined to (aws:RequestedRegion). */
export function regionCondition(regions: readonly string[]): NonNullable<Statement['Condition']> {
  return { StringEquals: { 'aws:RequestedRegion': regions.length === 1 ? regions[0] : uniq(regions) } };
}

const EMPTY: Scopes = {
  any: [],
  keyCreate: [],
  keys: [],
  aliases: [],
  documents: [],
  parameters: [],
  serviceSettings: [],
  logGroups: [],
  buckets: [],
  iamPolicies: [],
  iamRoles: [],
  passRoles: [],
  instanceProfiles: [],
  attachTargets: [],
  attachTargetsForProjectPolicies: [],
  functions: [],
};

function kmsScopes(partition: string, accountId: string, aliases: readonly string[], tags: Readonly<Record<string, string>>): Pick<Scopes, 'keyCreate' | 'keys' | 'aliases'> {
  const tag = tagConditions(tags);
  return {
    keyCreate: grant(['*'], tag.request),
    keys: grant([`arn:${partition}:kms:*:${accountId}:key/*`], tag.resource),
    aliases: grant(aliases.map((a) => `arn:${partition}:kms:*:${accountId}:${a}`)),
  };
}

/** Partition of the model (every account's Regions share one). */
function partitionOf(model: Model): string {
  return model.accounts[0]?.regions[0]?.partition ?? 'aws';
}

/** Scopes of the member accounts' stacks: the union over every account (one role template serves them all). */
export function memberScopes(model: Model, accountId: string): Scopes {
  const p = partitionOf(model);
  const regions = model.accounts.flatMap((a) => a.regions);
  const prefs = regions.flatMap((r) => [r.preferences, ...r.customDocuments.map((d) => d.preferences)]);
  const lambda = regions.some((r) => r.documentManagement === 'lambda');
  const logsKey = prefs.some((x) => (x.cloudWatch.enabled && x.cloudWatch.create && x.cloudWatch.encrypted) || (x.s3.enabled && x.s3.bucket.mode === 'create' && x.s3.encrypted));
  const aliases = [...prefs.flatMap((x) => (x.sessionKey.mode === 'create' ? [x.sessionKey.alias] : [])), ...(logsKey ? [LOGS_KEY_ALIAS] : [])];
  const documents = [PREFERENCES_DOCUMENT_NAME, ...regions.flatMap((r) => r.customDocuments.map((d) => d.name))];
  const logGroups = [...prefs.flatMap((x) => (x.cloudWatch.enabled && x.cloudWatch.create ? [x.cloudWatch.logGroupName] : [])), ...(lambda ? [updaterLogGroupName()] : [])];
  const buckets = prefs.flatMap((x) => (x.s3.enabled && x.s3.bucket.mode === 'create' ? [createdBucketName(x.s3.bucket.namePrefix, accountId, '*')] : []));
  const accesses: AccessModel[] = [model.access, ...model.accounts.flatMap((a) => (a.access ? [a.access] : []))];
  const iam = `arn:${p}:iam::${accountId}`;
  const instanceRoles = accesses.flatMap((a) => (a.instance.role.create ? [`${iam}:role${ACCESS_IAM_PATH}${a.instance.role.name}`] : []));
  const dhmc = accesses.flatMap((a) => (a.instance.defaultHostManagement.createRole ? [a.instance.defaultHostManagement] : []));
  const dhmcRoles = dhmc.map((d) => `${iam}:role${DHMC_ROLE_PATH}${d.roleName}`);
  const updaterRoles = lambda ? [`${iam}:role/${UPDATER_FUNCTION_NAME}-*`] : [];
  const settings = [PUBLIC_SHARING_SETTING, ...(dhmc.some((d) => d.setServiceSetting) ? [DHMC_SETTING] : [])];
  const projectPolicies = `${iam}:policy${ACCESS_IAM_PATH}*`;
  const targets = [
    ...instanceRoles,
    ...dhmcRoles,
    ...accesses.flatMap((a) => [
      ...a.instance.attachToRoles.map((n) => `${iam}:role/${n}`),
      ...[a.user, ...a.documentPolicies].flatMap((u) => [
        ...u.attachToRoles.map((n) => `${iam}:role/${n}`),
        ...u.attachToGroups.map((n) => `${iam}:group/${n}`),
        ...u.attachToUsers.map((n) => `${iam}:user/${n}`),
      ]),
    ]),
  ];
  const passedTo = (service: string) => ({ StringEquals: { 'iam:PassedToService': service } });
  return {
    ...EMPTY,
    any: grant(['*']),
    ...kmsScopes(p, accountId, aliases, model.tags),
    documents: grant(documents.map((d) => `arn:${p}:ssm:*:${accountId}:document/${d}`)),
    parameters: grant([`arn:${p}:ssm:*:${accountId}:parameter${KEY_ID_PARAMETER_NAME}`]),
    serviceSettings: grant(settings.map((s) => `arn:${p}:ssm:*:${accountId}:servicesetting${s}`)),
    logGroups: grant(logGroups.flatMap((g) => [`arn:${p}:logs:*:${accountId}:log-group:${g}`, `arn:${p}:logs:*:${accountId}:log-group:${g}:*`])),
    buckets: grant(buckets.map((b) => `arn:${p}:s3:::${b}`)),
    iamPolicies: grant([projectPolicies]),
    iamRoles: grant([...instanceRoles, ...dhmcRoles, ...updaterRoles]),
    passRoles: [
      ...grant(instanceRoles, passedTo('ec2.amazonaws.com')),
      ...grant(dhmcRoles, passedTo('ssm.amazonaws.com')),
      ...grant(updaterRoles, passedTo('lambda.amazonaws.com')),
    ],
    instanceProfiles: grant(accesses.flatMap((a) => (a.instance.role.create ? [`${iam}:instance-profile${ACCESS_IAM_PATH}${a.instance.role.name}`] : []))),
    attachTargets: grant(targets),
    attachTargetsForProjectPolicies: grant(targets, { ArnLike: { 'iam:PolicyARN': [projectPolicies, ...MANAGED_POLICIES.map((m) => `arn:${p}:iam::aws:policy/${m}`)] } }),
    functions: grant(lambda ? [`arn:${p}:lambda:*:${accountId}:function:${UPDATER_FUNCTION_NAME}`] : []),
  };
}

/** Scopes of the log-archive account's stacks: its key alias and its buckets only. */
export function archiveScopes(archive: LogArchiveModel, tags: Readonly<Record<string, string>>): Scopes {
  const p = archive.partition;
  return {
    ...EMPTY,
    any: grant(['*']),
    ...kmsScopes(p, archive.accountId, [archive.keyAlias], tags),
    buckets: grant(archive.buckets.map((b) => `arn:${p}:s3:::${b.name}`)),
  };
}
