import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { SsmServiceSetting } from '@cdktf/provider-aws/lib/ssm-service-setting';
import { dhmcSettingArn, dhmcSettingValue } from '../policies/iam-instance';

export interface DefaultHostManagementSettingProps {
  /** Provider of the Region whose setting this is. */
  readonly provider: TerraformProvider;
  /** The Region. */
  readonly region: string;
  /** The account. */
  readonly accountId: string;
  /** Name of the DHMC role created by the account-wide stack (under /service-role/). */
  readonly roleName: string;
}

/**
 * Turns on Default Host Management Configuration in one Region: the service setting
 * /ssm/managed-instance/default-ec2-instance-management-role names the DHMC role (as
 * `service-role/<name>`, the form AWS's console and RegisterDefaultHostManagementConfiguration write).
 * The role lives in the account-wide stack and is named, not referenced, so stacks stay independent.
 * On destroy, Terraform resets the setting to AWS's default (DHMC off).
 */
export class DefaultHostManagementSetting extends Construct {
  readonly setting: SsmServiceSetting;

  constructor(scope: Construct, id: string, props: DefaultHostManagementSettingProps) {
    super(scope, id);
    this.setting = new SsmServiceSetting(this, 'setting', {
      provider: props.provider,
      settingId: dhmcSettingArn(props.region, props.accountId),
      settingValue: dhmcSettingValue(props.roleName),
    });
  }
}
