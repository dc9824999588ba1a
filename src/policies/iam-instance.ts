/**
 * The instance side of Session Manager: what SSM Agent on a managed node needs, computed from the
 * model for every Region of an account (ARNs only, never references to Regional resources).
 */
import { memoizeOn } from '../model/memo';
import type { AccountModel, RegionModel } from '../model/model';
import { dnsSuffixOf, partitionOf } from '../model/regions';
import { BUCKET_OWNER_FULL_CONTROL, bucketArn, createdBucketName, logGroupArn, s3ViaService } from './arns';
import {
  fitRegions,
  keyGrant,
  keyRegion,
  keyStatements,
  oneOrMany,
  SESSION_ENCRYPTION_CONTEXT,
  sessionKeyGrants,
  sessionPreferences,
  unique,
  type KeyGrant,
  type PolicyPart,
} from './iam-common';
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
 * The managed policy for managed nodes. Each grant follows a call SSM Agent makes
 * (github.com/aws/amazon-ssm-agent):
 * - the Session Manager channels (agent/session/service/service.go CreateControlChannel and
 *   CreateDataChannel; the websocket opens: OpenControlChannel, OpenDataChannel) and node
 *   registration (ssm:UpdateInstanceInformation on the account's instances and hybrid nodes);
 * - CloudWatch Logs (agent/agentlogstocloudwatch/cloudwatchlogspublisher/cloudwatchlogsservice.go):
 *   DescribeLogGroups (getLogGroupDetails, IsLogGroupEncryptedWithKMS reads its KmsKeyId),
 *   CreateLogStream and PutLogEvents (StreamData), DescribeLogStreams (getLogStreamDetails), on the
 *   configured log groups only. CloudWatch Logs encrypts with its own service principal (key
 *   policy), so the node needs no KMS grant for a log group;
 * - S3 (agent/s3util/s3util.go): S3Upload uses the SDK's s3manager.Uploader, which sends one
 *   PutObject up to 5 MiB and CreateMultipartUpload/UploadPart/CompleteMultipartUpload above
 *   (all authorized as s3:PutObject) and AbortMultipartUpload when a part fails; every upload
 *   carries ACL bucket-owner-full-control; getSSEAlgorithm and IsBucketEncrypted call
 *   GetBucketEncryption (s3:GetEncryptionConfiguration) before each upload. For the buckets this
 *   project creates, only when the bucket belongs to the account (s3:ResourceAccount): their names
 *   are computed and S3 ARNs carry no account, so a bucket of that name in another account must
 *   not receive session logs. Existing buckets may live in a central logging account: their
 *   statements (`...ExistingBuckets`) have no such condition and add s3:PutObjectAcl, limited to
 *   the bucket-owner-full-control ACL the agent sends (AWS documents it for a bucket in another
 *   account; with BucketOwnerEnforced the ACL is accepted and has no effect);
 * - kms:GenerateDataKey and kms:Decrypt (multipart uploads to SSE-KMS need both) on the key of each
 *   SSE-KMS log bucket (the log key for created buckets), only through S3 in the key's Region
 *   (kms:ViaService);
 * - kms:Decrypt on the session-data key of every covered Region, for every Session document, only
 *   with Session Manager's encryption context (agent/session/crypto/blockcipher.go
 *   UpdateEncryptionKey calls KMS directly, so no kms:ViaService).
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
      Resource: regions.flatMap((r) => [`arn:${r.partition}:ec2:${r.region}:${accountId}:instance/*`, `arn:${r.partition}:ssm:${r.region}:${accountId}:managed-instance/*`]),
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

  statements.push(...logBucketStatements(input));
  // The central log archive has statements of its own (log-archive.ts).
  statements.push(...archiveInstanceStatements(regions));

  const sessionKeys = sessionKeyGrants(regions, accountId);
  statements.push(...keyStatements('DecryptSessionData', 'kms:Decrypt', sessionKeys, SESSION_ENCRYPTION_CONTEXT));
  return policy(...statements);
}

/** Where session logs go in S3, per kind of bucket, and the keys that encrypt them. */
interface LogBuckets {
  readonly objects: { readonly created: Set<string>; readonly existing: Set<string> };
  readonly buckets: { readonly created: Set<string>; readonly existing: Set<string> };
  readonly keys: KeyGrant[];
}

function logBuckets(input: InstancePolicyInput): LogBuckets {
  const { accountId, regions } = input;
  const result: LogBuckets = { objects: { created: new Set(), existing: new Set() }, buckets: { created: new Set(), existing: new Set() }, keys: [] };
  for (const r of regions) {
    for (const p of sessionPreferences(r)) {
      // The central log archive has statements of its own (log-archive.ts).
      if (!p.s3.enabled || p.s3.bucket.mode === 'archive') continue;
      const created = p.s3.bucket.mode === 'create';
      const name = p.s3.bucket.mode === 'create' ? createdBucketName(p.s3.bucket.namePrefix, accountId, r.region) : p.s3.bucket.name;
      const kind = created ? 'created' : 'existing';
      result.objects[kind].add(objectArn(r.partition, name, p.s3.keyPrefix));
      // The agent reads the bucket's encryption before every upload (getSSEAlgorithm), encrypted or not.
      result.buckets[kind].add(bucketArn(r.partition, name));
      // Created buckets use SSE-KMS with the log-encryption key of their Region (bucket key on).
      if (created) result.keys.push(keyGrant(input.logsKeyAlias, r.partition, r.region, accountId));
    }
    const existingBucket = sessionPreferences(r).some((p) => p.s3.enabled && p.s3.bucket.mode === 'existing');
    if (existingBucket) for (const ref of input.bucketKmsKeys) result.keys.push(keyGrant(ref, r.partition, r.region, accountId));
  }
  return result;
}

