/**
 * Policies of the central log archive (logArchive), pure functions of the model:
 * - the archive bucket policy: TLS only; member accounts (or the organization) may write only
 *   under `<keyPrefix>/<their own account id>/` and read the bucket's encryption; every other
 *   write by anyone outside the archive account is denied;
 * - the archive key policy: the archive account administers the key; members may use it only
 *   through S3 in the key's Region, for this bucket;
 * - the members' side: the instance policy statements the agent needs to write there.
 * Members compute everything from the configuration (bucket names and key ARNs of another
 * account), never from Terraform references to the archive stack.
 */
import type { RegionModel } from '../model/model';
import type { ArchiveBucketModel, LogArchiveModel } from '../model/model-log-archive';
import { accountRootArn, BUCKET_OWNER_FULL_CONTROL, bucketArn, s3ViaService } from './arns';
import { oneOrMany, sessionPreferences, unique } from './iam-common';
import { tlsOnlyBucketPolicy } from './s3';
import { policy, type PolicyDocument, type Principal, type Statement } from './types';

/** A policy statement that may use NotResource (the archive's deny of writes outside a member's prefix). */
export type ArchiveStatement = Statement | (Omit<Statement, 'Resource'> & { readonly NotResource: string | readonly string[] });

/** A bucket or key policy document of the archive. */
export interface ArchivePolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly ArchiveStatement[];
}

/**
 * The JSON text of an archive policy, compact: the bucket policy repeats the member list in three
 * statements and S3 allows 20 KB (about 400 members compact, half as many indented).
 */
export function renderArchivePolicy(doc: ArchivePolicyDocument): string {
  return JSON.stringify(doc);
}

/** The policy variable of the requesting principal's account, resolved by AWS at request time. */
export const PRINCIPAL_ACCOUNT = '${aws:PrincipalAccount}';

const trim = (prefix: string) => prefix.replace(/^\/+|\/+$/g, '');

/** `arn:...:s3:::bucket/<keyPrefix>/<account>/*`: where `account` (an ID or ${aws:PrincipalAccount}) may write. */
export function archiveObjectsArn(archive: LogArchiveModel, bucketName: string, account: string): string {
  const prefix = trim(archive.keyPrefix);
  return `${bucketArn(archive.partition, bucketName)}/${prefix === '' ? '' : `${prefix}/`}${account}/*`;
}

/** The condition that a request comes from an admitted writer (member accounts and/or the organization). */
function writerCondition(archive: LogArchiveModel): Record<string, Record<string, string | string[]>> | undefined {
  const equals: Record<string, string | string[]> = {};
  if (archive.writers.kind === 'members') {
    if (archive.writers.accountIds.length === 0) return undefined;
    equals['aws:PrincipalAccount'] = oneOrMany(unique(archive.writers.accountIds));
  }
  if (archive.organizationId !== undefined) equals['aws:PrincipalOrgID'] = archive.organizationId;
  if (Object.keys(equals).length === 0) return undefined;
  return { StringEquals: equals };
}

/** Anyone, narrowed by conditions (the statements never go without one). */
const ANYONE: Principal = '*';

/** Policy of one archive bucket. */
export function archiveBucketPolicy(archive: LogArchiveModel, bucket: ArchiveBucketModel): ArchivePolicyDocument {
  const arn = bucketArn(archive.partition, bucket.name);
  const own = archiveObjectsArn(archive, bucket.name, PRINCIPAL_ACCOUNT);
  const writers = writerCondition(archive);
  const statements: ArchiveStatement[] = [...tlsOnlyBucketPolicy(arn).Statement];
  if (writers) {
    statements.push(
      // The agent's multipart uploader aborts what it cannot finish.
      { Sid: 'MembersWriteUnderTheirOwnPrefix', Effect: 'Allow', Principal: ANYONE, Action: ['s3:PutObject', 's3:AbortMultipartUpload'], Resource: own, Condition: writers },
      {
        // SSM Agent sets bucket-owner-full-control after each upload (the archive owns the objects either way: BucketOwnerEnforced).
        Sid: 'MembersGrantBucketOwnerFullControl',
        Effect: 'Allow',
        Principal: ANYONE,
        Action: 's3:PutObjectAcl',
        Resource: own,
        Condition: { StringEquals: { ...writers.StringEquals, 's3:x-amz-acl': BUCKET_OWNER_FULL_CONTROL } },
      },
      { Sid: 'MembersCheckBucketEncryption', Effect: 'Allow', Principal: ANYONE, Action: 's3:GetEncryptionConfiguration', Resource: arn, Condition: writers },
    );
  }
  statements.push({
    Sid: 'DenyWritesOutsideOwnPrefix',
    Effect: 'Deny',
    Principal: ANYONE,
    Action: ['s3:PutObject', 's3:PutObjectAcl'],
    NotResource: own,
    Condition: { StringNotEquals: { 'aws:PrincipalAccount': archive.accountId } },
  });
  return { Version: '2012-10-17', Statement: statements };
}

