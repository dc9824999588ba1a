/** Readers of CloudWatch Logs: a log group by exact name, and its tags (src/aws/readers/read.ts for errors). */
import { DescribeLogGroupsCommand, ListTagsForResourceCommand, type CloudWatchLogsClient, type LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { ReadContext, Tags } from './read';

type Logs = Pick<CloudWatchLogsClient, 'send'>;

/** DescribeLogGroups by prefix, page by page, until the group of exactly this name is found. */
export async function readLogGroup(logs: Logs, name: string, ctx: ReadContext): Promise<LogGroup | null | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await ctx.read('logs:DescribeLogGroups', name, () => logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, ...(nextToken ? { nextToken } : {}) })));
    if (!page) return page;
    const group = page.logGroups?.find((g) => g.logGroupName === name);
    if (group) return group;
    nextToken = page.nextToken;
  } while (nextToken);
  return null;
}

/** The tags of a log group, by its ARN (DescribeLogGroups gives it with a trailing `:*`, which is dropped). */
export async function readLogGroupTags(logs: Logs, arn: string, ctx: ReadContext): Promise<Tags | null | undefined> {
  const resourceArn = arn.replace(/:\*$/, '');
  const got = await ctx.read('logs:ListTagsForResource', resourceArn, () => logs.send(new ListTagsForResourceCommand({ resourceArn })));
  return got ? (got.tags ?? {}) : got;
}
