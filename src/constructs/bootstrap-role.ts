import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { renderPolicy, type PolicyDocument } from '../policies/types';
import { terraformLiteral } from './terraform-literal';

export interface BootstrapRoleProps {
  /** Provider of the account the role is created in (credentials that may create IAM roles there, not the role itself). */
  readonly provider: TerraformProvider;
  /** Role name (bootstrap.deployerRoleName, planRoleName, readRoleName, or a CI role's). */
  readonly name: string;
  /** Role description. */
  readonly description: string;
  /** Trust policy, rendered JSON (src/bootstrap/trust.ts). */
  readonly trustPolicyJson: string;
  /** Identity policy in parts within IAM's managed-policy limit (src/bootstrap/policies.ts, splitPolicy): managed policies <name>-1, -2, … */
  readonly policies: readonly PolicyDocument[];
  /** IAM path of the managed policies (BOOTSTRAP_POLICY_PATH, which the SCP protects). */
  readonly policyPath: string;
  /** Inline policies by name (the CI roles carry theirs inline, as in ci-roles.json). */
  readonly inlinePolicies?: Readonly<Record<string, PolicyDocument>>;
}

/**
 * One bootstrap role as Terraform resources, for teams that bootstrap with Terraform instead of the
 * CloudFormation templates: the role, its managed policies and their attachments (or inline policies), from the same
 * pure policy builders as the templates (src/bootstrap), so both carry the same permissions.
 */
export class BootstrapRole extends Construct {
  readonly role: IamRole;
  readonly policies: readonly IamPolicy[];

  constructor(scope: Construct, id: string, props: BootstrapRoleProps) {
    super(scope, id);
    const { provider } = props;
    this.role = new IamRole(this, 'role', {
      provider,
      name: props.name,
      description: props.description,
      maxSessionDuration: 3600,
      assumeRolePolicy: terraformLiteral(props.trustPolicyJson),
    });
    this.policies = props.policies.map((doc, i) => {
      const policy = new IamPolicy(this, `policy-${i + 1}`, {
        provider,
        name: `${props.name}-${i + 1}`,
        path: props.policyPath,
        policy: terraformLiteral(renderPolicy(doc)),
      });
      new IamRolePolicyAttachment(this, `policy-${i + 1}-attachment`, { provider, role: this.role.name, policyArn: policy.arn });
      return policy;
    });
    for (const [name, doc] of Object.entries(props.inlinePolicies ?? {})) {
      new IamRolePolicy(this, `inline-${name}`, { provider, role: this.role.name, name, policy: terraformLiteral(renderPolicy(doc)) });
    }
  }
}