/**
 * The S3 and bucket-key statements of the instance policy. Kept apart (and pure) so that other
 * bucket kinds (a central log archive) can add their statements next to these.
 */
export function logBucketStatements(input: InstancePolicyInput): Statement[] {
  const { objects, buckets, keys } = logBuckets(input);
  const statements: Statement[] = [];
  const ownBucket = { StringEquals: { 's3:ResourceAccount': input.accountId } };
  const upload = ['s3:PutObject', 's3:AbortMultipartUpload'];
  if (objects.created.size > 0) {
    statements.push({ Sid: 'UploadSessionLogs', Effect: 'Allow', Action: upload, Resource: oneOrMany(unique(objects.created)), Condition: ownBucket });
  }
  if (objects.existing.size > 0) {
    statements.push(
      { Sid: 'UploadSessionLogsExistingBuckets', Effect: 'Allow', Action: upload, Resource: oneOrMany(unique(objects.existing)) },
      {
        Sid: 'GiveBucketOwnerLogsExistingBuckets',
        Effect: 'Allow',
        Action: 's3:PutObjectAcl',
        Resource: oneOrMany(unique(objects.existing)),
        Condition: { StringEquals: { 's3:x-amz-acl': BUCKET_OWNER_FULL_CONTROL } },
      },
    );
  }
  if (buckets.created.size > 0) {
    statements.push({
      Sid: 'CheckLogBucketEncryption',
      Effect: 'Allow',
      Action: 's3:GetEncryptionConfiguration',
      Resource: oneOrMany(unique(buckets.created)),
      Condition: ownBucket,
    });
  }
  if (buckets.existing.size > 0) {
    statements.push({ Sid: 'CheckLogBucketEncryptionExistingBuckets', Effect: 'Allow', Action: 's3:GetEncryptionConfiguration', Resource: oneOrMany(unique(buckets.existing)) });
  }
  const viaS3 = { StringEquals: { 'kms:ViaService': oneOrMany(unique(keys.map((k) => s3ViaService(keyRegion(k))))) } };
  statements.push(...keyStatements('LogBucketKeysThroughS3', ['kms:GenerateDataKey', 'kms:Decrypt'], keys, viaS3));
  return statements;
}

/** Trust policy of the instance role: EC2 (ec2.amazonaws.com, ec2.amazonaws.com.cn in China) may assume it. */
export function ec2TrustPolicy(region: string): TrustPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Ec2AssumesRole', Effect: 'Allow', Principal: { Service: `ec2.${dnsSuffixOf(region)}` }, Action: 'sts:AssumeRole' }],
  };
}

/**
 * Trust policy of the Default Host Management Configuration role: Systems Manager assumes it for
 * EC2 instances without an instance profile (AWS's DHMC role trusts ssm.amazonaws.com only).
 */
export function ssmTrustPolicy(): TrustPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'SystemsManagerAssumesRoleForInstances', Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };
}

/** ARN of the AWS managed policy AWS puts on the DHMC role (agent core permissions, no session logging). */
export function managedEc2InstanceDefaultPolicyArn(region: string): string {
  return `arn:${partitionOf(region)}:iam::aws:policy/AmazonSSMManagedEC2InstanceDefaultPolicy`;
}

/** ARN of the AWS managed policy that gives SSM Agent its core permissions. */
export function managedInstanceCoreArn(region: string): string {
  return `arn:${partitionOf(region)}:iam::aws:policy/AmazonSSMManagedInstanceCore`;
}

/**
 * The instance policy of an account as managed policies: one for all its Regions, or several
 * covering consecutive groups of Regions when one would exceed IAM's size limit. Built once per
 * account and arguments (src/model/memo.ts): the configuration checks and AccessPolicies both ask.
 */
export const instancePolicyParts: (account: AccountModel, bucketKmsKeys: readonly string[], logsKeyAlias: string) => readonly PolicyPart<RegionModel>[] = memoizeOn(
  (account: AccountModel, bucketKmsKeys: readonly string[], logsKeyAlias: string): readonly PolicyPart<RegionModel>[] =>
    fitRegions(account.activeRegions, (regions) => instanceAccessPolicy({ accountId: account.id, regions, bucketKmsKeys, logsKeyAlias })),
  (account) => [account],
  (_account, bucketKmsKeys, logsKeyAlias) => JSON.stringify([bucketKmsKeys, logsKeyAlias]),
);
