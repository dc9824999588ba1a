/**
 * The access policies in the account-wide stack: synthesized properties (cdktf matchers on the
 * snake_case Terraform JSON), the provider alias on every resource, the outputs (the offline
 * `terraform init/validate/plan` is in integration/access-stack-plan.test.ts). Each configuration is synthesized once.
 */
import { IamGroupPolicyAttachment } from '@cdktf/provider-aws/lib/iam-group-policy-attachment';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { IamUserPolicyAttachment } from '@cdktf/provider-aws/lib/iam-user-policy-attachment';
import { ACCESS_IAM_PATH } from '../src/constructs/access-policies';
import { minimalModel, parsed } from './helpers';

import {
  arnRef,
  defaults,
  expectedResources,
  full,
  instanceNames,
  synthGlobal,
  instanceParts,
  outputs,
  profileRef,
  resources,
  roleRef,
  userNames,
  userParts,
  HOME_ALIAS,
} from './support/access-fixture';

describe('access policies in the account-wide stack (every option on)', () => {
  it('splits the policies of 17 Regions into parts, named deterministically under /session-manager/', () => {
    expect(instanceParts.length).toBeGreaterThan(1);
    expect(userParts.length).toBeGreaterThan(1);
    for (const name of [...instanceNames, ...userNames]) {
      expect(full).toHaveResourceWithProperties(IamPolicy, { name, path: ACCESS_IAM_PATH, provider: HOME_ALIAS });
    }
    expect(
      resources(full, 'aws_iam_policy')
        .map((p) => p.name)
        .sort(),
    ).toEqual([...instanceNames, ...userNames].sort());
  });

  it('gives Terraform exactly the documents of the pure builders, with policy variables escaped', () => {
    const byName = new Map(resources(full, 'aws_iam_policy').map((p) => [p.name as string, p.policy as string]));
    const expected = [...instanceParts.map((p, i) => [instanceNames[i], p.document] as const), ...userParts.map((p, i) => [userNames[i], p.document] as const)];
    for (const [name, document] of expected) {
      expect(JSON.parse(byName.get(name)!.replace(/\$\$\{/g, '${'))).toEqual(document);
    }
    const user = byName.get('AcmeUserAccess')!;
    expect(user).toContain('"$${aws:userid}"');
    expect(user.replace(/\$\$\{/g, '')).not.toContain('${');
  });

  it('creates the EC2 role and instance profile, with every policy part and AmazonSSMManagedInstanceCore', () => {
    expect(full).toHaveResourceWithProperties(IamRole, { name: 'AcmeSessionInstance', path: ACCESS_IAM_PATH, provider: HOME_ALIAS });
    const [role] = resources(full, 'aws_iam_role');
    expect(JSON.parse(role.assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Ec2AssumesRole', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    expect(full).toHaveResourceWithProperties(IamInstanceProfile, { name: 'AcmeSessionInstance', path: ACCESS_IAM_PATH, role: roleRef('name'), provider: HOME_ALIAS });
    expect(full).toHaveResourceWithProperties(IamRolePolicyAttachment, {
      role: roleRef('name'),
      policy_arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
      provider: HOME_ALIAS,
    });
    const onCreatedRole = resources(full, 'aws_iam_role_policy_attachment').filter((a) => a.role === roleRef('name'));
    expect(onCreatedRole.map((a) => a.policy_arn).sort()).toEqual([...instanceNames.map((n) => arnRef.get(n)), 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'].sort());
  });

  it('attaches every part to the configured existing roles, groups and users', () => {
    const attached = (type: string, key: string) =>
      resources(full, type)
        .filter((a) => !String(a[key]).startsWith('${'))
        .map((a) => `${a[key]} <- ${a.policy_arn}`)
        .sort();
    expect(attached('aws_iam_role_policy_attachment', 'role')).toEqual(
      [...userNames.map((n) => `OpsOnCall <- ${arnRef.get(n)}`), ...instanceNames.map((n) => `LegacyAppRole <- ${arnRef.get(n)}`)].sort(),
    );
    expect(attached('aws_iam_group_policy_attachment', 'group')).toEqual(userNames.map((n) => `Operators <- ${arnRef.get(n)}`).sort());
    expect(attached('aws_iam_user_policy_attachment', 'user')).toEqual(userNames.map((n) => `alice <- ${arnRef.get(n)}`).sort());
    expect(full).toHaveResourceWithProperties(IamGroupPolicyAttachment, { group: 'Operators', policy_arn: arnRef.get('AcmeUserAccess'), provider: HOME_ALIAS });
    expect(full).toHaveResourceWithProperties(IamUserPolicyAttachment, { user: 'alice', policy_arn: arnRef.get('AcmeUserAccess'), provider: HOME_ALIAS });
  });

  it('gives every resource the home Region provider alias explicitly', () => {
    const all = Object.entries(parsed(full).resource).flatMap(([type, byId]) => Object.entries(byId).map(([id, r]) => [`${type}.${id}`, r.provider]));
    expect(all).toHaveLength(expectedResources);
    expect(all.filter(([, provider]) => provider !== HOME_ALIAS)).toEqual([]);
    expect(parsed(full).provider.aws.map((p) => p.alias)).toEqual(['us_east_1']);
  });

  it('outputs the policy ARNs (one per part), the role and the instance profile', () => {
    const partOutput = (side: string, i: number) => `${side}_policy${i === 0 ? '' : `_${i + 1}`}_arn`;
    expect(Object.fromEntries(Object.entries(outputs(full)).map(([name, o]) => [name, o.value]))).toEqual({
      ...Object.fromEntries(instanceNames.map((n, i) => [partOutput('instance', i), arnRef.get(n)])),
      ...Object.fromEntries(userNames.map((n, i) => [partOutput('user', i), arnRef.get(n)])),
      instance_role_arn: roleRef('arn'),
      instance_profile_name: profileRef('name'),
      instance_profile_arn: profileRef('arn'),
    });
    const regions = (i: number) => instanceParts[i].regions.map((r) => r.region).join(', ');
    expect(outputs(full).instance_policy_arn.description).toBe(`Instance policy for managed nodes in ${regions(0)}`);
    expect(outputs(full).instance_policy_2_arn.description).toBe(`Instance policy for managed nodes in ${regions(1)}`);
  });
});

describe('access policies with the default configuration', () => {
  it('creates the two managed policies only: no role, profile or attachment', () => {
    expect(
      resources(defaults, 'aws_iam_policy')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['SessionManagerInstanceAccess', 'SessionManagerUserAccess']);
    for (const type of ['aws_iam_role', 'aws_iam_instance_profile', 'aws_iam_role_policy_attachment', 'aws_iam_group_policy_attachment', 'aws_iam_user_policy_attachment']) {
      expect([type, resources(defaults, type).length]).toEqual([type, 0]);
    }
    expect(Object.keys(outputs(defaults)).sort()).toEqual(['instance_policy_arn', 'user_policy_arn']);
  });

  it('denies SSH and port forwarding', () => {
    const user = JSON.parse(
      resources(defaults, 'aws_iam_policy')
        .find((p) => p.name === 'SessionManagerUserAccess')!
        .policy.replace(/\$\$\{/g, '${'),
    );
    expect(user.Statement.filter((s: { Effect: string }) => s.Effect === 'Deny').map((s: { Sid: string }) => s.Sid)).toEqual(['DenySshSessions', 'DenyPortForwardingSessions']);
  });

  it('creates nothing when both policies are turned off', () => {
    const none = synthGlobal(minimalModel({ access: { instance: { createPolicy: false }, user: { createPolicy: false } } }));
    expect(parsed(none).resource ?? {}).toEqual({});
    expect(outputs(none)).toEqual({});
  });
});
