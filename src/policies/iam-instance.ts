/**
 * The instance side of Session Manager: what SSM Agent on a managed node needs, computed from the
 * model for every Region of an account (ARNs only, never references to Regional resources).
 */
import type { AccountModel, RegionModel } from '../config/model';
import { dnsSuffixOf, partitionOf } from '../config/regions';
import { bucketArn, createdBucketName, logGroupArn } from './arns';
import { fitRegions, keyGrant, keyStatements, oneOrMany, sessionKeyGrants, sessionPreferences, unique, type KeyGrant, type PolicyPart } from './iam-common';
import { policy, type PolicyDocument, type Statement, type TrustPolicyDocument } from './types';
import { unscopableStatement } from './unscopable';
import { archiveInstanceStatements } from './log-archive';

/** Inputs of the instance access policy. */
export interface InstancePolicyInput {
  /** Account whose managed nodes use the policy. */
  readonly accountId: string;
  /** Regions the policy covers (all of the account's, or one part of them when the policy is split). */
  readonly regions: readonly RegionModel[];
  /** KMS keys of existing SSE-KMS log buckets (key ID, key ARN, alias name or alias ARN). */
  readonly bucketKmsKeys: readonly string[];
  /** Alias of the log-encryption key that encrypts the buckets this project creates. */
  readonly logsKeyAlias: string;
}

/** `arn:...:s3:::bucket/prefix/*`: where session logs are written. */
function objectArn(partition: string, bucket: string, keyPrefix: string): string {
  const prefix = keyPrefix.replace(/\/+$/, '');
  return `${bucketArn(partition, bucket)}/${prefix === '' ? '' : `${prefix}/`}*`;
}

/**
 * The managed policy for managed nodes:
 * - the Session Manager channels (ssmmessages) and node registration (ssm:UpdateInstanceInformation
 *   on the account's instances and hybrid nodes in the covered Regions);
 * - CloudWatch Logs writes to the configured log groups only, in every covered Region;
 * - s3:PutObject under the configured bucket and prefix, s3:GetEncryptionConfiguration on it. For
 *   the buckets this project creates, only when the bucket belongs to the account
 *   (s3:ResourceAccount): their names are computed and S3 ARNs carry no account, so a bucket of
 *   that name in another account must not receive session logs. Existing buckets may live in a
 *   central logging account: their statements (`...ExistingBuckets`) have no such condition;
 * - kms:Decrypt on the session-data key of every covered Region, for every Session document;
 * - kms:GenerateDataKey on the key of each SSE-KMS log bucket (the log key for created buckets).
 */
