/**
 * The bootstrap roles as cdktf stacks, for teams that bootstrap with Terraform instead of the
 * CloudFormation templates (docs/bootstrap.md, "Bootstrapping with Terraform"): one stack per
 * member account with its deployer, plan and read-only roles, one for the log-archive account, and
 * one for the CI account (GitHub's OIDC provider and the CI roles).
 * Roles and policies come from the same pure builders as the templates (src/bootstrap), with the
 * account's own ID where the member template has ${AWS::AccountId}. `npm run bootstrap -- --write
 * DIR --terraform` synthesizes them into DIR/terraform.
 */
import type { Construct } from 'constructs';
import { App, TerraformStack } from 'cdktf';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { BackendModel, Model } from '../src/model/model';
import { archiveRoles, ciRoles, GITHUB_THUMBPRINTS, memberRoles, type RolePolicies } from '../src/bootstrap/cloudformation';
import { splitPolicy } from '../src/bootstrap/policies';
import { resourceTypes } from '../src/bootstrap/resource-types';
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST, type TrustDocument } from '../src/bootstrap/trust';
import { BootstrapRole } from '../src/constructs/bootstrap-role';
import { GithubOidcProvider } from '../src/constructs/github-oidc-provider';
import type { PolicyDocument } from '../src/policies/types';
import { BOOTSTRAP_POLICY_PATH } from '../src/policies/scp';
import { configureBackend } from './backend';
import { awsProvider } from './providers';

/** One role of a bootstrap stack, as the builders made it. */
export interface BootstrapRoleSpec {
  /** Construct ID (the role's kind). */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly trust: TrustDocument;
  /** Managed policies, split within IAM's limit. */
  readonly policies: readonly PolicyDocument[];
  /** Inline policies by name. */
  readonly inlinePolicies?: Readonly<Record<string, PolicyDocument>>;
}

export interface BootstrapStackProps {
  /** The account the roles are created in. */
  readonly accountId: string;
  /** Region of the provider (IAM is global: any Region of the account's partition). */
  readonly region: string;
  /** The roles with their identity and trust policies (src/bootstrap). */
  readonly roles: readonly BootstrapRoleSpec[];
  /** Create GitHub's OIDC provider too (the CI account, bootstrap.ci.createOidcProvider). */
  readonly githubOidcProvider?: boolean;
  /** Tags every resource gets through provider default_tags. */
  readonly tags: Readonly<Record<string, string>>;
  /** Where this stack's state lives. */
  readonly backend: BackendModel;
}

/** Name of the bootstrap stack of the account (or log-archive account) named `accountName`. */
export function bootstrapStackName(accountName: string): string {
  return `bootstrap-${accountName}`;
}

/** Name of the CI account's bootstrap stack. */
export const CI_BOOTSTRAP_STACK = bootstrapStackName('ci');

/**
 * The bootstrap roles of one account. Its provider never assumes the account's deployer role (the
 * stack creates it): run it with credentials that may create IAM roles in the account.
 */
export class BootstrapStack extends TerraformStack {
  readonly provider: AwsProvider;
  readonly roles: readonly BootstrapRole[];

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    configureBackend(this, id, props.backend);
    this.provider = awsProvider(this, { id: props.accountId }, props.region, props.tags);
    if (props.githubOidcProvider) {
      new GithubOidcProvider(this, 'github-oidc', { provider: this.provider, host: GITHUB_OIDC_HOST, audience: GITHUB_OIDC_AUDIENCE, thumbprints: GITHUB_THUMBPRINTS });
    }
    this.roles = props.roles.map(
      (role) =>
        new BootstrapRole(this, role.id, {
          provider: this.provider,
          name: role.name,
          description: role.description,
          trustPolicyJson: JSON.stringify(role.trust),
          policies: role.policies,
          policyPath: BOOTSTRAP_POLICY_PATH,
          ...(role.inlinePolicies ? { inlinePolicies: role.inlinePolicies } : {}),
        }),
    );
  }
}

/** An account role of the templates as a stack's role: managed policies split as in the templates. */
function accountRole(role: RolePolicies): BootstrapRoleSpec {
  return {
    id: role.kind,
    name: role.name,
    description: `session-manager-preferences ${role.kind} role (npm run bootstrap)`,
    trust: role.trust,
    policies: splitPolicy(role.policy),
  };
}

/**
 * Adds the bootstrap stacks of `model` to `app`: every member account in file order, the
 * log-archive account, then the CI account. Like the StackSet, the member roles skip the
 * log-archive and CI accounts, which get their own roles. Throws when two stacks would share a name.
 */
export function addBootstrapStacks(app: App, model: Model): Map<string, BootstrapStack> {
  const types = resourceTypes(model);
  const specs: [string, Omit<BootstrapStackProps, 'tags' | 'backend'>][] = [];
  const archive = model.logArchive;
  const ci = model.bootstrap.ci;
  const excluded = new Set([archive?.accountId, ci?.accountId]);
  for (const account of model.accounts.filter((a) => !excluded.has(a.id))) {
    specs.push([bootstrapStackName(account.name), { accountId: account.id, region: account.homeRegion, roles: memberRoles(model, types.member, account.id).map(accountRole) }]);
  }
  if (archive) {
    specs.push([
      bootstrapStackName(archive.name),
      { accountId: archive.accountId, region: archive.buckets[0]!.region, roles: archiveRoles(model, types.archive).map(accountRole) },
    ]);
  }
  if (ci) {
    const roles = ciRoles(model).map((r): BootstrapRoleSpec => ({
      id: `ci-${r.kind}`,
      name: r.name,
      description: r.description,
      trust: r.trust,
      policies: [],
      inlinePolicies: { [r.inlinePolicyName]: r.policy },
    }));
    specs.push([CI_BOOTSTRAP_STACK, { accountId: ci.accountId, region: model.accounts[0]?.homeRegion ?? 'us-east-1', roles, githubOidcProvider: ci.createOidcProvider }]);
  }
  const names = specs.map(([name]) => name);
  const clash = names.find((n, i) => names.indexOf(n) !== i);
  if (clash !== undefined)
    throw new Error(`two bootstrap stacks would be named ${clash}: rename the account (accounts[].name or logArchive.name) so that each stack has its own name`);
  return new Map(specs.map(([name, props]) => [name, new BootstrapStack(app, name, { ...props, tags: model.tags, backend: model.backend })]));
}
