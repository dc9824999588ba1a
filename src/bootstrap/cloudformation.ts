/**
 * The CloudFormation templates `npm run bootstrap -- --write DIR` writes. Pure: from the model and
 * the resource types of the resource plan (resource-types.ts).
 *
 * - member-roles.json: the deployer, plan and read roles of a member account, one template for
 *   every member account (account IDs in ARNs are `${AWS::AccountId}`, substituted by Fn::Sub);
 * - stackset.json: for the management (or delegated administrator) account: a service-managed
 *   StackSet of member-roles.json with auto-deployment to `bootstrap.organizationalUnits`, the
 *   log-archive and CI accounts excluded (they get their own templates);
 * - log-archive-roles.json: the log-archive account's deployer and plan roles, scoped to the archive stacks;
 * - ci-roles.json: the CI account's GitHub OIDC provider and CI roles.
 */
import type { Model } from '../model/model';
import { BOOTSTRAP_POLICY_PATH } from '../policies/scp';
import type { PolicyDocument } from '../policies/types';
import { actionsOf, archiveReadPolicy, deployerPolicy, planPolicy, readPolicy, splitPolicy } from './policies';
import { archiveScopes, memberScopes } from './scopes';
import { accountRoleTrust, ciRolePolicy, ciRoleTrust, GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, type RoleKind, type TrustDocument } from './trust';

/** The account ID placeholder of the member template. */
export const ACCOUNT_PLACEHOLDER = '${AWS::AccountId}';

/**
 * Thumbprints of GitHub's OIDC certificate chain as GitHub publishes them (github.blog changelog
 * 2023-06-27). IAM no longer uses them for GitHub's issuer, but older tooling requires the field.
 */
export const GITHUB_THUMBPRINTS = ['6938fd4d98bab03faadb97b34396831e3780aea1', '1c58a3a8518e8759bf075b76b750d4f2df264fcd'] as const;

type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };

/** A CloudFormation template. */
export interface Template {
  readonly AWSTemplateFormatVersion: '2010-09-09';
  readonly Description: string;
  readonly Resources: Record<string, { readonly Type: string; readonly Properties: Record<string, Json> }>;
  readonly Outputs?: Record<string, { readonly Description: string; readonly Value: Json }>;
}

/** The policies of one role, as the builders made them (before splitting and substitution). */
export interface RolePolicies {
  readonly name: string;
  readonly kind: RoleKind;
  readonly policy: PolicyDocument;
  readonly trust: TrustDocument;
}

/** Every template, and the roles with their policies (for the docs and the action counts). */
export interface BootstrapOutput {
  readonly templates: Readonly<Record<string, Template>>;
  readonly memberRoles: readonly RolePolicies[];
  readonly archiveRoles: readonly RolePolicies[];
}

/** Strings holding `${AWS::AccountId}` become Fn::Sub; everything else is copied. */
function substitute(value: unknown): Json {
  if (typeof value === 'string') return value.includes('${') ? { 'Fn::Sub': value } : value;
  if (Array.isArray(value)) return value.map(substitute);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v)]));
  return value as Json;
}

function logicalId(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '');
}

const TAGS = (model: Model): Json => Object.entries(model.tags).map(([Key, Value]) => ({ Key, Value }));

/** A role and its managed policies (split to IAM's 6,144-character limit). */
function roleResources(model: Model, role: RolePolicies): Template['Resources'] {
  const parts = splitPolicy(role.policy);
  const id = logicalId(role.name);
  const resources: Template['Resources'] = {};
  parts.forEach((doc, i) => {
    resources[`${id}Policy${i + 1}`] = {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: { ManagedPolicyName: `${role.name}-${i + 1}`, Path: BOOTSTRAP_POLICY_PATH, PolicyDocument: substitute(doc) },
    };
  });
  resources[id] = {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: role.name,
      Description: `session-manager-preferences ${role.kind} role (npm run bootstrap)`,
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: substitute(role.trust),
      ManagedPolicyArns: parts.map((_, i) => ({ Ref: `${id}Policy${i + 1}` })),
      Tags: TAGS(model),
    },
  };
  return resources;
}

