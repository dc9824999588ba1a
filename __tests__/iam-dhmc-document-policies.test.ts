/**
 * Synthesized access for Default Host Management Configuration (the DHMC role in the account-wide
 * stack, the per-Region service setting in the Region stacks) and for documents with policies of
 * their own (a break-glass document kept out of the everyday user policy). The emulator has no
 * SSM service-setting API, so the setting is checked at synth level (and planned offline in
 * __tests__/integration/iam-dhmc-plan.test.ts).
 */
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { minimalModel, parsed, SANDBOX, stackFor, synthGlobal, synthModel } from './helpers';

const CUSTOM = [
  { name: 'Ops-Sessions', preferences: {} },
  { name: 'BreakGlass-Shell', preferences: { maxSessionDuration: 480, sessionEncryption: { kmsKeyId: 'alias/break-glass' } } },
];

const dhmcModel = (setServiceSetting: boolean) =>
  minimalModel({
    regions: ['eu-west-1', 'us-east-1'],
    preferences: { s3: { enabled: true } },
    access: { instance: { defaultHostManagement: { createRole: true, setServiceSetting } } },
  });

const DHMC_SETTING = 'servicesetting/ssm/managed-instance/default-ec2-instance-management-role';
/** The DHMC service settings of a stack (the Region stacks also block public document sharing with a setting). */
const dhmcSettings = (json: string): Record<string, string>[] =>
  Object.values<Record<string, string>>(parsed(json).resource?.aws_ssm_service_setting ?? {}).filter((s) => s.setting_id.endsWith(DHMC_SETTING));
