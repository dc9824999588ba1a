import { Construct } from 'constructs';
import { TerraformOutput, type TerraformProvider } from 'cdktf';
import { IamGroupPolicyAttachment } from '@cdktf/provider-aws/lib/iam-group-policy-attachment';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { IamUserPolicyAttachment } from '@cdktf/provider-aws/lib/iam-user-policy-attachment';
import { managedEc2InstanceDefaultPolicyArn, managedInstanceCoreArn } from '../policies/iam-instance';
import { renderPolicy } from '../policies/types';
import { ACCESS_IAM_PATH, accessPolicyName } from '../model/resource-names';
import { roleAttributesOf, type AccountPlan, type PlannedPolicy, type PlannedResource } from '../plan/resource-plan';
import { terraformLiteral } from './terraform-literal';

export { ACCESS_IAM_PATH, accessPolicyName };

export interface AccessPoliciesProps {
  /** Provider of the account-wide stack; every IAM resource is given it explicitly. */
  readonly provider: TerraformProvider;
  /** The account's resource plan: its policies (names, paths, documents), instance role and profile, DHMC role. */
  readonly plan: AccountPlan;
}

/** Output name of a policy part's ARN: `instance_policy_arn`, `instance_policy_2_arn`, ... */
function outputName(side: string, part: number): string {
  return `${side}_policy${part === 0 ? '' : `_${part + 1}`}_arn`;
}

function regionList(part: PlannedPolicy): string {
  return part.regions.join(', ');
}

/** The planned IAM path of a policy, role or instance profile. */
function iamPath(r: PlannedResource): string {
  return String(r.attributes.path);
}

/** The planned parts of one policy of the account, with their documents (the configuration checks refuse a plan without one). */
function partsOf(plan: AccountPlan, of: PlannedPolicy['of']): (PlannedPolicy & { readonly document: NonNullable<PlannedPolicy['document']> })[] {
  return plan.policies
    .filter((p) => p.of === of)
    .map((p) => {
      if (p.document === undefined) throw new Error(`AccessPolicies: ${p.resource.name} has no policy document (the configuration checks say why)`);
      return { ...p, document: p.document };
    });
}

/**
 * The Session Manager access of one account: the instance policy (optionally on a created EC2 role
 * and instance profile, and on existing roles) and the user policy (optionally attached to existing
 * groups, roles and users), with their ARNs as outputs, as the account's resource plan
 * (src/plan/resource-plan.ts) names them. IAM is global: everything goes through the account-wide
 * stack's provider, and Regional resources are named by ARNs computed from the model.
 */
export class AccessPolicies extends Construct {
  readonly instancePolicies: readonly IamPolicy[];
  readonly userPolicies: readonly IamPolicy[];
  readonly role?: IamRole;
  readonly instanceProfile?: IamInstanceProfile;
  /** The further user policies for selected documents, by configured name. */
  readonly documentPolicies: ReadonlyMap<string, readonly IamPolicy[]>;
  /** The Default Host Management Configuration role, when asked for. */
  readonly defaultHostManagementRole?: IamRole;

