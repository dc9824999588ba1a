/**
 * A service control policy that protects what the access policies trust, generated for the
 * organization's administrators to review and attach themselves (never applied by this project).
 *
 * The grants find created keys by alias (kms:ResourceAliases), so whoever may create, update or
 * delete those aliases in a member account could point them at a key they control; whoever may
 * change the preferences documents, the session log groups or buckets can switch logging off. The
 * SCP denies exactly those changes to every principal except the roles that deploy this project.
 * Pure: computed from the model only.
 */
import type { Model } from '../model/model';
import { PREFERENCES_DOCUMENT_NAME } from '../model/model';
import { sessionPreferences, unique } from './iam-common';
import { DHMC_SETTING_PATH } from '../model/service-settings';
import { policy, type PolicyDocument, type Statement } from './types';

/** AWS's limit on a service control policy, in characters without white space. */
export const SCP_MAX_CHARS = 5120;

/** Alias changes that would repoint a trusted alias. */
export const ALIAS_CHANGES = ['kms:CreateAlias', 'kms:UpdateAlias', 'kms:DeleteAlias'] as const;
/** Changes to a Session document that replace or remove its preferences, or share it. */
export const DOCUMENT_CHANGES = ['ssm:CreateDocument', 'ssm:UpdateDocument', 'ssm:UpdateDocumentDefaultVersion', 'ssm:DeleteDocument', 'ssm:ModifyDocumentPermission'] as const;
/** Changes that remove session logs or their encryption from a log group. */
export const LOG_GROUP_CHANGES = [
  'logs:DeleteLogGroup',
  'logs:DeleteLogStream',
  'logs:PutRetentionPolicy',
  'logs:DeleteRetentionPolicy',
  'logs:AssociateKmsKey',
  'logs:DisassociateKmsKey',
] as const;
/** Changes that remove a log bucket, open it, or weaken its encryption, versioning or lifecycle. */
export const BUCKET_CHANGES = [
  's3:DeleteBucket',
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutEncryptionConfiguration',
  's3:PutBucketVersioning',
  's3:PutLifecycleConfiguration',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketOwnershipControls',
  's3:PutBucketAcl',
] as const;
/** Changes to the DHMC service setting (which role Systems Manager gives instances without a profile). */
export const SERVICE_SETTING_CHANGES = ['ssm:UpdateServiceSetting', 'ssm:ResetServiceSetting'] as const;

/** The aliases the generated policies trust: created keys' aliases and aliases named as existing keys. */
export function trustedAliases(model: Model, logsKeyAlias: string): string[] {
  const aliasOf = (ref: string): string[] => {
    const m = /(alias\/.+)$/.exec(ref);
    return m ? [m[1]] : [];
  };
  const aliases = model.accounts.flatMap((a) =>
    a.regions.flatMap((r) =>
      sessionPreferences(r).flatMap((p) => [
        ...(p.sessionKey.mode === 'create' ? [p.sessionKey.alias] : p.sessionKey.mode === 'existing' ? aliasOf(p.sessionKey.keyId) : []),
        ...(p.s3.enabled && p.s3.bucket.mode === 'create' ? [logsKeyAlias] : []),
        ...(p.cloudWatch.enabled && p.cloudWatch.create && p.cloudWatch.encrypted ? [logsKeyAlias] : []),
      ]),
    ),
  );
  return unique([...aliases, ...model.access.instance.bucketKmsKeys.flatMap(aliasOf)]);
}

/** Names the SCP needs from the constructs (kept as inputs so this module stays pure). */
export interface ScpOptions {
  /** Alias of the log-encryption key of created buckets and log groups. */
  readonly logsKeyAlias: string;
  /** Name prefix of the updater Lambda's roles (`<prefix>-<region>`), which change the preferences document. */
  readonly updaterRolePrefix: string;
  /** Exempt principals (ARN patterns); absent means deployRolePatterns() plus the updater roles. */
  readonly exempt?: readonly string[];
}

/**
 * The principals exempt from the SCP: the roles Terraform assumes in each account, as
 * `arn:<partition>:iam::*:role/<path/name>` (one pattern per role name: the SCP covers many
 * accounts), and the updater Lambda's roles when a Region uses documentManagement lambda.
 */
export function deployRolePatterns(model: Model, updaterRolePrefix: string): string[] {
  const partition = partitionOf(model);
  const lambda = model.accounts.some((a) => a.regions.some((r) => r.documentManagement === 'lambda'));
  return unique([
    ...model.accounts.flatMap((a) => {
      const m = a.assumeRoleArn ? /^arn:([a-z-]+):iam::\d{12}:role\/(.+)$/.exec(a.assumeRoleArn) : null;
      return m ? [`arn:${m[1]}:iam::*:role/${m[2]}`] : [];
    }),
    ...(lambda ? [`arn:${partition}:iam::*:role/${updaterRolePrefix}-*`] : []),
    // The deployer role of npm run bootstrap (bootstrap.deployerRoleName, default assumeRoleName).
    `arn:${partition}:iam::*:role/${model.bootstrap.deployerRoleName}`,
  ]);
}

