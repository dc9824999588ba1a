/**
 * Default Host Management Configuration against the emulator (moto with the service-setting
 * extension of src/sandbox/moto_ext.py): the account-wide stack creates the DHMC role with
 * AWS's policy and the instance policy, the Region stack points the service setting at it, the
 * SDK reads both back, and destroying the setting resets it (DHMC off).
 */
import { GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetServiceSettingCommand, SSMClient } from '@aws-sdk/client-ssm';
import { minimalModel, synthModel } from '../helpers';
import { applyStack, describeEmulator, expectStatus, sdkConfig, startEmulator, type Emulator } from '../support/emulator';

const ACCOUNT = '212000000012';
const ROLE = 'AWSSystemsManagerDefaultEC2InstanceManagementRole';
const SETTING = `arn:aws:ssm:eu-west-1:${ACCOUNT}:servicesetting/ssm/managed-instance/default-ec2-instance-management-role`;

describeEmulator('DHMC role and service setting against the emulator', () => {
  let emulator: Emulator;
  const loadManaged = process.env.MOTO_IAM_LOAD_MANAGED_POLICIES;
  beforeAll(async () => {
    // The DHMC role gets the AWS managed AmazonSSMManagedEC2InstanceDefaultPolicy: moto knows AWS
    // managed policies only when asked (its own emulator process inherits this environment). Loading
    // them costs about a second per account, so this file has an emulator of its own rather than
    // making the run's shared one load them for every account.
    process.env.MOTO_IAM_LOAD_MANAGED_POLICIES = 'true';
    emulator = await startEmulator({ dedicated: true });
  });
  afterAll(async () => {
    await emulator?.stop();
    if (loadManaged === undefined) delete process.env.MOTO_IAM_LOAD_MANAGED_POLICIES;
    else process.env.MOTO_IAM_LOAD_MANAGED_POLICIES = loadManaged;
  });

  it('applies the role and the setting, reads them back, and resets the setting on destroy', async () => {
    const model = minimalModel({
      accounts: [{ id: ACCOUNT, name: 'dhmc' }],
      access: { instance: { defaultHostManagement: { createRole: true, setServiceSetting: true } } },
    });
    const stacks = synthModel(model);
    applyStack(emulator, stacks.get('dhmc-global')!, 'dhmc-global');
    const [shardName, shardJson] = [...stacks].find(([name]) => name !== 'dhmc-global')!;
    const shard = applyStack(emulator, shardJson, shardName);

    const iam = new IAMClient(sdkConfig(emulator, 'us-east-1', ACCOUNT));
    const role = await iam.send(new GetRoleCommand({ RoleName: ROLE }));
    expect(role.Role?.Path).toBe('/service-role/');
    expect(JSON.parse(decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? '{}')).Statement[0].Principal).toEqual({ Service: 'ssm.amazonaws.com' });
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: ROLE }));
    expect((attached.AttachedPolicies ?? []).map((p) => p.PolicyName).sort()).toEqual(['AmazonSSMManagedEC2InstanceDefaultPolicy', 'SessionManagerInstanceAccess']);
    iam.destroy();

    const ssm = new SSMClient(sdkConfig(emulator, 'eu-west-1', ACCOUNT));
    const setting = await ssm.send(new GetServiceSettingCommand({ SettingId: SETTING }));
    expect(setting.ServiceSetting).toMatchObject({ SettingValue: `service-role/${ROLE}`, Status: 'Customized' });
    expect(expectStatus(shard.plan(), 0).status).toBe(0);

    // Only the setting: the Region stack's logs and keys are protected from destroy (prevent_destroy).
    const settingId = Object.entries<{ setting_id: string }>(JSON.parse(shardJson).resource.aws_ssm_service_setting).find(([, r]) => r.setting_id === SETTING)![0];
    expectStatus(shard.run(['destroy', `-target=aws_ssm_service_setting.${settingId}`, '-auto-approve', '-no-color', '-input=false']), 0);
    const reset = await ssm.send(new GetServiceSettingCommand({ SettingId: SETTING }));
    expect(reset.ServiceSetting?.Status).toBe('Default');
    ssm.destroy();
  }, 600_000);
});