function template(description: string, model: Model, roles: readonly RolePolicies[]): Template {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: description,
    Resources: Object.assign({}, ...roles.map((r) => roleResources(model, r))),
    Outputs: Object.fromEntries(roles.map((r) => [`${logicalId(r.name)}Arn`, { Description: `ARN of ${r.name}`, Value: { 'Fn::GetAtt': [logicalId(r.name), 'Arn'] } }])),
  };
}

function partitionOf(model: Model): string {
  return model.accounts[0]?.regions[0]?.partition ?? 'aws';
}

/** The roles of a member account (account `accountId`, a literal or the placeholder). */
export function memberRoles(model: Model, types: readonly string[], accountId: string): RolePolicies[] {
  const b = model.bootstrap;
  const p = partitionOf(model);
  const scopes = memberScopes(model, accountId);
  const regions = [...new Set(model.accounts.flatMap((a) => a.regions.map((r) => r.region)))].sort();
  return [
    { name: b.deployerRoleName, kind: 'deployer', policy: deployerPolicy(types, scopes, regions), trust: accountRoleTrust(b, p, 'deployer') },
    { name: b.planRoleName, kind: 'plan', policy: planPolicy(types, scopes, regions), trust: accountRoleTrust(b, p, 'plan') },
    { name: b.readRoleName, kind: 'read', policy: readPolicy(types), trust: accountRoleTrust(b, p, 'read') },
  ];
}

/** The roles of the log-archive account, scoped to the archive stacks. */
export function archiveRoles(model: Model, types: readonly string[]): RolePolicies[] {
  const archive = model.logArchive;
  if (!archive) return [];
  const b = model.bootstrap;
  const scopes = archiveScopes(archive, model.tags);
  const regions = archive.buckets.map((x) => x.region).sort();
  return [
    { name: b.deployerRoleName, kind: 'deployer', policy: deployerPolicy(types, scopes, regions), trust: accountRoleTrust(b, archive.partition, 'deployer') },
    { name: b.planRoleName, kind: 'plan', policy: planPolicy(types, scopes, regions), trust: accountRoleTrust(b, archive.partition, 'plan') },
    // Drift and preflight read the archive key and bucket with the read-only role's name in this account too.
    { name: b.readRoleName, kind: 'read', policy: archiveReadPolicy(), trust: accountRoleTrust(b, archive.partition, 'read') },
  ];
}

/** The StackSet that puts member-roles.json into every account of the organizational units. */
function stackSetTemplate(model: Model, member: Template): Template {
  const b = model.bootstrap;
  const excluded = [...new Set([...(model.logArchive ? [model.logArchive.accountId] : []), ...(b.ci ? [b.ci.accountId] : [])])].sort();
  const homeRegion = model.accounts[0]?.homeRegion ?? 'us-east-1';
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'session-manager-preferences bootstrap: the member-account roles in every account of the organizational units, accounts vended later included',
    Resources: {
      MemberRoles: {
        Type: 'AWS::CloudFormation::StackSet',
        Properties: {
          StackSetName: 'session-manager-preferences-roles',
          Description: 'Deployer, plan and read-only roles of session-manager-preferences (npm run bootstrap)',
          PermissionModel: 'SERVICE_MANAGED',
          AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
          ManagedExecution: { Active: true },
          Capabilities: ['CAPABILITY_NAMED_IAM'],
          OperationPreferences: { FailureTolerancePercentage: 0, MaxConcurrentPercentage: 25, RegionConcurrencyType: 'SEQUENTIAL' },
          StackInstancesGroup: [
            {
              DeploymentTargets: {
                OrganizationalUnitIds: [...b.organizationalUnits],
                ...(excluded.length > 0 ? { AccountFilterType: 'DIFFERENCE', Accounts: excluded } : {}),
              },
              // IAM is global: one stack instance per account, in the home Region.
              Regions: [homeRegion],
            },
          ],
          TemplateBody: JSON.stringify(member),
          Tags: TAGS(model),
        },
      },
    },
  };
}