export function instanceAccessPolicy(input: InstancePolicyInput): PolicyDocument {
  const { accountId, regions } = input;
  const statements: Statement[] = [
    unscopableStatement('SessionManagerChannels', [
      'ssmmessages:CreateControlChannel',
      'ssmmessages:CreateDataChannel',
      'ssmmessages:OpenControlChannel',
      'ssmmessages:OpenDataChannel',
    ]),
    {
      Sid: 'RegisterManagedNode',
      Effect: 'Allow',
      Action: 'ssm:UpdateInstanceInformation',
      Resource: regions.flatMap((r) => [
        `arn:${r.partition}:ec2:${r.region}:${accountId}:instance/*`,
        `arn:${r.partition}:ssm:${r.region}:${accountId}:managed-instance/*`,
      ]),
    },
  ];

  // CloudWatch Logs: the agent creates one stream per session and writes to it. The actions
  // authorize against `log-group:NAME:log-stream:STREAM` (CreateLogStream, PutLogEvents) and the
  // log group (DescribeLogStreams: `log-group:NAME`, which AWS also evaluates as
  // `log-group:NAME:log-stream:`); `log-group:NAME:*` covers every stream of that group only.
  const logGroups = unique(
    regions.flatMap((r) =>
      sessionPreferences(r).flatMap((p) => {
        if (!p.cloudWatch.enabled) return [];
        const group = logGroupArn(r.region, accountId, p.cloudWatch.logGroupName);
        return [group, `${group}:*`];
      }),
    ),
  );
  if (logGroups.length > 0) {
    statements.push(unscopableStatement('FindSessionLogGroup', ['logs:DescribeLogGroups']), {
      Sid: 'WriteSessionLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      Resource: logGroups,
    });
  }

  // Created and existing buckets apart: only the created ones are pinned to the account.
  const objects = { created: new Set<string>(), existing: new Set<string>() };
  const encryptedBuckets = { created: new Set<string>(), existing: new Set<string>() };
  const bucketKeys: KeyGrant[] = [];
  for (const r of regions) {
    for (const p of sessionPreferences(r)) {
      // The central log archive has statements of its own (log-archive.ts).
      if (!p.s3.enabled || p.s3.bucket.mode === 'archive') continue;
      const created = p.s3.bucket.mode === 'create';
      const name = p.s3.bucket.mode === 'create' ? createdBucketName(p.s3.bucket.namePrefix, accountId, r.region) : p.s3.bucket.name;
      const kind = created ? 'created' : 'existing';
      objects[kind].add(objectArn(r.partition, name, p.s3.keyPrefix));
      if (p.s3.encrypted) encryptedBuckets[kind].add(bucketArn(r.partition, name));
      // Created buckets use SSE-KMS with the log-encryption key of their Region (bucket key on).
      if (created) bucketKeys.push(keyGrant(input.logsKeyAlias, r.partition, r.region, accountId));
    }
    const existingBucket = sessionPreferences(r).some((p) => p.s3.enabled && p.s3.bucket.mode === 'existing');
    if (existingBucket) for (const ref of input.bucketKmsKeys) bucketKeys.push(keyGrant(ref, r.partition, r.region, accountId));
  }
  const ownBucket = { StringEquals: { 's3:ResourceAccount': accountId } };
  if (objects.created.size > 0) {
    statements.push({ Sid: 'UploadSessionLogs', Effect: 'Allow', Action: 's3:PutObject', Resource: oneOrMany(unique(objects.created)), Condition: ownBucket });
  }
  if (objects.existing.size > 0) {
    statements.push({ Sid: 'UploadSessionLogsExistingBuckets', Effect: 'Allow', Action: 's3:PutObject', Resource: oneOrMany(unique(objects.existing)) });
  }
  if (encryptedBuckets.created.size > 0) {
    statements.push({ Sid: 'CheckLogBucketEncryption', Effect: 'Allow', Action: 's3:GetEncryptionConfiguration', Resource: oneOrMany(unique(encryptedBuckets.created)), Condition: ownBucket });
  }
  if (encryptedBuckets.existing.size > 0) {
    statements.push({ Sid: 'CheckLogBucketEncryptionExistingBuckets', Effect: 'Allow', Action: 's3:GetEncryptionConfiguration', Resource: oneOrMany(unique(encryptedBuckets.existing)) });
  }

  statements.push(...archiveInstanceStatements(regions));

  const sessionKeys = sessionKeyGrants(regions, accountId);
  statements.push(...keyStatements('DecryptSessionData', 'kms:Decrypt', sessionKeys));
  statements.push(...keyStatements('EncryptLogObjects', 'kms:GenerateDataKey', bucketKeys));
  return policy(...statements);
}

/** Trust policy of the instance role: EC2 (ec2.amazonaws.com, ec2.amazonaws.com.cn in China) may assume it. */
export function ec2TrustPolicy(region: string): TrustPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Ec2AssumesRole', Effect: 'Allow', Principal: { Service: `ec2.${dnsSuffixOf(region)}` }, Action: 'sts:AssumeRole' }],
  };
}

/** ARN of the AWS managed policy that gives SSM Agent its core permissions. */
export function managedInstanceCoreArn(region: string): string {
  return `arn:${partitionOf(region)}:iam::aws:policy/AmazonSSMManagedInstanceCore`;
}

/**
 * The instance policy of an account as managed policies: one for all its Regions, or several
 * covering consecutive groups of Regions when one would exceed IAM's size limit.
 */
export function instancePolicyParts(account: AccountModel, bucketKmsKeys: readonly string[], logsKeyAlias: string): PolicyPart<RegionModel>[] {
  return fitRegions(account.regions, (regions) => instanceAccessPolicy({ accountId: account.id, regions, bucketKmsKeys, logsKeyAlias }));
}
