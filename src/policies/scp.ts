/**
 * A service control policy that protects what the access policies trust, generated for the
 * organization's administrators to review and attach themselves (never applied by this project).
 *
 * The grants find created keys by alias (kms:ResourceAliases), so whoever may create, update or
 * delete those aliases in a member account could point them at a key they control; whoever may
 * change the preferences documents, the session log groups or buckets can switch logging off. The
 * SCP denies exactly those changes to every principal except the roles that deploy this project.
 * Pure: computed from ProtectedResources, which src/plan/protected-resources.ts reads from the resource plan.
 */
import { unique } from './iam-common';
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

/**
 * What the SCP protects, as data: read from the resource plan by src/plan/protected-resources.ts
 * (the names the stacks create and the documents name), so this builder stays pure.
 */
export interface ProtectedResources {
  /** ARN partition of the organization. */
  readonly partition: string;
  /** Key aliases the access policies trust: created keys' aliases and aliases named as existing keys (bucket keys included). */
  readonly aliases: readonly string[];
  /** Session documents the stacks create or the updater writes. */
  readonly documents: readonly string[];
  /** Session log groups the documents name (created or existing). */
  readonly logGroups: readonly string[];
  /** Session log buckets: existing ones by name, created ones by their name pattern (`<prefix>-*`). */
  readonly buckets: readonly string[];
  /** Some account sets the DHMC service setting. */
  readonly dhmcSetting: boolean;
  /** Roles Terraform assumes in the accounts (configured ARNs). */
  readonly deployRoleArns: readonly string[];
  /** Some managed Region uses the updater Lambda (documentManagement lambda). */
  readonly updater: boolean;
  /** The roles npm run bootstrap creates in every account (bootstrap.*RoleName): the deployer is exempt, all three are protected. */
  readonly bootstrapRoles: { readonly deployer: string; readonly plan: string; readonly read: string };
}

/** Names the SCP needs from the constructs (kept as inputs so this module stays pure). */
export interface ScpOptions {
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
export function deployRolePatterns(targets: ProtectedResources, updaterRolePrefix: string): string[] {
  return unique([
    ...targets.deployRoleArns.flatMap((arn) => {
      const m = /^arn:([a-z-]+):iam::\d{12}:role\/(.+)$/.exec(arn);
      return m ? [`arn:${m[1]}:iam::*:role/${m[2]}`] : [];
    }),
    ...(targets.updater ? [`arn:${targets.partition}:iam::*:role/${updaterRolePrefix}-*`] : []),
    // The deployer role of npm run bootstrap (bootstrap.deployerRoleName, default assumeRoleName).
    `arn:${targets.partition}:iam::*:role/${targets.bootstrapRoles.deployer}`,
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
function bootstrapRolesStatement(b: ProtectedResources['bootstrapRoles'], partition: string): Statement {
  return {
    Sid: 'ProtectBootstrapRoles',
    Effect: 'Deny',
    Action: [...BOOTSTRAP_ROLE_CHANGES],
    Resource: [...unique([b.deployer, b.plan, b.read]).map((n) => `arn:${partition}:iam::*:role/${n}`), `arn:${partition}:iam::*:policy${BOOTSTRAP_POLICY_PATH}*`],
    Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:${partition}:iam::*:role/${STACKSET_EXECUTION_ROLE_PATTERN}` } },
  };
}

/**
 * The SCP: one Deny statement per kind of resource, each on the exact names this configuration
 * uses, unless the caller is one of `exempt` (ArnNotLike aws:PrincipalArn). Throws when there is
 * no exempt principal: such an SCP would also lock out the deployment.
 */
export function protectionScp(targets: ProtectedResources, options: ScpOptions): PolicyDocument {
  const exempt = options.exempt ?? deployRolePatterns(targets, options.updaterRolePrefix);
  if (!exempt.some((e) => !e.includes(`:role/${options.updaterRolePrefix}-`))) {
    throw new Error('protectionScp: no deploying role to exempt; set assumeRoleName (or accounts[].assumeRoleArn), or name the role explicitly');
  }
  const { partition } = targets;
  const unlessDeployer = { ArnNotLike: { 'aws:PrincipalArn': exempt.length === 1 ? exempt[0] : [...exempt] } };
  const deny = (sid: string, actions: readonly string[], resources: string[]): Statement[] =>
    resources.length === 0 ? [] : [{ Sid: sid, Effect: 'Deny', Action: [...actions], Resource: resources.length === 1 ? resources[0] : resources, Condition: unlessDeployer }];
  return policy(
    ...deny(
      'ProtectTrustedKeyAliases',
      ALIAS_CHANGES,
      unique(targets.aliases).map((a) => `arn:${partition}:kms:*:*:${a}`),
    ),
    ...deny(
      'ProtectSessionDocuments',
      DOCUMENT_CHANGES,
      unique(targets.documents).map((d) => `arn:${partition}:ssm:*:*:document/${d}`),
    ),
    ...deny(
      'ProtectSessionLogGroups',
      LOG_GROUP_CHANGES,
      unique(targets.logGroups).flatMap((g) => [`arn:${partition}:logs:*:*:log-group:${g}`, `arn:${partition}:logs:*:*:log-group:${g}:*`]),
    ),
    ...deny(
      'ProtectSessionLogBuckets',
      BUCKET_CHANGES,
      unique(targets.buckets).map((b) => `arn:${partition}:s3:::${b}`),
    ),
    ...deny('ProtectDefaultHostManagementSetting', SERVICE_SETTING_CHANGES, targets.dhmcSetting ? [`arn:${partition}:ssm:*:*:${DHMC_SETTING_PATH}`] : []),
    bootstrapRolesStatement(targets.bootstrapRoles, partition),
  );
}
