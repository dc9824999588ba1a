import { Construct } from 'constructs';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { bucketArn } from '../policies/arns';
import { tlsOnlyBucketPolicy } from '../policies/s3';
import { renderPolicy } from '../policies/types';
import { terraformLiteral } from './terraform-literal';
import { PROTECT } from './protect';

export interface SessionLogBucketProps {
  /** Provider alias of the Region the bucket lives in. */
  readonly provider: TerraformProvider;
  /** ARN partition of the account. */
  readonly partition: string;
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** ARN of the KMS key for default SSE-KMS encryption. */
  readonly kmsKeyArn: string;
  /** Days after which log objects expire. */
  readonly expirationDays: number;
  /** Days after which overwritten object versions expire. */
  readonly noncurrentVersionExpirationDays: number;
  /** Bucket policy as JSON text (default: deny requests without TLS 1.2); it must deny insecure transport too. */
  readonly policyJson?: string;
  /** Object Lock default retention; the bucket is created with Object Lock enabled when set. */
  readonly objectLock?: { readonly mode: 'GOVERNANCE' | 'COMPLIANCE'; readonly retentionDays: number };
  /** Import an existing bucket of this name owned by the account (it then takes every setting below; its objects stay). */
  readonly adoptExisting?: boolean;
}

/**
 * An S3 bucket for session logs, hardened: SSE-KMS with a bucket key, all public access blocked,
 * ACLs disabled (BucketOwnerEnforced), TLS-only policy, versioning and lifecycle expiry.
 */
export class SessionLogBucket extends Construct {
  readonly bucket: S3Bucket;
  /** Default encryption and TLS policy: what must exist before sessions write to the bucket. */
  readonly ready: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: SessionLogBucketProps) {
    super(scope, id);
    const provider = props.provider;
    this.bucket = new S3Bucket(this, 'bucket', {
      provider,
      bucket: props.bucketName,
      forceDestroy: false,
      ...(props.objectLock ? { objectLockEnabled: true } : {}),
      lifecycle: PROTECT,
    });
    if (props.adoptExisting) this.bucket.importFrom(props.bucketName, provider);
    const bucket = this.bucket.id;
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      provider,
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', { provider, bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    const encryption = new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      provider,
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }],
    });
    const versioning = new S3BucketVersioningA(this, 'versioning', { provider, bucket, versioningConfiguration: { status: 'Enabled' } });
    if (props.objectLock) {
      new S3BucketObjectLockConfigurationA(this, 'object-lock', {
        provider,
        bucket,
        dependsOn: [versioning],
        rule: { defaultRetention: { mode: props.objectLock.mode, days: props.objectLock.retentionDays } },
      });
    }
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      provider,
      bucket,
      dependsOn: [versioning],
      rule: [
        {
          id: 'expire-session-logs',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: props.expirationDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
        {
          // Once every version of a log object has expired, its delete marker is all that is left.
          id: 'remove-expired-delete-markers',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ expiredObjectDeleteMarker: true }],
        },
      ],
    });
    const bucketPolicy = new S3BucketPolicy(this, 'policy', {
      provider,
      bucket,
      policy: terraformLiteral(props.policyJson ?? renderPolicy(tlsOnlyBucketPolicy(bucketArn(props.partition, props.bucketName)))),
      // Put the policy after the public access block so S3 never sees a window without it.
      dependsOn: [publicAccessBlock],
    });
    this.ready = [encryption, bucketPolicy];
  }
}
