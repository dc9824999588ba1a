/**
 * Resolves the `logArchive` section, and points members' S3 logging at the archive: a member
 * Region logs to the archive bucket of the same Region when there is one, else to the bucket of
 * the archive's home Region, under `<keyPrefix>/<member account id>/`.
 */
import { DEFAULTS } from './defaults';
import type { ConfigInput } from './schema';
import type { PreferencesModel } from '../model/model';
import type { ArchiveBucketModel, LogArchiveModel } from '../model/model-log-archive';
import { partitionOf } from '../model/regions';
import { createdBucketName } from '../policies/arns';
import { archiveBucketPolicy, renderArchivePolicy } from '../policies/log-archive';
import type { Report } from './issues';
import { assumedRoleArn } from './roles';

type Json = Record<string, unknown>;

const trimSlashes = (prefix: string) => prefix.replace(/^\/+|\/+$/g, '');

/** The key prefix a member writes under: `<archive keyPrefix>/<account id>[/<its own keyPrefix>]`. */
export function memberKeyPrefix(archive: LogArchiveModel, accountId: string, own?: string): string {
  return [trimSlashes(archive.keyPrefix), accountId, trimSlashes(own ?? '')].filter((p) => p !== '').join('/');
}

/** The archive bucket that receives the logs of a member Region. */
export function archiveBucketFor(archive: LogArchiveModel, region: string): ArchiveBucketModel {
  return archive.buckets.find((b) => b.region === region) ?? archive.buckets[0];
}

/** The archive model, or undefined when the configuration has none. */
export function resolveLogArchive(config: ConfigInput, env: Readonly<Record<string, string | undefined>>, report: Report): LogArchiveModel | undefined {
  const input = config.logArchive;
  if (input === undefined) return undefined;
  const d = DEFAULTS.logArchive;
  const first = config.regions[0] ?? DEFAULTS.homeRegion;
  const homeRegion = input.homeRegion ?? config.stacks?.homeRegion ?? (partitionOf(first) === 'aws' ? DEFAULTS.homeRegion : first);
  const partition = partitionOf(homeRegion);
  const further = input.regions ?? [];
  further.forEach((region, i) => {
    if (region === homeRegion) report(`logArchive.regions[${i}]`, `is the home Region (${homeRegion}), which has an archive bucket already`);
    else if (further.indexOf(region) !== i) report(`logArchive.regions[${i}]`, `lists ${region} twice`);
    if (partitionOf(region) !== partition) report(`logArchive.regions[${i}]`, `${region} is not in the partition of the archive's home Region ${homeRegion} (${partition})`);
  });
  const bucketNamePrefix = input.bucketNamePrefix ?? d.bucketNamePrefix;
  const regions = [homeRegion, ...further.filter((r, i) => r !== homeRegion && further.indexOf(r) === i)];

  const writers = input.writers ?? d.writers;
  if (writers === 'organization' && input.organizationId === undefined) {
    report('logArchive.organizationId', 'is required with writers: organization (it names the organization whose accounts may write)');
  }
  const expirationDays = input.expirationDays ?? d.expirationDays;
  if (input.objectLock !== undefined && expirationDays < input.objectLock.retentionDays) {
    report(
      input.expirationDays !== undefined ? 'logArchive.expirationDays' : 'logArchive.objectLock.retentionDays',
      `expiry after ${expirationDays} days is shorter than the Object Lock retention of ${input.objectLock.retentionDays} days: locked versions cannot expire; set logArchive.expirationDays to at least the retention`,
    );
  }

  const assumeRoleArn = assumedRoleArn(partition, input.accountId, { assumeRoleArn: input.assumeRoleArn, assumeRoleName: config.assumeRoleName }, env);
  const memberIds = [...new Set(config.accounts.filter((a) => a.closed !== true && a.id !== input.accountId).map((a) => a.id))];

  const model: LogArchiveModel = {
    accountId: input.accountId,
    name: input.name ?? d.name,
    partition,
    ...(assumeRoleArn ? { assumeRoleArn } : {}),
    homeRegion,
    buckets: regions.map((region) => ({ region, name: createdBucketName(bucketNamePrefix, input.accountId, region) })),
    keyPrefix: input.keyPrefix ?? d.keyPrefix,
    keyAlias: input.keyAlias ?? d.keyAlias,
    writers: writers === 'organization' ? { kind: 'organization' } : { kind: 'members', accountIds: memberIds },
    ...(input.organizationId !== undefined ? { organizationId: input.organizationId } : {}),
    expirationDays,
    noncurrentVersionExpirationDays: input.noncurrentVersionExpirationDays ?? d.noncurrentVersionExpirationDays,
    ...(input.objectLock !== undefined ? { objectLock: { mode: input.objectLock.mode, retentionDays: input.objectLock.retentionDays } } : {}),
  };
  // S3 refuses bucket policies over 20 KB; the member list is repeated in three statements.
  const size = Buffer.byteLength(renderArchivePolicy(archiveBucketPolicy(model, model.buckets[0])));
  if (size > BUCKET_POLICY_MAX_BYTES) {
    report(
      'logArchive.writers',
      `lists ${memberIds.length} member accounts, which makes the archive bucket policy ${size} bytes (S3 allows ${BUCKET_POLICY_MAX_BYTES}): use writers: organization with organizationId`,
    );
  }
  return model;
}

/** S3's limit on a bucket policy. */
export const BUCKET_POLICY_MAX_BYTES = 20 * 1024;

/**
 * The base preferences of a member Region with S3 logging sent to the archive, unless S3 logging
 * is off or the merged input chose its own bucket (createBucket or bucketName).
 */
export function archiveS3(
  prefs: PreferencesModel,
  input: Json,
  archive: LogArchiveModel,
  accountId: string,
  region: string,
  accountPath: string,
  report: Report,
): PreferencesModel {
  const s3 = input.s3 as Json | undefined;
  if (!prefs.s3.enabled || s3?.createBucket !== undefined || s3?.bucketName !== undefined) return prefs;
  if (partitionOf(region) !== archive.partition) {
    report(
      `${accountPath}.regions`,
      `${region} is not in the partition of the log archive (${archive.partition}): S3 logs cannot cross partitions; turn S3 logging off there or choose a bucket (preferences.s3.createBucket or bucketName)`,
    );
    return prefs;
  }
  const bucket = archiveBucketFor(archive, region);
  return {
    ...prefs,
    s3: {
      ...prefs.s3,
      bucket: { mode: 'archive', name: bucket.name, accountId: archive.accountId, region: bucket.region },
      keyPrefix: memberKeyPrefix(archive, accountId, typeof s3?.keyPrefix === 'string' ? s3.keyPrefix : undefined),
    },
  };
}

/**
 * A custom document's preferences once its base went to the archive: a document that inherited
 * the base bucket inherits the archive bucket; its own keyPrefix, if any, goes below the member's
 * archive prefix.
 */
export function archiveS3ForDocument(
  doc: PreferencesModel,
  input: Json,
  before: PreferencesModel,
  after: PreferencesModel,
  archive: LogArchiveModel,
  accountId: string,
): PreferencesModel {
  if (before === after || !after.s3.enabled || after.s3.bucket.mode !== 'archive' || !doc.s3.enabled) return doc;
  const s3 = input.s3 as Json | undefined;
  if (s3?.bucketName !== undefined) return doc;
  const own = typeof s3?.keyPrefix === 'string' ? s3.keyPrefix : undefined;
  return { ...doc, s3: { ...doc.s3, bucket: after.s3.bucket, keyPrefix: own !== undefined ? memberKeyPrefix(archive, accountId, own) : after.s3.keyPrefix } };
}
