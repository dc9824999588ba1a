/**
 * Offline `terraform validate` and `plan` of Default Host Management Configuration: the DHMC role
 * (account-wide stack) and the per-Region service setting (Region stack). The emulator has no SSM
 * service-setting API (an apply of aws_ssm_service_setting hangs), so this is the deepest check
 * possible here: the hashicorp/aws provider accepts the resources and plans their values.
 */
import { planOffline, type OfflinePlan } from '../../src/terraform/offline';
import { minimalModel, parsed, synthModel } from '../helpers';
import { describeTerraform, resourceChanges, type PlannedChange } from '../terraform';

describeTerraform('terraform plan of Default Host Management Configuration', () => {
  const model = minimalModel({ regions: ['eu-west-1'], access: { instance: { defaultHostManagement: { createRole: true, setServiceSetting: true } } } });
  const stacks = synthModel(model);
  const plans = new Map<string, OfflinePlan>();
  beforeAll(() => {
    for (const [name, json] of stacks) plans.set(name, planOffline(parsed(json), `dhmc-${name}`, { validate: false }));
  });
  const all = (): PlannedChange[] => [...plans.values()].flatMap(resourceChanges);

  it('plans the DHMC role under /service-role/ with its trust policy', () => {
    const role = all().find((c) => c.type === 'aws_iam_role' && c.change.after.name === 'AWSSystemsManagerDefaultEC2InstanceManagementRole');
    expect(role?.change.actions).toEqual(['create']);
    expect(role?.change.after.path).toBe('/service-role/');
    expect(JSON.parse(String(role?.change.after.assume_role_policy)).Statement[0].Principal).toEqual({ Service: 'ssm.amazonaws.com' });
  });

  it('plans the service setting naming the role in the Region', () => {
    const settings = all().filter((c) => c.type === 'aws_ssm_service_setting' && String(c.change.after.setting_id).endsWith('default-ec2-instance-management-role'));
    expect(settings.map((c) => [c.change.actions, c.change.after.setting_id, c.change.after.setting_value])).toEqual([
      [
        ['create'],
        'arn:aws:ssm:eu-west-1:111111111111:servicesetting/ssm/managed-instance/default-ec2-instance-management-role',
        'service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole',
      ],
    ]);
  });
});