/** Changes that would widen, re-trust or remove a bootstrap role or its managed policies. */
export const BOOTSTRAP_ROLE_CHANGES = [
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
  'iam:UpdateRole',
  'iam:DeleteRole',
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:DeletePolicyVersion',
  'iam:DeletePolicy',
] as const;

/** Path of the bootstrap roles' managed policies (src/bootstrap/cloudformation.ts). */
export const BOOTSTRAP_POLICY_PATH = '/session-manager-bootstrap/';

/**
 * The roles service-managed StackSets use in member accounts (they create and update the bootstrap
 * roles); the bootstrap roles are protected from everyone else.
 */
export const STACKSET_EXECUTION_ROLE_PATTERN = 'stacksets-exec-*';

/** Deny statement protecting the bootstrap roles (npm run bootstrap) against everyone but the StackSet's execution role. */
function bootstrapRolesStatement(model: Model, partition: string): Statement {
  const b = model.bootstrap;
  return {
    Sid: 'ProtectBootstrapRoles',
    Effect: 'Deny',
    Action: [...BOOTSTRAP_ROLE_CHANGES],
    Resource: [
      ...unique([b.deployerRoleName, b.planRoleName, b.readRoleName]).map((n) => `arn:${partition}:iam::*:role/${n}`),
      `arn:${partition}:iam::*:policy${BOOTSTRAP_POLICY_PATH}*`,
    ],
    Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:${partition}:iam::*:role/${STACKSET_EXECUTION_ROLE_PATTERN}` } },
  };
}

/** Partition of the model (every account's Regions share one). */
function partitionOf(model: Model): string {
  return model.accounts[0]?.regions[0]?.partition ?? 'aws';
}

/**
 * The SCP: one Deny statement per kind of resource, each on the exact names this configuration
 * uses, unless the caller is one of `exempt` (ArnNotLike aws:PrincipalArn). Throws when there is
 * no exempt principal: such an SCP would also lock out the deployment.
 */
export function protectionScp(model: Model, options: ScpOptions): PolicyDocument {
  const exempt = options.exempt ?? deployRolePatterns(model, options.updaterRolePrefix);
  const logsKeyAlias = options.logsKeyAlias;
  if (!exempt.some((e) => !e.includes(`:role/${options.updaterRolePrefix}-`))) {
    throw new Error('protectionScp: no deploying role to exempt; set assumeRoleName (or accounts[].assumeRoleArn), or name the role explicitly');
  }
  const partition = partitionOf(model);
  const unlessDeployer = { ArnNotLike: { 'aws:PrincipalArn': exempt.length === 1 ? exempt[0] : [...exempt] } };
  const regions = model.accounts.flatMap((a) => a.regions.filter((r) => !r.retired));
  const prefs = regions.flatMap((r) => sessionPreferences(r));
  const documents = unique([PREFERENCES_DOCUMENT_NAME, ...regions.flatMap((r) => r.customDocuments.map((d) => d.name))]);
  const logGroups = unique(prefs.flatMap((p) => (p.cloudWatch.enabled ? [p.cloudWatch.logGroupName] : [])));
  const buckets = unique(prefs.flatMap((p) => (p.s3.enabled ? [p.s3.bucket.mode === 'create' ? `${p.s3.bucket.namePrefix}-*` : p.s3.bucket.name] : [])));
  const aliases = trustedAliases(model, logsKeyAlias);
  const deny = (sid: string, actions: readonly string[], resources: string[]): Statement[] =>
    resources.length === 0 ? [] : [{ Sid: sid, Effect: 'Deny', Action: [...actions], Resource: resources.length === 1 ? resources[0] : resources, Condition: unlessDeployer }];
  const dhmc = model.access.instance.defaultHostManagement;
  return policy(
    ...deny(
      'ProtectTrustedKeyAliases',
      ALIAS_CHANGES,
      aliases.map((a) => `arn:${partition}:kms:*:*:${a}`),
    ),
    ...deny(
      'ProtectSessionDocuments',
      DOCUMENT_CHANGES,
      documents.map((d) => `arn:${partition}:ssm:*:*:document/${d}`),
    ),
    ...deny(
      'ProtectSessionLogGroups',
      LOG_GROUP_CHANGES,
      logGroups.flatMap((g) => [`arn:${partition}:logs:*:*:log-group:${g}`, `arn:${partition}:logs:*:*:log-group:${g}:*`]),
    ),
    ...deny(
      'ProtectSessionLogBuckets',
      BUCKET_CHANGES,
      buckets.map((b) => `arn:${partition}:s3:::${b}`),
    ),
    ...deny('ProtectDefaultHostManagementSetting', SERVICE_SETTING_CHANGES, dhmc.createRole && dhmc.setServiceSetting ? [`arn:${partition}:ssm:*:*:${DHMC_SETTING_PATH}`] : []),
    bootstrapRolesStatement(model, partition),
  );
}
