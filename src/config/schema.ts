/**
 * The configuration file's schema (zod). Structure, formats and ranges live here; defaults are
 * filled in by `resolve.ts`, so every field is optional unless the file cannot work without it.
 * `npm run docs` writes config/schema.json from this module for editor autocompletion.
 */
import { z } from 'zod';
import * as rule from './field-formats';
import { sessionTypeFields } from './schema-documents';
import { accessSchema } from './schema-access';
import { complianceSchema } from './schema-compliance';
import { groupName, groupSchemas } from './schema-groups';
import { logArchiveSchema } from './schema-log-archive';
import { bootstrapSchema } from './schema-bootstrap';

/** Message shared with the merged-preferences check in resolve.ts. */
export const RUN_AS_USER_REQUIRED = 'is required when runAs.enabled is true';

const minutes = (max: number) =>
  z
    .number({ error: `must be a whole number of minutes between 1 and ${max}` })
    .int({ error: `must be a whole number of minutes between 1 and ${max}` })
    .min(1, { error: `must be between 1 and ${max}` })
    .max(max, { error: `must be between 1 and ${max}` });

const sessionEncryptionFields = {
  enabled: z.boolean().describe('Encrypt session data with a customer managed KMS key (kmsKeyId in the Session document).').optional(),
  kmsKeyId: rule.kmsKeyRef.describe('Existing key for every Region: key ID, key ARN, alias name or alias ARN.').optional(),
  kmsKeyIdByRegion: z.partialRecord(rule.region, rule.kmsKeyRef).describe('Existing key per Region (takes precedence over kmsKeyId).').optional(),
};

const cloudWatchFields = {
  enabled: z.boolean().describe('Send session logs to CloudWatch Logs.').optional(),
  logGroupName: rule.logGroupName.describe('Log group that receives session logs.').optional(),
  encrypted: z.boolean().describe('Require an encrypted log group (cloudWatchEncryptionEnabled); a created group is encrypted with a KMS key.').optional(),
  streaming: z.boolean().describe('Stream session data continuously rather than upload at session end.').optional(),
};

const s3Fields = {
  enabled: z.boolean().describe('Upload session logs to S3.').optional(),
  bucketName: rule.bucketName.describe('Bucket that receives session logs (required when createBucket is false).').optional(),
  keyPrefix: rule.s3KeyPrefix.describe('Key prefix of session log objects.').optional(),
  encrypted: z.boolean().describe('Require an encrypted bucket (s3EncryptionEnabled).').optional(),
};

const runAsSchema = z
  .strictObject({
    enabled: z.boolean().describe('Start Linux sessions as an operating system user instead of ssm-user.').optional(),
    defaultUser: rule.osUserName.describe('User to run sessions as when no SSMSessionRunAs tag names one.').optional(),
  })
  .describe('Run As support for Linux and macOS managed nodes.');

/** The base preferences must name the Run As user themselves; overrides may inherit it (checked after merging). */
const baseRunAsSchema = runAsSchema.superRefine((runAs, ctx) => {
  if (runAs.enabled === true && runAs.defaultUser === undefined) {
    ctx.addIssue({ code: 'custom', path: ['defaultUser'], message: RUN_AS_USER_REQUIRED });
  }
});

const shellProfileSchema = z
  .strictObject({
    linux: z.string().max(4096, { error: 'must be at most 4096 characters' }).describe('Commands run at the start of Linux sessions.').optional(),
    windows: z.string().max(4096, { error: 'must be at most 4096 characters' }).describe('Commands run at the start of Windows sessions.').optional(),
  })
  .describe('Shell profiles; empty profiles are left out of the document.');

const commonPreferenceFields = {
  idleSessionTimeout: minutes(60).describe('Minutes without activity before a session ends (1-60).').optional(),
  maxSessionDuration: minutes(1440).describe('Maximum session length in minutes (1-1440).').optional(),
  runAs: runAsSchema.optional(),
  shellProfile: shellProfileSchema.optional(),
};

