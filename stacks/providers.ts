import type { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { AccountModel } from '../src/model/model';
import { regionAlias } from '../src/model/regions';
import { MANAGED_BY_STACK_TAG, ROLE_SESSION_NAME } from '../src/model/resource-names';

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

/** The configured tags plus the tag naming the stack (`ManagedByStack=<stack>`): what the member and log-archive stacks give every resource. */
export function stackTags(tags: Readonly<Record<string, string>>, stack: string): Record<string, string> {
  return { ...tags, [MANAGED_BY_STACK_TAG]: stack };
}
