/**
 * The `logArchive` section: a central log-archive account whose stack(s) hold the session log
 * bucket(s) and KMS key of every member account. Defaults live in defaults.ts
 * (`DEFAULTS.logArchive`), cross-field rules in resolve-log-archive.ts.
 */
import { z } from 'zod';
import * as rule from './field-formats';

/** AWS Organizations organization ID, used in the aws:PrincipalOrgID condition. */
export const organizationId = z.string().regex(/^o-[a-z0-9]{10,32}$/, { error: 'must be an AWS Organizations ID (o- followed by 10-32 lowercase letters or digits)' });

const days = (what: string) =>
  z
    .number({ error: 'must be a whole number of days between 1 and 36500' })
    .int({ error: 'must be a whole number of days between 1 and 36500' })
    .min(1, { error: 'must be between 1 and 36500' })
    .max(36500, { error: 'must be between 1 and 36500' })
    .describe(what);

export const objectLockSchema = z
  .strictObject({
    mode: z
      .enum(['GOVERNANCE', 'COMPLIANCE'], { error: 'must be GOVERNANCE or COMPLIANCE' })
      .describe('GOVERNANCE: users with s3:BypassGovernanceRetention may delete early; COMPLIANCE: nobody can, not even the root user.'),
    retentionDays: days('Default retention of every new log object version, in days.'),
  })
  .describe('S3 Object Lock on the archive bucket(s) (write once, read many). Only when a bucket is created: enabling it later replaces the bucket.');

export const logArchiveSchema = z
  .strictObject({
    accountId: rule.accountId.describe('12-digit ID of the log-archive account (quote it in YAML).'),
    name: rule.accountName.describe('Archive stacks are named <name>-<region> (default log-archive).').optional(),
    assumeRoleArn: rule.iamRoleArn.describe('Role Terraform assumes in the log-archive account (default: assumeRoleName in that account).').optional(),
    homeRegion: rule.region
      .describe('Region of the archive bucket that receives the logs of every Region without its own bucket (default stacks.homeRegion, us-east-1).')
      .optional(),
    regions: z
      .array(rule.region)
      .describe('Further Regions with their own archive bucket (data residency, VPC-endpoint-only Regions): members log there from the same Region.')
      .optional(),
    bucketNamePrefix: rule.bucketNamePrefix.describe('Archive buckets are named <prefix>-<archive account>-<region>.').optional(),
    keyPrefix: rule.s3KeyPrefix.describe('Members write under <keyPrefix>/<member account id>/ and nowhere else.').optional(),
    keyAlias: rule.kmsAliasName.describe('Alias of the archive KMS key created in each archive Region.').optional(),
    writers: z
      .enum(['members', 'organization'], { error: 'must be members or organization' })
      .describe('Who may write: the member accounts of this configuration (default), or every account of organizationId.')
      .optional(),
    organizationId: organizationId.describe('Organization of the members: writers must also belong to it (aws:PrincipalOrgID). Required with writers: organization.').optional(),
    expirationDays: days('Days after which archived session logs expire (default 365; at least objectLock.retentionDays).').optional(),
    noncurrentVersionExpirationDays: days('Days after which overwritten versions expire (default 30).').optional(),
    objectLock: objectLockSchema.optional(),
  })
  .describe('A central log-archive account: its own stack per archive Region (bucket + key); member accounts log there automatically.');

export type LogArchiveInput = z.infer<typeof logArchiveSchema>;