/** One CI role: its trust (GitHub's OIDC tokens) and its one inline policy (assume the account roles of its kind). */
export interface CiRole {
  readonly name: string;
  readonly kind: 'deployer' | 'plan';
  readonly description: string;
  readonly trust: TrustDocument;
  readonly inlinePolicyName: string;
  readonly policy: PolicyDocument;
}

/** The CI account's roles (plan, then deploy), or none without bootstrap.ci. */
export function ciRoles(model: Model): CiRole[] {
  const ci = model.bootstrap.ci;
  if (!ci) return [];
  const p = partitionOf(model);
  const role = (kind: 'deployer' | 'plan', name: string): CiRole => ({
    name,
    kind,
    description: `GitHub Actions of ${ci.repository}: ${kind === 'deployer' ? `environment ${ci.productionEnvironment}, assumes the deployer roles` : 'pull requests and main, assume the plan and read-only roles'}`,
    trust: ciRoleTrust(ci, p, kind),
    inlinePolicyName: kind === 'deployer' ? 'assume-deployer-roles' : 'assume-read-only-roles',
    policy: ciRolePolicy(model, p, kind),
  });
  return [role('plan', ci.planRoleName), role('deployer', ci.deployRoleName)];
}

/** The CI account: GitHub's OIDC provider and the two CI roles. */
function ciTemplate(model: Model): Template | undefined {
  const ci = model.bootstrap.ci;
  if (!ci) return undefined;
  const [plan, deploy] = ciRoles(model).map((r) => ({
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: r.name,
      Description: r.description,
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: r.trust as unknown as Json,
      Policies: [{ PolicyName: r.inlinePolicyName, PolicyDocument: r.policy as unknown as Json }],
      Tags: TAGS(model),
    },
  }));
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `session-manager-preferences bootstrap: GitHub OIDC provider and CI roles of ${ci.repository}`,
    Resources: {
      ...(ci.createOidcProvider
        ? {
            GitHubOidcProvider: {
              Type: 'AWS::IAM::OIDCProvider',
              Properties: { Url: `https://${GITHUB_OIDC_HOST}`, ClientIdList: [GITHUB_OIDC_AUDIENCE], ThumbprintList: [...GITHUB_THUMBPRINTS], Tags: TAGS(model) },
            },
          }
        : {}),
      CiPlanRole: plan,
      CiDeployRole: deploy,
    },
    Outputs: {
      CiPlanRoleArn: { Description: 'AWS_PLAN_ROLE_ARN of the workflows', Value: { 'Fn::GetAtt': ['CiPlanRole', 'Arn'] } },
      CiDeployRoleArn: { Description: 'AWS_ROLE_ARN of the deploy workflow (production environment)', Value: { 'Fn::GetAtt': ['CiDeployRole', 'Arn'] } },
    },
  };
}

/** Every template for `model`, given the resource types of its member and archive stacks. */
export function bootstrapTemplates(model: Model, types: { readonly member: readonly string[]; readonly archive: readonly string[] }): BootstrapOutput {
  const memberRolesOut = memberRoles(model, types.member, ACCOUNT_PLACEHOLDER);
  const archiveRolesOut = archiveRoles(model, types.archive);
  const member = template('session-manager-preferences bootstrap: deployer, plan and read-only roles of a member account', model, memberRolesOut);
  const ci = ciTemplate(model);
  return {
    templates: {
      'member-roles.json': member,
      ...(model.bootstrap.organizationalUnits.length > 0 ? { 'stackset.json': stackSetTemplate(model, member) } : {}),
      ...(archiveRolesOut.length > 0
        ? { 'log-archive-roles.json': template('session-manager-preferences bootstrap: log-archive account roles, scoped to the archive stacks', model, archiveRolesOut) }
        : {}),
      ...(ci ? { 'ci-roles.json': ci } : {}),
    },
    memberRoles: memberRolesOut,
    archiveRoles: archiveRolesOut,
  };
}

/** Number of distinct actions each role's policy allows. */
export function actionCounts(roles: readonly RolePolicies[]): Record<string, number> {
  return Object.fromEntries(roles.map((r) => [r.name, actionsOf(r.policy).length]));
}
