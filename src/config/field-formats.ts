/**
 * Field-level rules shared by the configuration schema: one validator per kind of AWS name, each
 * with the message that names the rule. The rules themselves live in src/model/aws-names.ts; the
 * regular expressions here only give editors a pattern (config/schema.json).
 */
import { z } from 'zod';
import { bucketNameProblem, documentNameProblem, logGroupNameProblem, tagKeyProblem } from '../model/aws-names';
import { KNOWN_REGIONS } from '../model/regions';

/** CloudWatch Logs accepts only these retention periods (0 = never expire). */
export const LOG_RETENTION_DAYS = [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const accountId = z.string({ error: 'must be a 12-digit AWS account ID in quotes' }).regex(/^\d{12}$/, { error: 'must be a 12-digit AWS account ID in quotes' });

export const region = z.enum(KNOWN_REGIONS as [string, ...string[]], {
  error: (issue) => `must be a known AWS Region (for example eu-west-1), got '${String(issue.input)}'`,
});

/** Account names become stack names and state file names. */
export const accountName = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, { error: 'must be 1-40 characters of lowercase letters, digits and hyphens, starting with a letter' });

export const iamRoleArn = z
  .string()
  .regex(/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, { error: 'must be an IAM role ARN (arn:aws:iam::123456789012:role/Name)' });

export const iamRoleName = z.string().regex(/^[\w+=,.@-]{1,64}$/, { error: 'must be an IAM role name (1-64 characters of letters, digits and +=,.@_-)' });

/** S3 bucket naming rules for general purpose buckets (src/model/aws-names.ts). */
export { bucketNameProblem };

export const bucketName = z.string().superRefine((name, ctx) => {
  const problem = bucketNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: `S3 bucket name ${problem}` });
});

/** A prefix to which `-<account>-<region>` is appended to name created buckets. */
export const bucketNamePrefix = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,30}$/, { error: 'must be 2-31 characters of lowercase letters, digits and hyphens, starting with a letter or digit' });

export const s3KeyPrefix = z
  .string()
  .regex(/^(?!\/)[A-Za-z0-9!_.*'()/-]{0,256}$/, { error: "must be up to 256 characters of letters, digits and !_.*'()/- and must not start with /" });

export const logGroupName = z
  .string()
  .regex(/^[.\-_/#A-Za-z0-9]{1,512}$/, { error: 'must be 1-512 characters of letters, digits and ._-/#' })
  .superRefine((name, ctx) => {
    const problem = logGroupNameProblem(name);
    if (problem !== undefined && /^[.\-_/#A-Za-z0-9]{1,512}$/.test(name)) ctx.addIssue({ code: 'custom', message: problem });
  });

export const logRetentionDays = z.number().refine((n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n), {
  error: `must be one of the retention periods CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')}`,
});

const KMS_KEY_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const KMS_KEY_ARN = /^arn:aws(-cn|-us-gov)?:kms:([a-z0-9-]+):\d{12}:key\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const KMS_ALIAS = /^alias\/[a-zA-Z0-9/_-]{1,250}$/;
const KMS_ALIAS_ARN = /^arn:aws(-cn|-us-gov)?:kms:([a-z0-9-]+):\d{12}:alias\/[a-zA-Z0-9/_-]{1,250}$/;

/** True for a bare key ID of a single-Region key (a key ID that is not an mrk- multi-Region key). */
export function isSingleRegionKeyId(ref: string): boolean {
  return KMS_KEY_ID.test(ref) && !ref.startsWith('mrk-');
}

/** The Region named inside a KMS key or alias ARN, if the reference is an ARN. */
export function kmsArnRegion(ref: string): string | undefined {
  return KMS_KEY_ARN.exec(ref)?.[2] ?? KMS_ALIAS_ARN.exec(ref)?.[2];
}

/** A reference to an existing customer managed KMS key: key ID, key ARN, alias name or alias ARN. */
export const kmsKeyRef = z.string().superRefine((ref, ctx) => {
  if (![KMS_KEY_ID, KMS_KEY_ARN, KMS_ALIAS, KMS_ALIAS_ARN].some((re) => re.test(ref))) {
    ctx.addIssue({ code: 'custom', message: 'must be a KMS key ID, key ARN, alias name (alias/...) or alias ARN' });
  } else if (/(^|:)alias\/aws\//.test(ref)) {
    ctx.addIssue({ code: 'custom', message: 'must be a customer managed key: AWS managed keys (alias/aws/...) cannot encrypt Session Manager data' });
  }
});

/** Alias given to a key this project creates. */
export const kmsAliasName = z
  .string()
  .regex(/^alias\/(?!aws\/)[a-zA-Z0-9/_-]{1,250}$/, { error: 'must be an alias name such as alias/session-manager/data (not under alias/aws/)' });

/** Run As user names: operating system account names. */
export const osUserName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9._-]{0,31}$/, { error: 'must be an operating system user name (1-32 characters of letters, digits and ._-, not starting with a digit)' });

/** SSM document names; the AWS-, Amazon and amzn prefixes are reserved by AWS. */
export const documentName = z
  .string()
  // abort: a name that breaks the character rule is told only that, not also the prefix rule.
  .regex(/^[A-Za-z0-9_.-]{3,128}$/, { error: 'must be 3-128 characters of letters, digits and _.-', abort: true })
  .refine((n) => documentNameProblem(n) === undefined, { error: 'must not start with the reserved prefixes aws, amazon or amzn (in any letter case)' })
  .refine((n) => n !== 'SSM-SessionManagerRunShell', { error: 'must not be SSM-SessionManagerRunShell: that document is managed from preferences' });

export const tags = z
  .record(
    z
      .string()
      .regex(/^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u, { error: 'tag keys must be 1-128 characters and must not start with aws:' })
      .refine((k) => !/^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(k) || tagKeyProblem(k) === undefined, {
        error: 'tag keys must not start with aws: in any letter case (AWS reserves it)',
      }),
    z.string().regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u, { error: 'tag values must be at most 256 characters of letters, digits, spaces and _.:/=+-@' }),
  )
  .refine((t) => Object.keys(t).length <= 40, { error: 'at most 40 tags (AWS allows 50 per resource; 10 are left for the tags this project adds)' });
