/**
 * The access policies in the account-wide stack: synthesized properties (cdktf matchers on the
 * snake_case Terraform JSON), the provider alias on every resource, the outputs, and an offline
 * `terraform init/validate/plan` of the stack. Each configuration is synthesized once.
 */
import { Testing } from 'cdktf';
import { IamGroupPolicyAttachment } from '@cdktf/provider-aws/lib/iam-group-policy-attachment';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { IamUserPolicyAttachment } from '@cdktf/provider-aws/lib/iam-user-policy-attachment';
import { DEFAULT_COMMERCIAL_REGIONS } from '../src/config/regions';
import type { Model } from '../src/config/model';
import { globalStackName } from '../src/config/stack-plan';
import { ACCESS_IAM_PATH } from '../src/constructs/access-policies';
import { LOGS_KEY_ALIAS } from '../src/constructs/log-encryption-key';
import { instancePolicyParts } from '../src/policies/iam-instance';
import { userPolicyParts } from '../src/policies/iam-user';
import { planOffline, type OfflinePlan } from '../src/testing/terraform-offline';
import { AccountGlobalStack } from '../stacks/account-global-stack';
import { minimalModel, parsed } from './helpers';
import { describeTerraform } from './terraform';

function synthGlobal(model: Model): string {
  const account = model.accounts[0];
  const stack = new AccountGlobalStack(Testing.app(), globalStackName(account.name), { account, tags: model.tags, backend: model.backend, access: model.access });
  return Testing.synth(stack);
}

/** Every option on, 17 Regions with S3 logging: the instance policy comes in two parts. */
const fullModel = minimalModel({
  regions: [...DEFAULT_COMMERCIAL_REGIONS],
  assumeRoleName: 'SessionPrefsDeployer',
  preferences: { s3: { enabled: true } },
  customDocuments: [{ name: 'Ops-Sessions', preferences: { cloudWatch: { logGroupName: '/ops/sessions' } } }],
  access: {
    policyNamePrefix: 'Acme',
    ssh: 'allow',
    instance: { createRole: true, roleName: 'AcmeSessionInstance', attachManagedInstanceCore: true, attachToRoles: ['LegacyAppRole'] },
    user: { targetTag: { key: 'Team', value: 'ops' }, attachToGroups: ['Operators'], attachToRoles: ['OpsOnCall'], attachToUsers: ['alice'] },
  },
});
const full = synthGlobal(fullModel);
const defaults = synthGlobal(minimalModel());
const HOME_ALIAS = 'aws.us_east_1';

const resources = (json: string, type: string): Record<string, any>[] => Object.values(parsed(json).resource[type] ?? {}); // eslint-disable-line @typescript-eslint/no-explicit-any
const outputs = (json: string): Record<string, { value: string; description?: string }> => JSON.parse(json).output ?? {};

const account = fullModel.accounts[0];
const instanceParts = instancePolicyParts(account, [], LOGS_KEY_ALIAS);
const userParts = userPolicyParts(account, { ssh: 'allow', portForwarding: 'deny', targetTag: { key: 'Team', value: 'ops' } });
const partName = (base: string, i: number) => (i === 0 ? base : `${base}-${i + 1}`);
const instanceNames = instanceParts.map((_, i) => partName('AcmeInstanceAccess', i));
const userNames = userParts.map((_, i) => partName('AcmeUserAccess', i));
/** `${aws_iam_policy.<id>.arn}` of each synthesized policy, by policy name. */
const arnRef = new Map(Object.entries(parsed(full).resource.aws_iam_policy).map(([id, p]) => [p.name as string, `\${aws_iam_policy.${id}.arn}`]));
const roleRef = (attr: string) => `\${aws_iam_role.${Object.keys(parsed(full).resource.aws_iam_role)[0]}.${attr}}`;
const profileRef = (attr: string) => `\${aws_iam_instance_profile.${Object.keys(parsed(full).resource.aws_iam_instance_profile)[0]}.${attr}}`;
/** Policies, role, profile, created-role attachments (+ core), LegacyAppRole, and group, SSO role and user per user part. */
const expectedResources = instanceParts.length + userParts.length + 2 + instanceParts.length + 1 + instanceParts.length + 3 * userParts.length;

