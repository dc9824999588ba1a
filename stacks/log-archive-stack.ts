import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { ResolveOnceStack } from './resolve-once-stack';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { BackendModel } from '../src/model/model';
import type { LogArchiveModel } from '../src/model/model-log-archive';
import type { ArchivePlan } from '../src/plan/resource-plan';
import { LogArchiveKey } from '../src/constructs/log-archive-key';
import { SessionLogBucket } from '../src/constructs/session-log-bucket';
import { archiveBucketPolicy, renderArchivePolicy } from '../src/policies/log-archive';
import { configureBackend } from './backend';
import { awsProvider, stackTags } from './providers';

export interface LogArchiveStackProps {
  /** The archive (its account, how to reach it, its key policy). */
  readonly archive: LogArchiveModel;
  /** The resource plan of this stack's Region (planArchiveRegion): its bucket (Region, name) and key (alias, description). */
  readonly plan: ArchivePlan;
  /** Tags every resource gets through provider default_tags, with ManagedByStack=<stack name> added (stackTags). */
  readonly tags: Readonly<Record<string, string>>;
  /** Where this stack's state lives. */
  readonly backend: BackendModel;
}

/**
 * One Region of the central log archive, in the log-archive account: the archive key and the
 * hardened archive bucket (SSE-KMS with a bucket key, public access blocked, BucketOwnerEnforced,
 * versioning, lifecycle, optional Object Lock) whose policy admits member writes only under
 * their own prefix, as the Region's resource plan (src/plan/resource-plan.ts) lists them. It
 * references nothing outside itself and nothing references it: member stacks compute its names from
 * the configuration, so it plans and applies alone.
 */
export class LogArchiveStack extends ResolveOnceStack {
  readonly provider: AwsProvider;
  readonly key: LogArchiveKey;
  readonly bucket: SessionLogBucket;

  constructor(scope: Construct, id: string, props: LogArchiveStackProps) {
    super(scope, id);
    const { archive, plan } = props;
    const { bucket } = plan;
    const planned = plan.bucketResource;
    configureBackend(this, id, props.backend);
    const account = { id: archive.accountId, ...(archive.assumeRoleArn ? { assumeRoleArn: archive.assumeRoleArn } : {}) };
    this.provider = awsProvider(this, account, bucket.region, stackTags(props.tags, id));
    this.key = new LogArchiveKey(this, 'archive-key', { provider: this.provider, archive, plan });
    this.bucket = new SessionLogBucket(this, 'archive-bucket', {
      provider: this.provider,
      partition: planned.partition,
      bucketName: planned.name,
      kmsKeyArn: this.key.key.arn,
      expirationDays: archive.expirationDays,
      noncurrentVersionExpirationDays: archive.noncurrentVersionExpirationDays,
      policyJson: renderArchivePolicy(archiveBucketPolicy(archive, bucket)),
      ...(archive.objectLock ? { objectLock: archive.objectLock } : {}),
    });
    const output = (name: string, value: string, description: string) => new TerraformOutput(this, name, { value, description }).overrideLogicalId(name);
    output('archive_bucket_name', this.bucket.bucket.bucket, `Central session log bucket in ${bucket.region}`);
    output('archive_key_arn', this.key.key.arn, `Archive KMS key in ${bucket.region}`);
  }
}
