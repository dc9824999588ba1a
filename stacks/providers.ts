import type { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { AccountModel } from '../src/model/model';
import { regionAlias } from '../src/model/regions';
import { ROLE_SESSION_NAME } from '../src/model/resource-names';

/**
 * The AWS provider alias of one Region of one account: it assumes the account's role when one is
 * configured, refuses to act on any other account, and tags every resource.
 */
export function awsProvider(scope: Construct, account: Pick<AccountModel, 'id' | 'assumeRoleArn'>, region: string, tags: Readonly<Record<string, string>>): AwsProvider {
  return new AwsProvider(scope, `aws-${region}`, {
    alias: regionAlias(region),
    region,
    allowedAccountIds: [account.id],
    ...(account.assumeRoleArn ? { assumeRole: [{ roleArn: account.assumeRoleArn, sessionName: ROLE_SESSION_NAME }] } : {}),
    defaultTags: [{ tags: { ...tags } }],
  });
}