/** Preferences of `SSM-SessionManagerRunShell`, including the resources this project creates for them. */
export const preferencesSchema = z
  .strictObject({
    ...commonPreferenceFields,
    runAs: baseRunAsSchema.optional(),
    sessionEncryption: z
      .strictObject({
        ...sessionEncryptionFields,
        createKey: z.boolean().describe('Create a KMS key per Region (rotation on) instead of using an existing one.').optional(),
        alias: rule.kmsAliasName.describe('Alias of the created key.').optional(),
      })
      .describe('Encryption of session data: a created key per Region, or an existing key.')
      .optional(),
    cloudWatch: z
      .strictObject({
        ...cloudWatchFields,
        createLogGroup: z.boolean().describe('Create the log group (KMS-encrypted, protected from destroy).').optional(),
        retentionDays: rule.logRetentionDays.describe('Retention of a created log group in days (0 = never expire).').optional(),
      })
      .describe('Session logs in CloudWatch Logs: a created log group, or an existing one.')
      .optional(),
    s3: z
      .strictObject({
        ...s3Fields,
        createBucket: z.boolean().describe('Create a hardened bucket per account and Region.').optional(),
        bucketNamePrefix: rule.bucketNamePrefix.describe('Created buckets are named <prefix>-<account id>-<region>.').optional(),
        expirationDays: z.number().int().min(1, { error: 'must be at least 1 day' }).max(36500).describe('Days after which session log objects expire.').optional(),
        noncurrentVersionExpirationDays: z
          .number()
          .int()
          .min(1, { error: 'must be at least 1 day' })
          .max(36500)
          .describe('Days after which overwritten log object versions expire.')
          .optional(),
      })
      .describe('Session logs in S3: a created bucket per account and Region, or an existing bucket.')
      .optional(),
  })
  .describe('Session Manager preferences applied in every Region.');

/** What a custom session document may override: any input, but resources are only referenced, never created. */
export const preferenceOverridesSchema = z
  .strictObject({
    ...commonPreferenceFields,
    sessionEncryption: z
      .strictObject(sessionEncryptionFields)
      .describe("Encryption of session data with an existing key (the base preferences' created key when left out).")
      .optional(),
    cloudWatch: z.strictObject(cloudWatchFields).describe("Session logs in CloudWatch Logs, to an existing log group (the base preferences' group when left out).").optional(),
    s3: z.strictObject(s3Fields).describe("Session logs in S3, to an existing bucket (the base preferences' bucket when left out).").optional(),
  })
  .describe('Overrides of the base preferences for one custom session document.');

/** Resources besides the preferences document that may be imported when they already exist (docs/preflight.md). */
export const ADOPTABLE_RESOURCES = ['dataKeyAlias', 'keyIdParameter', 'logsKeyAlias', 'logGroup', 'bucket'] as const;

const regionSettingsFields = {
  adoptResources: z
    .array(z.enum(ADOPTABLE_RESOURCES, { error: `must be one of ${ADOPTABLE_RESOURCES.join(', ')}` }))
    .describe(
      'Existing resources of the expected name to import instead of failing at apply: dataKeyAlias, keyIdParameter, logsKeyAlias (re-pointed at the created key), logGroup, bucket (both then take the configured settings). `npm run preflight -- --write` sets it.',
    )
    .optional(),
  adoptExisting: z
    .boolean()
    .describe('Import an already existing SSM-SessionManagerRunShell instead of failing with DocumentAlreadyExists (documentManagement terraform).')
    .optional(),
  documentManagement: z
    .enum(['terraform', 'lambda'], { error: 'must be terraform or lambda' })
    .describe('How SSM-SessionManagerRunShell is managed: terraform (aws_ssm_document) or lambda (upsert an existing document, restore it on destroy).')
    .optional(),
};

export const backendSchema = z
  .discriminatedUnion(
    'type',
    [
      z.strictObject({ type: z.literal('local').describe('local: one state file per stack under state/.') }),
      z.strictObject({
        type: z.literal('cloud').describe('cloud: one HCP Terraform workspace per stack.'),
        organization: z.string().min(1).describe('HCP Terraform organization (or env TF_CLOUD_ORGANIZATION).').optional(),
        project: z.string().min(1).describe('HCP Terraform project of the workspaces (or env TF_CLOUD_PROJECT).').optional(),
        hostname: z
          .string()
          .regex(/^[a-z0-9.-]+$/, { error: 'must be a host name' })
          .describe('HCP Terraform or Terraform Enterprise host (or env TF_CLOUD_HOSTNAME).')
          .optional(),
        workspacePrefix: z
          .string()
          .regex(/^[A-Za-z0-9_-]{0,60}$/, { error: 'must be up to 60 characters of letters, digits, _ and -' })
          .describe('Workspace names are <prefix><stack name>.')
          .optional(),
      }),
    ],
    { error: 'must have type local or cloud' },
  )
  .describe('Where Terraform state lives: one local state file per stack, or one HCP Terraform workspace per stack.');

