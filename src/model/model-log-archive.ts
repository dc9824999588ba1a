/** The validated `logArchive` section (see schema-log-archive.ts): plain data, every default filled in. */

/** One archive bucket, with its KMS key, in one Region of the log-archive account. */
export interface ArchiveBucketModel {
  readonly region: string;
  /** `<bucketNamePrefix>-<archive account>-<region>`. */
  readonly name: string;
}

/** The central log archive. */
export interface LogArchiveModel {
  readonly accountId: string;
  /** Archive stacks are named `<name>-<region>`. */
  readonly name: string;
  readonly partition: 'aws' | 'aws-us-gov' | 'aws-cn';
  /** Role Terraform assumes in the archive account; absent means the caller's own credentials. */
  readonly assumeRoleArn?: string;
  /** Region of the bucket that receives the logs of every Region without its own bucket. */
  readonly homeRegion: string;
  /** Every archive bucket: the home Region's first, then the further Regions. */
  readonly buckets: readonly ArchiveBucketModel[];
  /** Members write under `<keyPrefix>/<account id>/`. */
  readonly keyPrefix: string;
  /** Alias of the archive key in each archive Region. */
  readonly keyAlias: string;
  /** Who may write: the member accounts listed, or every account of the organization. */
  readonly writers: { readonly kind: 'members'; readonly accountIds: readonly string[] } | { readonly kind: 'organization' };
  /** When set, writers must also belong to this organization (aws:PrincipalOrgID). */
  readonly organizationId?: string;
  readonly expirationDays: number;
  readonly noncurrentVersionExpirationDays: number;
  readonly objectLock?: { readonly mode: 'GOVERNANCE' | 'COMPLIANCE'; readonly retentionDays: number };
}
