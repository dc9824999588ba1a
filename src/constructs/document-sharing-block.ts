import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { SsmServiceSetting } from '@cdktf/provider-aws/lib/ssm-service-setting';

/** The Region-level service setting that allows (Enable) or blocks (Disable) public sharing of SSM documents. */
export const PUBLIC_SHARING_SETTING = '/ssm/documents/console/public-sharing-permission';

/** ARN of the public-sharing service setting of one account in one Region. */
export function publicSharingSettingId(partition: string, region: string, accountId: string): string {
  return `arn:${partition}:ssm:${region}:${accountId}:servicesetting${PUBLIC_SHARING_SETTING}`;
}

export interface DocumentSharingBlockProps {
  /** Provider alias of the Region. */
  readonly provider: TerraformProvider;
  /** ARN partition of the account. */
  readonly partition: string;
  /** Region the setting applies to. */
  readonly region: string;
  /** Account the setting belongs to. */
  readonly accountId: string;
}

/**
 * Blocks public sharing of SSM documents in one Region (Security Hub SSM.7): no document of the
 * account can be shared with every AWS account, whoever tries. Destroying it resets the setting to
 * the AWS default (sharing allowed), as removing the Region from the configuration should.
 */
export class DocumentSharingBlock extends Construct {
  readonly setting: SsmServiceSetting;

  constructor(scope: Construct, id: string, props: DocumentSharingBlockProps) {
    super(scope, id);
    this.setting = new SsmServiceSetting(this, 'setting', {
      provider: props.provider,
      settingId: publicSharingSettingId(props.partition, props.region, props.accountId),
      settingValue: 'Disable',
    });
  }
}