export const stacksSchema = z
  .strictObject({
    shardSize: z
      .number()
      .int({ error: 'must be a whole number between 1 and 36' })
      .min(1, { error: 'must be between 1 and 36' })
      .max(36, { error: 'must be between 1 and 36' })
      .describe('Regions per stack group; see docs/operations.md, "Stacks and shards", before changing it on a deployed organization.')
      .optional(),
    homeRegion: rule.region.describe('Region of the provider of account-wide (IAM) stacks.').optional(),
  })
  .describe('How accounts and Regions are cut into stacks.');

export const accountSchema = z.strictObject({
  id: rule.accountId.describe('12-digit AWS account ID (quote it in YAML).'),
  name: rule.accountName.describe('Short name; used in stack and state file names.'),
  assumeRoleArn: rule.iamRoleArn.describe('Role Terraform assumes in this account (overrides assumeRoleName).').optional(),
  homeRegion: rule.region.describe("Region of the provider of this account's account-wide (IAM) stack.").optional(),
  regions: z.array(rule.region).describe('Regions of this account (defaults to the top-level regions).').optional(),
  retiredRegions: z
    .array(rule.region)
    .describe('Regions no longer managed: their data resources are forgotten, not destroyed (docs/operations.md, "Retiring a Region").')
    .optional(),
  ...regionSettingsFields,
  regionSettings: z.partialRecord(rule.region, z.strictObject(regionSettingsFields)).describe('Per-Region settings of this account.').optional(),
  group: groupName.describe('Account group whose overrides apply (a key of accountGroups).').optional(),
  closed: z.boolean().describe('Closed or suspended in AWS Organizations (npm run accounts): no stacks are synthesized for it.').optional(),
});

export const customDocumentSchema = z.strictObject({
  name: rule.documentName.describe('Name of the custom Session document.'),
  description: z.string().max(1024).describe('Shown in the document description.').optional(),
  preferences: preferenceOverridesSchema
    .describe('Preferences of this document, over the base ones: logging and encryption apply to Standard_Stream and command documents; Port documents ignore them.')
    .optional(),
  ...sessionTypeFields,
});

/** Account groups and Region-level overrides (schema-groups.ts). */
export const { groupPreferencesSchema, regionOverridesSchema, accountGroupSchema, accountGroupsSchema } = groupSchemas({
  preferencesSchema,
  preferenceOverridesSchema,
  customDocumentSchema,
});

export const configSchema = z
  .strictObject({
    $schema: z.string().describe('Path of the JSON Schema, for editors.').optional(),
    version: z.literal(1, { error: 'must be 1' }).describe('Configuration format version.'),
    regions: z.array(rule.region).min(1, { error: 'must list at least one Region' }).describe('Regions every account gets unless it lists its own.'),
    assumeRoleName: rule.iamRoleName.describe('Role name Terraform assumes in every account that has no assumeRoleArn.').optional(),
    retiredRegions: z
      .array(rule.region)
      .describe('Regions no longer managed: their data resources are forgotten, not destroyed (docs/operations.md, "Retiring a Region"). Applies to every account.')
      .optional(),
    tags: rule.tags.describe('Tags applied to every resource through provider default_tags.').optional(),
    ...regionSettingsFields,
    accounts: z
      .array(accountSchema)
      .min(1, { error: 'must list at least one account (inline or in accountsFile)' })
      .describe('The AWS accounts to manage (more may come from accountsFile); each gets its own stacks.'),
    accountsFile: z.string().min(1).describe('YAML/JSON file with more accounts (a list, or an object with an accounts list), relative to this file.').optional(),
    stacks: stacksSchema.optional(),
    backend: backendSchema.optional(),
    preferences: preferencesSchema.optional(),
    customDocuments: z.array(customDocumentSchema).describe('Further Session documents that override the preferences.').optional(),
    access: accessSchema.optional(),
    compliance: complianceSchema.optional(),
    regionOverrides: regionOverridesSchema.optional(),
    accountGroups: accountGroupsSchema.optional(),
    logArchive: logArchiveSchema.optional(),
    bootstrap: bootstrapSchema.optional(),
  })
  .describe('Session Manager preferences as code: one file for every account and Region.');

/** The configuration file as written (after structural validation, before defaults). */
export type ConfigInput = z.infer<typeof configSchema>;
export type PreferencesInput = z.infer<typeof preferencesSchema>;
export type PreferenceOverridesInput = z.infer<typeof preferenceOverridesSchema>;
export type GroupPreferencesInput = z.infer<typeof groupPreferencesSchema>;
export type AccountGroupInput = z.infer<typeof accountGroupSchema>;
