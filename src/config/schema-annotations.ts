/**
 * What editors show beside each property of config/schema.json: `default` (taken from
 * defaults.ts, never repeated here), `enum` for closed sets the zod schema checks with a rule
 * (CloudWatch retention periods), and `examples`. src/config/json-schema.ts applies these to the
 * JSON Schema generated from the zod schema, by property path:
 *   `a.b` for nested properties, `a[]` for array items, `a{}` for record values; union
 *   branches (backend) share their parent's path.
 * Overrides of custom documents (`customDocuments[].preferences.*`) inherit from `preferences`,
 * so they get the base default as an example, not as a default.
 */
import { DEFAULTS } from './defaults';
import { LOG_RETENTION_DAYS } from './field-formats';

/** Keywords added to one property. */
export interface Annotation {
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly examples?: readonly unknown[];
}

const D = DEFAULTS;

/** Annotations by property path. */
export const ANNOTATIONS: Readonly<Record<string, Annotation>> = {
  $schema: { examples: ['./schema.json'] },
  version: { default: 1, examples: [1] },
  regions: { examples: [['us-east-1', 'eu-west-1']] },
  'regions[]': { examples: ['eu-west-1'] },
  assumeRoleName: { examples: ['SessionPrefsDeployer', 'OrganizationAccountAccessRole'] },
  retiredRegions: { default: [], examples: [['ap-northeast-3']] },
  tags: { default: {}, examples: [{ Project: 'session-manager', Owner: 'platform-team' }] },
  adoptExisting: { default: D.adoptExisting },
  documentManagement: { default: D.documentManagement },
  accounts: { examples: [[{ id: '111111111111', name: 'sandbox' }]] },
  'accounts[].id': { examples: ['111111111111'] },
  'accounts[].name': { examples: ['sandbox', 'prod-payments'] },
  'accounts[].assumeRoleArn': { examples: ['arn:aws:iam::111111111111:role/SessionPrefsDeployer'] },
  'accounts[].homeRegion': { examples: [D.homeRegion] },
  'accounts[].regions': { examples: [['eu-west-1', 'eu-central-1']] },
  'accounts[].retiredRegions': { examples: [['ap-northeast-3']] },
  'accounts[].adoptExisting': { examples: [true] },
  'accounts[].documentManagement': { examples: ['lambda'] },
  'accounts[].regionSettings': { examples: [{ 'eu-west-1': { adoptExisting: true, documentManagement: 'terraform' } }] },
  'accounts[].regionSettings{}.adoptExisting': { examples: [true] },
  'accounts[].regionSettings{}.documentManagement': { examples: ['lambda'] },
  accountsFile: { examples: ['accounts.yaml'] },
  stacks: { default: { shardSize: D.shardSize, homeRegion: D.homeRegion } },
  'stacks.shardSize': { default: D.shardSize },
  'stacks.homeRegion': { default: D.homeRegion },
  backend: { default: D.backend, examples: [D.backend, { type: 'cloud', organization: 'acme', project: 'session-manager' }] },
  'backend.type': { enum: ['local', 'cloud'] },
  'backend.organization': { examples: ['acme'] },
  'backend.project': { examples: ['session-manager'] },
  'backend.hostname': { default: D.cloudBackend.hostname },
  'backend.workspacePrefix': { default: D.cloudBackend.workspacePrefix },
  'preferences.idleSessionTimeout': { default: D.idleSessionTimeout },
  'preferences.maxSessionDuration': { default: D.maxSessionDuration },
  'preferences.runAs.enabled': { default: D.runAs.enabled },
  'preferences.runAs.defaultUser': { examples: ['ssm-user'] },
  'preferences.shellProfile.linux': { default: D.shellProfile.linux, examples: ['exec bash -l'] },
  'preferences.shellProfile.windows': { default: D.shellProfile.windows, examples: ['Set-Location $env:USERPROFILE'] },
  'preferences.sessionEncryption.enabled': { default: D.sessionEncryption.enabled },
  'preferences.sessionEncryption.kmsKeyId': { examples: ['alias/session-manager/data', 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab'] },
  'preferences.sessionEncryption.kmsKeyIdByRegion': { examples: [{ 'eu-west-1': 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab' }] },
  'preferences.sessionEncryption.createKey': { default: D.sessionEncryption.createKey },
  'preferences.sessionEncryption.alias': { default: D.sessionEncryption.alias },
  'preferences.cloudWatch.enabled': { default: D.cloudWatch.enabled },
  'preferences.cloudWatch.createLogGroup': { default: D.cloudWatch.createLogGroup },
  'preferences.cloudWatch.logGroupName': { default: D.cloudWatch.logGroupName },
  'preferences.cloudWatch.retentionDays': { default: D.cloudWatch.retentionDays, enum: LOG_RETENTION_DAYS },
  'preferences.cloudWatch.encrypted': { default: D.cloudWatch.encrypted },
  'preferences.cloudWatch.streaming': { default: D.cloudWatch.streaming },
  'preferences.s3.enabled': { default: D.s3.enabled },
  'preferences.s3.createBucket': { default: D.s3.createBucket },
  'preferences.s3.bucketName': { examples: ['acme-session-logs'] },
  'preferences.s3.bucketNamePrefix': { default: D.s3.bucketNamePrefix },
  'preferences.s3.keyPrefix': { default: D.s3.keyPrefix },
  'preferences.s3.encrypted': { default: D.s3.encrypted },
  'preferences.s3.expirationDays': { default: D.s3.expirationDays },
  'preferences.s3.noncurrentVersionExpirationDays': { default: D.s3.noncurrentVersionExpirationDays },
  customDocuments: { default: [], examples: [[{ name: 'SessionManager-BreakGlass', preferences: { maxSessionDuration: 480 } }]] },
  'customDocuments[].name': { examples: ['SessionManager-BreakGlass'] },
  'customDocuments[].description': { examples: ['Longer sessions for incident response.'] },
  'access.policyNamePrefix': { default: D.access.policyNamePrefix },
  'access.ssh': { default: D.access.ssh },
  'access.portForwarding': { default: D.access.portForwarding },
  'access.instance.createPolicy': { default: D.access.instance.createPolicy },
  'access.instance.createRole': { default: D.access.instance.createRole },
  'access.instance.roleName': { default: D.access.instance.roleName },
  'access.instance.attachManagedInstanceCore': { default: D.access.instance.attachManagedInstanceCore },
  'access.instance.attachToRoles': { default: [], examples: [['AppServerRole']] },
  'access.instance.bucketKmsKeys': { default: [], examples: [['alias/central-log-bucket']] },
  'access.user.createPolicy': { default: D.access.user.createPolicy },
  'access.user.targetTag': { examples: [{ key: 'SessionManagerAccess', value: 'true' }] },
  'access.user.targetTag.key': { examples: ['SessionManagerAccess'] },
  'access.user.targetTag.value': { examples: ['true'] },
  'access.user.attachToGroups': { default: [], examples: [['Operators']] },
  'access.user.attachToRoles': { default: [], examples: [['AWSReservedSSO_Operators_0123456789abcdef']] },
  'access.user.attachToUsers': { default: [], examples: [['break-glass']] },
  'access.user.documents': { examples: [['SSM-SessionManagerRunShell']] },
  'access.instance.defaultHostManagement': { examples: [{ createRole: true, setServiceSetting: false }] },
  'access.instance.defaultHostManagement.createRole': { examples: [true] },
  // Defaults of a created DHMC role only (createRole: true): shown as examples, since alone they would be refused.
  'access.instance.defaultHostManagement.roleName': { examples: [D.access.instance.defaultHostManagementRoleName] },
  'access.instance.defaultHostManagement.setServiceSetting': { examples: [D.access.instance.setDefaultHostManagementServiceSetting] },
  'access.documentPolicies': { default: [], examples: [[{ name: 'BreakGlass', documents: ['SessionManager-BreakGlass'], attachToRoles: ['IncidentResponder'] }]] },
  'access.documentPolicies[].name': { examples: ['BreakGlass'] },
  'access.documentPolicies[].documents': { examples: [['SessionManager-BreakGlass']] },
  'access.documentPolicies[].targetTag': { examples: [{ key: 'Env', value: 'prod' }] },
  'access.documentPolicies[].targetTag.key': { examples: ['Env'] },
  'access.documentPolicies[].targetTag.value': { examples: ['prod'] },
  'access.documentPolicies[].attachToGroups': { default: [], examples: [['IncidentResponders']] },
  'access.documentPolicies[].attachToRoles': { default: [], examples: [['IncidentResponder']] },
  'access.documentPolicies[].attachToUsers': { default: [], examples: [['oncall-lead']] },
  'accounts[].group': { examples: ['production', 'sandbox'] },
  'accounts[].closed': { default: false },
  regionOverrides: { default: {}, examples: [{ 'eu-west-1': { preferences: { cloudWatch: { logGroupName: '/session-manager/eu' } } } }] },
  accountGroups: { default: {}, examples: [{ production: { description: 'Production accounts', preferences: { idleSessionTimeout: 15 } } }] },
  'accountGroups{}.description': { examples: ['Production accounts'] },
  'logArchive.accountId': { examples: ['222222222222'] },
  'logArchive.name': { default: D.logArchive.name },
  'logArchive.assumeRoleArn': { examples: ['arn:aws:iam::222222222222:role/SessionPrefsDeployer'] },
  'logArchive.homeRegion': { examples: [D.homeRegion] },
  'logArchive.regions': { default: [], examples: [['eu-central-1']] },
  'logArchive.bucketNamePrefix': { default: D.logArchive.bucketNamePrefix },
  'logArchive.keyPrefix': { default: D.logArchive.keyPrefix },
  'logArchive.keyAlias': { default: D.logArchive.keyAlias },
  'logArchive.writers': { default: D.logArchive.writers },
  'logArchive.organizationId': { examples: ['o-a1b2c3d4e5'] },
  'logArchive.expirationDays': { default: D.logArchive.expirationDays },
  'logArchive.noncurrentVersionExpirationDays': { default: D.logArchive.noncurrentVersionExpirationDays },
  'logArchive.objectLock': { examples: [{ mode: 'GOVERNANCE', retentionDays: 365 }] },
  'logArchive.objectLock.mode': { examples: ['GOVERNANCE', 'COMPLIANCE'] },
  'logArchive.objectLock.retentionDays': { examples: [365] },
  'bootstrap.deployerRoleName': { default: D.bootstrap.deployerRoleName },
  'bootstrap.planRoleName': { default: D.bootstrap.planRoleName },
  'bootstrap.readRoleName': { default: D.bootstrap.readRoleName },
  'bootstrap.organizationalUnits': { default: [], examples: [['ou-ab12-cdefgh34']] },
  'bootstrap.organizationalUnits[]': { examples: ['r-ab12', 'ou-ab12-cdefgh34'] },
  'bootstrap.trustedPrincipals': { default: [], examples: [['arn:aws:iam::333333333333:role/ci-runner']] },
  'bootstrap.trustedPrincipals[]': { examples: ['arn:aws:iam::333333333333:role/ci-runner'] },
  'bootstrap.ci.accountId': { examples: ['333333333333'] },
  'bootstrap.ci.repository': { examples: ['my-org/session-manager-preferences'] },
  'bootstrap.ci.productionEnvironment': { default: D.bootstrap.ci.productionEnvironment },
  'bootstrap.ci.planRoleName': { default: D.bootstrap.ci.planRoleName },
  'bootstrap.ci.deployRoleName': { default: D.bootstrap.ci.deployRoleName },
  'bootstrap.ci.createOidcProvider': { default: D.bootstrap.ci.createOidcProvider },
  'compliance.maxIdleSessionTimeout': { default: D.compliance.maxIdleSessionTimeout },
  'compliance.minLogRetentionDays': { default: D.compliance.minLogRetentionDays, examples: [365, 400] },
  'compliance.suppressions': { default: [] },
  'compliance.suppressions[].rule': { examples: ['SMP-LOG-2'] },
  'compliance.suppressions[].stack': { examples: ['prod-shard0', '*-global'] },
  'compliance.suppressions[].resource': { examples: ['prod-shard0/eu-west-1/log-group'] },
  'compliance.suppressions[].reason': { examples: ['Logs are copied to the log archive account, which keeps them for 7 years.'] },
};

/**
 * Paths that inherit from another path (longest prefix first): their annotation is the base's,
 * with the base default shown as an example (the value comes from the base unless set here).
 * Account groups repeat the top-level sections; Region overrides and custom documents repeat
 * the preferences.
 */
export const INHERITED: readonly { readonly prefix: string; readonly base: string }[] = [
  { prefix: 'accountGroups{}.', base: '' },
  { prefix: 'customDocuments[].preferences.', base: 'preferences.' },
  { prefix: 'regionOverrides{}.preferences.', base: 'preferences.' },
];
