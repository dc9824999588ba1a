/** ARNs and service principals this project can compute without asking AWS. */
import { dnsSuffixOf, partitionOf } from '../model/regions';

/** ARN of a CloudWatch Logs log group (the form KMS encryption context uses, without `:*`). */
export function logGroupArn(region: string, accountId: string, logGroupName: string): string {
  return `arn:${partitionOf(region)}:logs:${region}:${accountId}:log-group:${logGroupName}`;
}

/** ARN of an S3 bucket. */
export function bucketArn(partition: string, bucketName: string): string {
  return `arn:${partition}:s3:::${bucketName}`;
}

/** ARN of an SSM document in a Region. */
export function documentArn(region: string, accountId: string, documentName: string): string {
  return `arn:${partitionOf(region)}:ssm:${region}:${accountId}:document/${documentName}`;
}

/** The account's root principal, through which key policies delegate to IAM. */
export function accountRootArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

/** CloudWatch Logs' Regional service principal. */
export function logsServicePrincipal(region: string): string {
  return `logs.${region}.${dnsSuffixOf(region)}`;
}

/** Name of a bucket this project creates for one account and Region (defined with every created name). */
export { createdBucketName } from '../model/resource-names';

/** `s3.<region>.amazonaws.com` (`.com.cn` in China): the kms:ViaService value of S3 in a Region. */
export function s3ViaService(region: string): string {
  return `s3.${region}.${dnsSuffixOf(region)}`;
}

/** The canned ACL SSM Agent sends with every session log upload (agent/s3util/s3util.go S3Upload). */
export const BUCKET_OWNER_FULL_CONTROL = 'bucket-owner-full-control';
