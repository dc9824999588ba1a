/** Readers of S3: whether a bucket exists, its settings and its tags (src/aws/readers/read.ts for errors). */
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  type HeadBucketCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { NOT_CONFIGURED, tagRecord, type ReadContext, type Tags } from './read';

type S3 = Pick<S3Client, 'send'>;

/** A bucket's settings; each absent field means "not configured" (S3 answers with a NoSuch... error). */
export interface BucketSettings {
  readonly encryption?: { readonly sseAlgorithm?: string; readonly kmsKeyId?: string; readonly bucketKeyEnabled?: boolean };
  /** Enabled, Suspended, or absent (never enabled). */
  readonly versioning?: string;
  readonly publicAccessBlock?: {
    readonly blockPublicAcls: boolean;
    readonly ignorePublicAcls: boolean;
    readonly blockPublicPolicy: boolean;
    readonly restrictPublicBuckets: boolean;
  };
  /** The bucket policy text; absent when the bucket has none. */
  readonly policy?: string;
  /** The enabled lifecycle rules' expirations; absent when the bucket has no lifecycle configuration. */
  readonly lifecycle?: { readonly expirationDays?: number; readonly noncurrentDays?: number };
  /** The object ownership of the ownership controls (BucketOwnerEnforced, ...); absent when the bucket has none. */
  readonly objectOwnership?: string;
  /** The Object Lock configuration; absent when Object Lock is not enabled on the bucket. */
  readonly objectLock?: { readonly enabled?: string; readonly mode?: string; readonly days?: number; readonly years?: number };
}

/**
 * HeadBucket (authorized as s3:ListBucket). With `expectedOwner`, a bucket of another account
 * answers 403 (an error for the caller to tell apart, not "not found").
 */
export async function readBucketHead(s3: S3, name: string, ctx: ReadContext, expectedOwner?: string): Promise<HeadBucketCommandOutput | null | undefined> {
  return ctx.read('s3:HeadBucket', name, () => s3.send(new HeadBucketCommand({ Bucket: name, ...(expectedOwner !== undefined ? { ExpectedBucketOwner: expectedOwner } : {}) })));
}

/** The settings of a bucket known to exist; undefined when one of them could not be read. */
export async function readBucketSettings(s3: S3, name: string, ctx: ReadContext): Promise<BucketSettings | undefined> {
  const [enc, ver, pab, pol, life, own, lock] = await Promise.all([
    ctx.read('s3:GetBucketEncryption', name, () => s3.send(new GetBucketEncryptionCommand({ Bucket: name })), NOT_CONFIGURED),
    ctx.read('s3:GetBucketVersioning', name, () => s3.send(new GetBucketVersioningCommand({ Bucket: name }))),
    ctx.read('s3:GetPublicAccessBlock', name, () => s3.send(new GetPublicAccessBlockCommand({ Bucket: name })), NOT_CONFIGURED),
    ctx.read('s3:GetBucketPolicy', name, () => s3.send(new GetBucketPolicyCommand({ Bucket: name })), NOT_CONFIGURED),
    ctx.read('s3:GetBucketLifecycleConfiguration', name, () => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: name })), NOT_CONFIGURED),
    ctx.read('s3:GetBucketOwnershipControls', name, () => s3.send(new GetBucketOwnershipControlsCommand({ Bucket: name })), NOT_CONFIGURED),
    ctx.read('s3:GetObjectLockConfiguration', name, () => s3.send(new GetObjectLockConfigurationCommand({ Bucket: name })), NOT_CONFIGURED),
  ]);
  if ([enc, ver, pab, pol, life, own, lock].some((r) => r === undefined)) return undefined;
  const ownership = own?.OwnershipControls?.Rules?.[0]?.ObjectOwnership;
  const lockConfig = lock?.ObjectLockConfiguration;
  const retention = lockConfig?.Rule?.DefaultRetention;
  const enabled = (life?.Rules ?? []).filter((r) => r.Status === 'Enabled');
  const expirationDays = enabled.map((r) => r.Expiration?.Days).find((d) => d !== undefined);
  const noncurrentDays = enabled.map((r) => r.NoncurrentVersionExpiration?.NoncurrentDays).find((d) => d !== undefined);
  const rule = enc?.ServerSideEncryptionConfiguration?.Rules?.[0];
  const c = pab?.PublicAccessBlockConfiguration;
  return {
    ...(rule
      ? {
          encryption: {
            ...(rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ? { sseAlgorithm: rule.ApplyServerSideEncryptionByDefault.SSEAlgorithm } : {}),
            ...(rule.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID ? { kmsKeyId: rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID } : {}),
            bucketKeyEnabled: rule.BucketKeyEnabled === true,
          },
        }
      : {}),
    ...(ver?.Status ? { versioning: ver.Status } : {}),
    ...(c
      ? {
          publicAccessBlock: {
            blockPublicAcls: c.BlockPublicAcls === true,
            ignorePublicAcls: c.IgnorePublicAcls === true,
            blockPublicPolicy: c.BlockPublicPolicy === true,
            restrictPublicBuckets: c.RestrictPublicBuckets === true,
          },
        }
      : {}),
    ...(pol?.Policy ? { policy: pol.Policy } : {}),
    ...(life ? { lifecycle: { ...(expirationDays !== undefined ? { expirationDays } : {}), ...(noncurrentDays !== undefined ? { noncurrentDays } : {}) } } : {}),
    ...(ownership ? { objectOwnership: ownership } : {}),
    ...(lockConfig
      ? {
          objectLock: {
            ...(lockConfig.ObjectLockEnabled ? { enabled: lockConfig.ObjectLockEnabled } : {}),
            ...(retention?.Mode ? { mode: retention.Mode } : {}),
            ...(retention?.Days !== undefined ? { days: retention.Days } : {}),
            ...(retention?.Years !== undefined ? { years: retention.Years } : {}),
          },
        }
      : {}),
  };
}

/** The tags of a bucket (none: an empty record). */
export async function readBucketTags(s3: S3, name: string, ctx: ReadContext, expectedOwner?: string): Promise<Tags | undefined> {
  const got = await ctx.read(
    's3:GetBucketTagging',
    name,
    () => s3.send(new GetBucketTaggingCommand({ Bucket: name, ...(expectedOwner !== undefined ? { ExpectedBucketOwner: expectedOwner } : {}) })),
    NOT_CONFIGURED,
  );
  return got === undefined ? undefined : tagRecord(got?.TagSet);
}