/** Policy of the archive key of one Region: administered by the archive account, used by members only through S3. */
export function archiveKeyPolicy(archive: LogArchiveModel, bucket: ArchiveBucketModel): PolicyDocument {
  const statements: Statement[] = [
    {
      Sid: 'AccountAdministersKeyAndIamGrantsUse',
      Effect: 'Allow',
      Principal: { AWS: accountRootArn(archive.partition, archive.accountId) },
      Action: 'kms:*',
      Resource: '*',
    },
  ];
  const writers = writerCondition(archive);
  if (writers) {
    const arn = bucketArn(archive.partition, bucket.name);
    statements.push({
      Sid: 'MembersEncryptLogObjectsThroughS3',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: '*',
      Condition: {
        StringEquals: { ...writers.StringEquals, 'kms:ViaService': s3ViaService(bucket.region) },
        // With an S3 bucket key the context is the bucket ARN, without one the object ARN.
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [arn, `${arn}/*`] },
      },
    });
  }
  return policy(...statements);
}

/**
 * The instance policy statements of a member for the archive: upload (and set the owner ACL)
 * under its own prefix of the archive bucket of each covered Region, read the bucket's
 * encryption, and use the archive key through S3. Every S3 statement is pinned to the archive
 * account (s3:ResourceAccount), so a bucket of the same name elsewhere receives nothing.
 */
export function archiveInstanceStatements(regions: readonly RegionModel[]): Statement[] {
  const objects = new Set<string>();
  const buckets = new Set<string>();
  const keys = new Set<string>();
  const via = new Set<string>();
  const owners = new Set<string>();
  for (const r of regions) {
    for (const p of sessionPreferences(r)) {
      if (!p.s3.enabled || p.s3.bucket.mode !== 'archive') continue;
      const { name, accountId, region } = p.s3.bucket;
      const prefix = trim(p.s3.keyPrefix);
      objects.add(`${bucketArn(r.partition, name)}/${prefix === '' ? '' : `${prefix}/`}*`);
      buckets.add(bucketArn(r.partition, name));
      keys.add(`arn:${r.partition}:kms:${region}:${accountId}:key/*`);
      via.add(s3ViaService(region));
      owners.add(accountId);
    }
  }
  if (objects.size === 0) return [];
  // `.../<account>/*` covers a custom document's `.../<account>/<its prefix>/*`.
  const covering = [...objects].filter((o) => ![...objects].some((other) => other !== o && o.startsWith(other.slice(0, -1))));
  const archiveAccount = { StringEquals: { 's3:ResourceAccount': oneOrMany(unique(owners)) } };
  return [
    {
      Sid: 'UploadSessionLogsToArchive',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:PutObjectAcl'],
      Resource: oneOrMany(unique(covering)),
      Condition: archiveAccount,
    },
    { Sid: 'CheckArchiveBucketEncryption', Effect: 'Allow', Action: 's3:GetEncryptionConfiguration', Resource: oneOrMany(unique(buckets)), Condition: archiveAccount },
    {
      Sid: 'EncryptArchiveLogObjects',
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: oneOrMany(unique(keys)),
      Condition: { StringEquals: { 'kms:ViaService': oneOrMany(unique(via)) } },
    },
  ];
}
