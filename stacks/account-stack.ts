import { Construct } from 'constructs';
import { LocalBackend, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { AccountModel } from '../src/config/model';
import { regionAlias } from '../src/config/regions';
import { RegionPreferences } from '../src/constructs/region-preferences';

export interface AccountStackProps {
  /** The account and the Regions this stack manages. */
  readonly account: AccountModel;
  /** Tags every resource gets through provider default_tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * One account: an AWS provider alias per Region (assuming the account's role when configured, and
 * refusing to run against any other account) and the Region's Session Manager preferences.
 * Construct IDs depend only on the Region, so adding a Region never renames another's resources.
 */
export class AccountStack extends TerraformStack {
  readonly providers: ReadonlyMap<string, AwsProvider>;
  readonly regions: ReadonlyMap<string, RegionPreferences>;

  constructor(scope: Construct, id: string, props: AccountStackProps) {
    super(scope, id);
    const { account } = props;
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    const providers = new Map<string, AwsProvider>();
    const regions = new Map<string, RegionPreferences>();
    for (const region of account.regions) {
      const provider = new AwsProvider(this, `aws-${region.region}`, {
        alias: regionAlias(region.region),
        region: region.region,
        allowedAccountIds: [account.id],
        ...(account.assumeRoleArn ? { assumeRole: [{ roleArn: account.assumeRoleArn, sessionName: 'session-manager-preferences' }] } : {}),
        defaultTags: [{ tags: { ...props.tags } }],
      });
      providers.set(region.region, provider);
      regions.set(region.region, new RegionPreferences(this, region.region, { provider, accountId: account.id, region }));
    }
    this.providers = providers;
    this.regions = regions;
  }
}
