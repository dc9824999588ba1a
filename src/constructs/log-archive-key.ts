import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { ArchiveBucketModel, LogArchiveModel } from '../model/model-log-archive';
import { archiveKeyPolicy } from '../policies/log-archive';
import { protectedKeyConfig } from './protect';

export interface LogArchiveKeyProps {
  /** Provider alias of the archive Region. */
  readonly provider: TerraformProvider;
  /** The archive (account, writers, alias). */
  readonly archive: LogArchiveModel;
  /** The bucket the key encrypts (its Region and name scope the members' use). */
  readonly bucket: ArchiveBucketModel;
}

/**
 * The archive's KMS key of one Region (rotation on, protected): the archive account administers
 * it; member accounts may use it only through S3 in this Region, for this bucket.
 */
export class LogArchiveKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: LogArchiveKeyProps) {
    super(scope, id);
    this.key = new KmsKey(
      this,
      'key',
      protectedKeyConfig(
        props.provider,
        'Encrypts the central Session Manager log archive; members use it only through S3 (managed by session-manager-preferences)',
        archiveKeyPolicy(props.archive, props.bucket),
      ),
    );
    this.alias = new KmsAlias(this, 'alias', { provider: props.provider, name: props.archive.keyAlias, targetKeyId: this.key.keyId });
  }
}