const policies = (json: string): Record<string, { name: string; policy: string }> => parsed(json).resource.aws_iam_policy as Record<string, { name: string; policy: string }>;
const policyDoc = (json: string, name: string) => {
  const found = Object.values(policies(json)).find((p) => p.name === name);
  if (!found) throw new Error(`no policy ${name}`);
  return JSON.parse(found.policy.replace(/\$\$\{/g, '${'));
};

describe('Default Host Management Configuration', () => {
  const global = synthGlobal(dhmcModel(true));
  const all = synthModel(dhmcModel(true));

  it('creates the DHMC role under /service-role/, trusted by ssm.amazonaws.com only', () => {
    expect(global).toHaveResourceWithProperties(IamRole, { name: 'AWSSystemsManagerDefaultEC2InstanceManagementRole', path: '/service-role/' });
    const role = Object.values<Record<string, string>>(parsed(global).resource.aws_iam_role)[0];
    expect(JSON.parse(role.assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'SystemsManagerAssumesRoleForInstances', Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
  });

  it("attaches AWS's DHMC policy and the instance policy (session logs, keys) to the role", () => {
    const attachments = Object.values<Record<string, string>>(parsed(global).resource.aws_iam_role_policy_attachment);
    const roleRef = `\${aws_iam_role.${Object.keys(parsed(global).resource.aws_iam_role)[0]}.name}`;
    const onRole = attachments.filter((a) => a.role === roleRef).map((a) => a.policy_arn);
    const instancePolicyId = Object.entries(policies(global)).find(([, p]) => p.name === 'SessionManagerInstanceAccess')?.[0];
    expect(onRole.sort()).toEqual(['arn:aws:iam::aws:policy/AmazonSSMManagedEC2InstanceDefaultPolicy', `\${aws_iam_policy.${instancePolicyId}.arn}`].sort());
    expect(global).toHaveResourceWithProperties(IamRolePolicyAttachment, { policy_arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedEC2InstanceDefaultPolicy' });
    expect(JSON.parse(global).output.dhmc_role_arn.value).toMatch(/^\$\{aws_iam_role\..+\.arn\}$/);
  });

  it('forgets the setting of a retired Region (a removed block), so retiring does not turn DHMC off there', () => {
    const model = minimalModel({
      regions: ['us-east-1'],
      retiredRegions: ['eu-west-1'],
      preferences: { s3: { enabled: true } },
      access: { instance: { defaultHostManagement: { createRole: true, setServiceSetting: true } } },
    });
    const json = synthModel(model).get(stackFor(model, SANDBOX.name, 'eu-west-1'))!;
    expect(dhmcSettings(json)).toEqual([]);
    const removed: { from: string; lifecycle: { destroy: boolean } }[] = JSON.parse(json).removed;
    expect(removed).toContainEqual({ from: expect.stringMatching(/^aws_ssm_service_setting\.eu-west-1-dhmc_setting_/), lifecycle: { destroy: false } });
  });

  it('points the service setting of every managed Region at the role (service-role/<name>)', () => {
    const settings = [...all.values()].flatMap(dhmcSettings);
    expect(settings.map((s) => [s.setting_id, s.setting_value]).sort()).toEqual([
      [
        'arn:aws:ssm:eu-west-1:111111111111:servicesetting/ssm/managed-instance/default-ec2-instance-management-role',
        'service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole',
      ],
      [
        'arn:aws:ssm:us-east-1:111111111111:servicesetting/ssm/managed-instance/default-ec2-instance-management-role',
        'service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole',
      ],
    ]);
    for (const json of all.values()) {
      for (const s of dhmcSettings(json)) expect(s.provider).toMatch(/^aws\.(eu_west_1|us_east_1)$/);
    }
  });

  it('leaves the service setting alone unless asked (the role alone changes nothing on instances)', () => {
    const without = synthModel(dhmcModel(false));
    for (const json of without.values()) expect(dhmcSettings(json)).toEqual([]);
    expect(synthGlobal(dhmcModel(false))).toHaveResourceWithProperties(IamRole, { path: '/service-role/' });
  });

  it('creates no DHMC role or setting by default', () => {
    for (const json of synthModel(minimalModel()).values()) {
      expect(dhmcSettings(json)).toEqual([]);
      expect(json).not.toHaveResourceWithProperties(IamRole, { path: '/service-role/' });
    }
  });
});

describe('a break-glass document with a policy of its own', () => {
  const model = minimalModel({
    regions: ['eu-west-1'],
    customDocuments: CUSTOM,
    access: {
      user: { documents: ['SSM-SessionManagerRunShell', 'Ops-Sessions'], attachToGroups: ['Operators'] },
      documentPolicies: [{ name: 'BreakGlass', documents: ['BreakGlass-Shell'], attachToRoles: ['BreakGlassResponder'] }],
    },
  });
  const global = synthGlobal(model);
  const documentsOf = (doc: { Statement: { Sid: string; Resource: string | string[] }[] }) =>
    ([] as string[]).concat(doc.Statement.find((s) => s.Sid === 'StartSessionWithSessionDocuments')?.Resource ?? []).map((a) => a.split('/')[1]);

  it('keeps it out of the everyday user policy', () => {
    expect(documentsOf(policyDoc(global, 'SessionManagerUserAccess'))).toEqual(['Ops-Sessions', 'SSM-SessionManagerRunShell']);
  });

  it('grants it, and its key, in <prefix>BreakGlassAccess attached only to the named role', () => {
    const breakGlass = policyDoc(global, 'SessionManagerBreakGlassAccess');
    expect(documentsOf(breakGlass)).toEqual(['BreakGlass-Shell']);
    expect(breakGlass.Statement.find((s: { Sid: string }) => s.Sid === 'EncryptSessionDataByAlias').Condition['ForAnyValue:StringEquals']).toEqual({
      'kms:ResourceAliases': 'alias/break-glass',
    });
    expect(global).toHaveResourceWithProperties(IamPolicy, { name: 'SessionManagerBreakGlassAccess', path: '/session-manager/' });
    const id = Object.entries(policies(global)).find(([, p]) => p.name === 'SessionManagerBreakGlassAccess')?.[0];
    const roleAttachments = Object.values<Record<string, string>>(parsed(global).resource.aws_iam_role_policy_attachment ?? {});
    expect(roleAttachments.filter((a) => a.policy_arn === `\${aws_iam_policy.${id}.arn}`).map((a) => a.role)).toEqual(['BreakGlassResponder']);
    expect(Object.values<Record<string, string>>(parsed(global).resource.aws_iam_group_policy_attachment).map((a) => a.policy_arn)).not.toContain(`\${aws_iam_policy.${id}.arn}`);
    expect(JSON.parse(global).output.breakglass_access_policy_arn.value).toBe(`\${aws_iam_policy.${id}.arn}`);
  });
});
