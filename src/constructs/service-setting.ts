import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { SsmServiceSetting } from '@cdktf/provider-aws/lib/ssm-service-setting';
import { serviceSettingArn } from '../model/service-settings';

export interface ServiceSettingProps {
  /** Provider alias of the Region whose setting this is. */
  readonly provider: TerraformProvider;
  /** ARN partition of the account. */
  readonly partition: string;
  /** Region the setting applies to. */
  readonly region: string;
  /** Account the setting belongs to. */
  readonly accountId: string;
  /** Setting ID, one of src/model/service-settings.ts (e.g. PUBLIC_SHARING_SETTING). */
  readonly settingId: string;
  /** Value the setting gets. */
  readonly value: string;
}

/**
 * One SSM service setting of one account in one Region. The project sets two: public sharing of
 * documents to Disable (Security Hub SSM.7), and the Default Host Management Configuration role.
 * Destroying it resets the setting to the AWS default (sharing allowed, DHMC off), as removing the
 * Region from the configuration should.
 */
export class ServiceSetting extends Construct {
  readonly setting: SsmServiceSetting;

  constructor(scope: Construct, id: string, props: ServiceSettingProps) {
    super(scope, id);
    this.setting = new SsmServiceSetting(this, 'setting', {
      provider: props.provider,
      settingId: serviceSettingArn(props.partition, props.region, props.accountId, props.settingId),
      settingValue: props.value,
    });
  }
}
