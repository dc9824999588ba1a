import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { LogArchiveModel } from '../model/model-log-archive';
import type { ArchivePlan } from '../plan/resource-plan';
import { archiveKeyPolicy } from '../policies/log-archive';
import { protectedKeyConfig } from './protect';

export interface LogArchiveKeyProps {
  /** Provider alias of the archive Region. */
  readonly provider: TerraformProvider;
  /** The archive (account, writers): its key policy. */
  readonly archive: LogArchiveModel;
  /** The plan of the archive Region: the key's alias and description, the bucket the key encrypts (its Region and name scope the members' use). */
  readonly plan: ArchivePlan;
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
    const { key, alias } = props.plan.key;
    this.key = new KmsKey(this, 'key', protectedKeyConfig(props.provider, String(key.attributes.description), archiveKeyPolicy(props.archive, props.plan.bucket)));
    this.alias = new KmsAlias(this, 'alias', { provider: props.provider, name: alias.name, targetKeyId: this.key.keyId });
  }
}
