import { Construct } from 'constructs';
import { TerraformOutput, type TerraformProvider } from 'cdktf';
import { IamGroupPolicyAttachment } from '@cdktf/provider-aws/lib/iam-group-policy-attachment';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { IamUserPolicyAttachment } from '@cdktf/provider-aws/lib/iam-user-policy-attachment';
import type { AccessModel, AccountModel } from '../model/model';
import type { PolicyPart } from '../policies/iam-common';
import { accessPolicySet, type AccessPolicySide } from '../policies/access-set';
import { DHMC_ROLE_PATH } from '../model/service-settings';
import { ec2TrustPolicy, managedEc2InstanceDefaultPolicyArn, managedInstanceCoreArn, ssmTrustPolicy } from '../policies/iam-instance';
import { renderPolicy } from '../policies/types';
import { ACCESS_IAM_PATH, accessPolicyName } from '../model/resource-names';
import { terraformLiteral } from './terraform-literal';

export { ACCESS_IAM_PATH, accessPolicyName };

export interface AccessPoliciesProps {
  /** Provider of the account-wide stack; every IAM resource is given it explicitly. */
  readonly provider: TerraformProvider;
  /** The account, with every Region the policies cover. */
  readonly account: AccountModel;
  /** What to create and attach (model.access). */
  readonly access: AccessModel;
}

/** Output name of a policy part's ARN: `instance_policy_arn`, `instance_policy_2_arn`, ... */
function outputName(side: string, part: number): string {
  return `${side}_policy${part === 0 ? '' : `_${part + 1}`}_arn`;
}

function regionList(part: PolicyPart<{ readonly region: string }>): string {
  return part.regions.map((r) => r.region).join(', ');
}

/**
 * The Session Manager access of one account: the instance policy (optionally on a created EC2 role
 * and instance profile, and on existing roles) and the user policy (optionally attached to existing
 * groups, roles and users), with their ARNs as outputs. IAM is global: everything goes through the
 * account-wide stack's provider, and Regional resources are named by ARNs computed from the model.
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
    const { provider, account, access } = props;
    const output = (name: string, value: string, description: string) => new TerraformOutput(this, name, { value, description }).overrideLogicalId(name);

    const set = accessPolicySet(account, access);
    this.instancePolicies = set.instance.parts.map((part, i) => {
      const policy = new IamPolicy(this, i === 0 ? 'instance-policy' : `instance-policy-${i + 1}`, {
        provider,
        name: set.instance.names[i]!,
        path: ACCESS_IAM_PATH,
        description: 'Session Manager on managed nodes: channels, session logs, session-data keys (managed by session-manager-preferences)',
        policy: terraformLiteral(renderPolicy(part.document)),
      });
      output(outputName('instance', i), policy.arn, `Instance policy for managed nodes in ${regionList(part)}`);
      return policy;
    });

    const roleSettings = access.instance.role;
    if (roleSettings.create) {
      const role = new IamRole(this, 'instance-role', {
        provider,
        name: roleSettings.name,
        path: ACCESS_IAM_PATH,
        description: 'EC2 instance role for Session Manager (managed by session-manager-preferences)',
        assumeRolePolicy: terraformLiteral(renderPolicy(ec2TrustPolicy(account.homeRegion))),
      });
      const profile = new IamInstanceProfile(this, 'instance-profile', { provider, name: roleSettings.name, path: ACCESS_IAM_PATH, role: role.name });
      this.instancePolicies.forEach((policy, i) => {
        new IamRolePolicyAttachment(this, `instance-role-policy-${i + 1}`, { provider, role: role.name, policyArn: policy.arn });
      });
      if (roleSettings.attachManagedInstanceCore) {
        new IamRolePolicyAttachment(this, 'instance-role-core', { provider, role: role.name, policyArn: managedInstanceCoreArn(account.homeRegion) });
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

    const dhmc = access.instance.defaultHostManagement;
    if (dhmc.createRole) {
      const role = new IamRole(this, 'dhmc-role', {
        provider,
        name: dhmc.roleName,
        path: DHMC_ROLE_PATH,
        description:
          'Default Host Management Configuration role: Systems Manager on instances without an instance profile, with session logging (managed by session-manager-preferences)',
        assumeRolePolicy: terraformLiteral(renderPolicy(ssmTrustPolicy())),
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
      props,
      set.user,
      'user',
      access.user,
      'Session Manager for people: start sessions with the managed documents, end or resume their own (managed by session-manager-preferences)',
    );

    const documentPolicies = new Map<string, readonly IamPolicy[]>();
    access.documentPolicies.forEach((p, i) => {
      documentPolicies.set(
        p.name,
        this.userSide(
          props,
          set.documentPolicies[i]!,
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
    props: AccessPoliciesProps,
    { side, parts, names }: AccessPolicySide,
    outputSide: string,
    attach: { readonly attachToGroups: readonly string[]; readonly attachToRoles: readonly string[]; readonly attachToUsers: readonly string[] },
    description: string,
  ): IamPolicy[] {
    const { provider } = props;
    const idBase = side === 'User' ? 'user-policy' : `document-policy-${side}`;
    const policies = parts.map((part, i) => {
      const policy = new IamPolicy(this, i === 0 ? idBase : `${idBase}-${i + 1}`, {
        provider,
        name: names[i]!,
        path: ACCESS_IAM_PATH,
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
