/**
 * The bootstrap roles as cdktf stacks, for teams that bootstrap with Terraform instead of the
 * CloudFormation templates (docs/bootstrap.md, "Bootstrapping with Terraform"): one stack per
 * member account with its deployer, plan and read-only roles, and one for the log-archive account.
 * Roles and policies come from the same pure builders as the templates (src/bootstrap), with the
 * account's own ID where the member template has ${AWS::AccountId}. `npm run bootstrap -- --write
 * DIR --terraform` synthesizes them into DIR/terraform.
 */
import type { Construct } from 'constructs';
import { App, TerraformStack } from 'cdktf';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { BackendModel, Model } from '../src/model/model';
import { archiveRoles, memberRoles, type RolePolicies } from '../src/bootstrap/cloudformation';
import { splitPolicy } from '../src/bootstrap/policies';
import { resourceTypes } from '../src/bootstrap/resource-types';
import { BootstrapRole } from '../src/constructs/bootstrap-role';
import { BOOTSTRAP_POLICY_PATH } from '../src/policies/scp';
import { configureBackend } from './backend';
import { awsProvider } from './providers';

export interface BootstrapStackProps {
  /** The account the roles are created in. */
  readonly accountId: string;
  /** Region of the provider (IAM is global: any Region of the account's partition). */
  readonly region: string;
  /** The roles with their identity and trust policies (src/bootstrap/cloudformation.ts). */
  readonly roles: readonly RolePolicies[];
  /** Tags every resource gets through provider default_tags. */
  readonly tags: Readonly<Record<string, string>>;
  /** Where this stack's state lives. */
  readonly backend: BackendModel;
}

/** Name of the bootstrap stack of the account (or log-archive account) named `accountName`. */
export function bootstrapStackName(accountName: string): string {
  return `bootstrap-${accountName}`;
}

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
    this.roles = props.roles.map(
      (role) =>
        new BootstrapRole(this, role.kind, {
          provider: this.provider,
          name: role.name,
          description: `session-manager-preferences ${role.kind} role (npm run bootstrap)`,
          trustPolicyJson: JSON.stringify(role.trust),
          policies: splitPolicy(role.policy),
          policyPath: BOOTSTRAP_POLICY_PATH,
        }),
    );
  }
}

/**
 * Adds the bootstrap stacks of `model` to `app`: every member account in file order, then the
 * log-archive account. Like the StackSet, the member roles skip the log-archive and CI accounts
 * (the log-archive account gets its own roles; the CI account's are not in these stacks).
 */
export function addBootstrapStacks(app: App, model: Model): Map<string, BootstrapStack> {
  const types = resourceTypes(model);
  const stacks = new Map<string, BootstrapStack>();
  const common = { tags: model.tags, backend: model.backend };
  const excluded = new Set([model.logArchive?.accountId, model.bootstrap.ci?.accountId]);
  for (const account of model.accounts.filter((a) => !excluded.has(a.id))) {
    const name = bootstrapStackName(account.name);
    stacks.set(name, new BootstrapStack(app, name, { ...common, accountId: account.id, region: account.homeRegion, roles: memberRoles(model, types.member, account.id) }));
  }
  const archive = model.logArchive;
  if (archive) {
    const name = bootstrapStackName(archive.name);
    stacks.set(name, new BootstrapStack(app, name, { ...common, accountId: archive.accountId, region: archive.buckets[0]!.region, roles: archiveRoles(model, types.archive) }));
  }
  return stacks;
}