  constructor(scope: Construct, id: string, props: AccessPoliciesProps) {
    super(scope, id);
    const { provider, plan } = props;
    const { account } = plan;
    const { access } = account;
    const output = (name: string, value: string, description: string) => new TerraformOutput(this, name, { value, description }).overrideLogicalId(name);

    this.instancePolicies = partsOf(plan, 'instance').map((part, i) => {
      const policy = new IamPolicy(this, i === 0 ? 'instance-policy' : `instance-policy-${i + 1}`, {
        provider,
        name: part.resource.name,
        path: iamPath(part.resource),
        description: 'Session Manager on managed nodes: channels, session logs, session-data keys (managed by session-manager-preferences)',
        policy: terraformLiteral(renderPolicy(part.document)),
      });
      output(outputName('instance', i), policy.arn, `Instance policy for managed nodes in ${regionList(part)}`);
      return policy;
    });

    if (plan.instanceRole) {
      const planned = plan.instanceRole;
      const role = new IamRole(this, 'instance-role', {
        provider,
        name: planned.role.name,
        path: iamPath(planned.role),
        description: 'EC2 instance role for Session Manager (managed by session-manager-preferences)',
        assumeRolePolicy: terraformLiteral(renderPolicy(roleAttributesOf(planned.role).trustPolicy)),
      });
      const profile = new IamInstanceProfile(this, 'instance-profile', { provider, name: planned.profile.name, path: iamPath(planned.profile), role: role.name });
      this.instancePolicies.forEach((policy, i) => {
        new IamRolePolicyAttachment(this, `instance-role-policy-${i + 1}`, { provider, role: role.name, policyArn: policy.arn });
      });
      // The plan lists AmazonSSMManagedInstanceCore among the role's policies when attachManagedInstanceCore asks for it.
      const core = managedInstanceCoreArn(account.homeRegion);
      if (roleAttributesOf(planned.role).managedPolicyArns.includes(core)) {
        new IamRolePolicyAttachment(this, 'instance-role-core', { provider, role: role.name, policyArn: core });
      }
      output('instance_role_arn', role.arn, 'EC2 role for Session Manager');
      output('instance_profile_name', profile.name, 'Instance profile to launch managed nodes with');
      output('instance_profile_arn', profile.arn, 'Instance profile to launch managed nodes with');
      this.role = role;
      this.instanceProfile = profile;
    }
    for (const name of access.instance.attachToRoles) {
      this.instancePolicies.forEach((policy, i) => {
        new IamRolePolicyAttachment(this, `instance-policy-${i + 1}-role-${name}`, { provider, role: name, policyArn: policy.arn });
      });
    }

    if (plan.dhmcRole) {
      const role = new IamRole(this, 'dhmc-role', {
        provider,
        name: plan.dhmcRole.name,
        path: iamPath(plan.dhmcRole),
        description:
          'Default Host Management Configuration role: Systems Manager on instances without an instance profile, with session logging (managed by session-manager-preferences)',
        assumeRolePolicy: terraformLiteral(renderPolicy(roleAttributesOf(plan.dhmcRole).trustPolicy)),
      });
      new IamRolePolicyAttachment(this, 'dhmc-role-default-policy', { provider, role: role.name, policyArn: managedEc2InstanceDefaultPolicyArn(account.homeRegion) });
      // Without the session-logging grants, DHMC-managed nodes start sessions but lose their logs.
      this.instancePolicies.forEach((policy, i) => {
        new IamRolePolicyAttachment(this, `dhmc-role-policy-${i + 1}`, { provider, role: role.name, policyArn: policy.arn });
      });
      output('dhmc_role_arn', role.arn, 'Default Host Management Configuration role');
      this.defaultHostManagementRole = role;
    }

    this.userPolicies = this.userSide(
      provider,
      partsOf(plan, 'user'),
      'User',
      'user',
      access.user,
      'Session Manager for people: start sessions with the managed documents, end or resume their own (managed by session-manager-preferences)',
    );

    const documentPolicies = new Map<string, readonly IamPolicy[]>();
    access.documentPolicies.forEach((p, i) => {
      documentPolicies.set(
        p.name,
        this.userSide(
          provider,
          partsOf(plan, i),
          p.name,
          `${p.name.toLowerCase()}_access`,
          p,
          `Session Manager with ${p.documents.join(', ')} only (managed by session-manager-preferences)`,
        ),
      );
    });
    this.documentPolicies = documentPolicies;
  }

  /** One user-side policy (in parts), its outputs and attachments. */
  private userSide(
    provider: TerraformProvider,
    parts: readonly (PlannedPolicy & { readonly document: NonNullable<PlannedPolicy['document']> })[],
    side: string,
    outputSide: string,
    attach: { readonly attachToGroups: readonly string[]; readonly attachToRoles: readonly string[]; readonly attachToUsers: readonly string[] },
    description: string,
  ): IamPolicy[] {
    const idBase = side === 'User' ? 'user-policy' : `document-policy-${side}`;
    const policies = parts.map((part, i) => {
      const policy = new IamPolicy(this, i === 0 ? idBase : `${idBase}-${i + 1}`, {
        provider,
        name: part.resource.name,
        path: iamPath(part.resource),
        description,
        policy: terraformLiteral(renderPolicy(part.document)),
      });
      new TerraformOutput(this, outputName(outputSide, i), {
        value: policy.arn,
        description: side === 'User' ? `Session user policy for ${regionList(part)}` : `Session user policy ${side} for ${regionList(part)}`,
      }).overrideLogicalId(outputName(outputSide, i));
      return policy;
    });
    policies.forEach((policy, i) => {
      const id = `${idBase}-${i + 1}`;
      for (const group of attach.attachToGroups) new IamGroupPolicyAttachment(this, `${id}-group-${group}`, { provider, group, policyArn: policy.arn });
      for (const role of attach.attachToRoles) new IamRolePolicyAttachment(this, `${id}-role-${role}`, { provider, role, policyArn: policy.arn });
      for (const name of attach.attachToUsers) new IamUserPolicyAttachment(this, `${id}-user-${name}`, { provider, user: name, policyArn: policy.arn });
    });
    return policies;
  }
}