describe('access policies in the account-wide stack (every option on)', () => {
  it('splits the policies of 17 Regions into parts, named deterministically under /session-manager/', () => {
    expect(instanceParts.length).toBeGreaterThan(1);
    expect(userParts.length).toBeGreaterThan(1);
    for (const name of [...instanceNames, ...userNames]) {
      expect(full).toHaveResourceWithProperties(IamPolicy, { name, path: ACCESS_IAM_PATH, provider: HOME_ALIAS });
    }
    expect(resources(full, 'aws_iam_policy').map((p) => p.name).sort()).toEqual([...instanceNames, ...userNames].sort());
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
    expect(full).toHaveResourceWithProperties(IamRolePolicyAttachment, { role: roleRef('name'), policy_arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore', provider: HOME_ALIAS });
    const onCreatedRole = resources(full, 'aws_iam_role_policy_attachment').filter((a) => a.role === roleRef('name'));
    expect(onCreatedRole.map((a) => a.policy_arn).sort()).toEqual([...instanceNames.map((n) => arnRef.get(n)), 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'].sort());
  });

  it('attaches every part to the configured existing roles, groups and users', () => {
    const attached = (type: string, key: string) => resources(full, type).filter((a) => !String(a[key]).startsWith('${')).map((a) => `${a[key]} <- ${a.policy_arn}`).sort();
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
    expect(resources(defaults, 'aws_iam_policy').map((p) => p.name).sort()).toEqual(['SessionManagerInstanceAccess', 'SessionManagerUserAccess']);
    for (const type of ['aws_iam_role', 'aws_iam_instance_profile', 'aws_iam_role_policy_attachment', 'aws_iam_group_policy_attachment', 'aws_iam_user_policy_attachment']) {
      expect([type, resources(defaults, type).length]).toEqual([type, 0]);
    }
    expect(Object.keys(outputs(defaults)).sort()).toEqual(['instance_policy_arn', 'user_policy_arn']);
  });

  it('denies SSH and port forwarding', () => {
    const user = JSON.parse(resources(defaults, 'aws_iam_policy').find((p) => p.name === 'SessionManagerUserAccess')!.policy.replace(/\$\$\{/g, '${'));
    expect(user.Statement.filter((s: { Effect: string }) => s.Effect === 'Deny').map((s: { Sid: string }) => s.Sid)).toEqual(['DenySshSessions', 'DenyPortForwardingSessions']);
  });

  it('creates nothing when both policies are turned off', () => {
    const none = synthGlobal(minimalModel({ access: { instance: { createPolicy: false }, user: { createPolicy: false } } }));
    expect(parsed(none).resource ?? {}).toEqual({});
    expect(outputs(none)).toEqual({});
  });
});

describeTerraform('terraform validate and plan of the account-wide stack with access policies', () => {
  let plan: OfflinePlan;
  beforeAll(() => {
    plan = planOffline(parsed(full), 'access-global');
  });

  it('validates', () => {
    expect(plan.validate.stdout).toContain('Success! The configuration is valid.');
    console.log(`access global stack: init ${plan.init.seconds.toFixed(1)} s, validate ${plan.validate.seconds.toFixed(1)} s, plan ${plan.plan.seconds.toFixed(1)} s`);
  });

  it('plans one creation per resource, and AWS receives the policy variables unescaped', () => {
    type Change = { type: string; change: { actions: string[]; after: Record<string, unknown> } };
    const changes = (plan.planJson?.resource_changes ?? []) as Change[];
    expect(changes).toHaveLength(expectedResources);
    expect(changes.every((c) => c.change.actions.join() === 'create')).toBe(true);
    const policies = changes.filter((c) => c.type === 'aws_iam_policy').map((c) => JSON.parse(String(c.change.after.policy)));
    const user = policies.find((p) => p.Statement.some((s: { Sid: string }) => s.Sid === 'EndOrResumeOwnSessions'));
    expect(user.Statement.find((s: { Sid: string }) => s.Sid === 'EndOrResumeOwnSessions').Condition).toEqual({
      StringEquals: { 'ssm:resourceTag/aws:ssmmessages:session-id': '${aws:userid}' },
    });
  });
});
