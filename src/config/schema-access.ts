/**
 * The `access` section of the configuration file: the IAM policies instances and people need for
 * Session Manager, generated from the same preferences. Every field is optional; defaults live in
 * defaults.ts (`DEFAULTS.access`) and cross-field rules in resolve-access.ts.
 */
import { z } from 'zod';
import * as rule from './field-formats';

/** A Session document name as SSM accepts it (custom documents and SSM-SessionManagerRunShell). */
export const sessionDocumentName = z.string().regex(/^[a-zA-Z0-9_.-]{3,128}$/, { error: 'must be a document name (3-128 letters, digits and _.-)' });

/** IAM group names: 1-128 characters of letters, digits and +=,.@_-. */
export const iamGroupName = z.string().regex(/^[\w+=,.@-]{1,128}$/, { error: 'must be an IAM group name (1-128 characters of letters, digits and +=,.@_-)' });

/** IAM user names: 1-64 characters of letters, digits and +=,.@_-. */
export const iamUserName = z.string().regex(/^[\w+=,.@-]{1,64}$/, { error: 'must be an IAM user name (1-64 characters of letters, digits and +=,.@_-)' });

/** Prefix of the managed policy names; `<prefix>UserAccess` must stay within IAM's 128 characters. */
export const policyNamePrefix = z.string().regex(/^[\w+=,.@-]{1,64}$/, { error: 'must be 1-64 characters of letters, digits and +=,.@_- (it starts IAM policy and role names)' });

/** Tag key of the instances users may reach (used in the ssm:resourceTag/<key> condition key). */
export const targetTagKey = z
  .string()
  .regex(/^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u, { error: 'must be a tag key of 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:' });

/** Tag value of the instances users may reach; matched exactly (no wildcards, no policy variables). */
export const targetTagValue = z
  .string()
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u, { error: 'must be a tag value of at most 256 letters, digits, spaces and _.:/=+-@ (no wildcards)' });

const accessMode = (what: string) => z.enum(['allow', 'deny', 'restricted'], { error: 'must be allow, deny or restricted' }).describe(what);

export const instanceAccessSchema = z
  .strictObject({
    createPolicy: z.boolean().describe('Create the managed policy instances need for Session Manager (channels, logs, bucket, keys of every Region).').optional(),
    createRole: z.boolean().describe('Also create an EC2 role and instance profile that carry the policy.').optional(),
    roleName: rule.iamRoleName.describe('Name of the created role and instance profile (createRole).').optional(),
    attachManagedInstanceCore: z.boolean().describe('Attach the AWS managed policy AmazonSSMManagedInstanceCore to the created role as well (createRole).').optional(),
    attachToRoles: z.array(rule.iamRoleName).describe('Existing instance roles (names) the policy is attached to.').optional(),
    defaultHostManagement: z
      .strictObject({
        createRole: z
          .boolean()
          .describe(
            'Create the Default Host Management Configuration role (trusted by ssm.amazonaws.com) with AmazonSSMManagedEC2InstanceDefaultPolicy and the instance policy (session logs, keys).',
          ),
        roleName: rule.iamRoleName.describe('Name of the DHMC role (created under the path /service-role/).').optional(),
        setServiceSetting: z
          .boolean()
          .describe('Also point the per-Region service setting /ssm/managed-instance/default-ec2-instance-management-role at the role in every Region (turns DHMC on).')
          .optional(),
      })
      .describe('Default Host Management Configuration: instances managed without an instance profile still get the session-logging permissions.')
      .optional(),
    bucketKmsKeys: z
      .array(rule.kmsKeyRef)
      .describe(
        'KMS keys of existing log buckets that use SSE-KMS (key ARN, alias name or alias ARN; key IDs and alias names apply in every Region): instances get kms:GenerateDataKey and kms:Decrypt on them through S3 only.',
      )
      .optional(),
  })
  .describe('The instance side: what SSM Agent needs on managed nodes.');

export const userAccessSchema = z
  .strictObject({
    createPolicy: z.boolean().describe('Create the managed policy people need to start, resume and end their own sessions.').optional(),
    targetTag: z
      .strictObject({
        key: targetTagKey.describe('Tag key the instance must carry.'),
        value: targetTagValue.describe('Value the tag must have.'),
      })
      .describe('Only instances with this tag may be reached (ssm:resourceTag condition); absent means every instance of the account.')
      .optional(),
    documents: z
      .array(sessionDocumentName)
      .describe(
        'Session documents the user policy grants (SSM-SessionManagerRunShell and custom document names); absent means all. Leave a break-glass document out and give it a documentPolicies entry.',
      )
      .optional(),
    attachToGroups: z.array(iamGroupName).describe('Existing IAM groups (names) the policy is attached to.').optional(),
    attachToRoles: z.array(rule.iamRoleName).describe('Existing IAM roles (names) the policy is attached to.').optional(),
    attachToUsers: z.array(iamUserName).describe('Existing IAM users (names) the policy is attached to.').optional(),
  })
  .describe('The people side: who may start sessions, on what, with which documents.');

/** Name of an extra user policy: `<prefix><name>Access`. */
export const documentPolicyName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9]{0,31}$/, { error: 'must be 1-32 letters and digits starting with a letter (the policy is named <prefix><name>Access)' });

export const documentPolicySchema = z
  .strictObject({
    name: documentPolicyName.describe('The policy is named <policyNamePrefix><name>Access (e.g. BreakGlass -> SessionManagerBreakGlassAccess).'),
    documents: z.array(sessionDocumentName).min(1, { error: 'must name at least one Session document' }).describe('Session documents this policy grants.'),
    targetTag: z
      .strictObject({ key: targetTagKey.describe('Tag key the instance must carry.'), value: targetTagValue.describe('Value the tag must have.') })
      .describe('Only instances with this tag may be reached; absent means every instance of the account.')
      .optional(),
    attachToGroups: z.array(iamGroupName).describe('Existing IAM groups (names) the policy is attached to.').optional(),
    attachToRoles: z.array(rule.iamRoleName).describe('Existing IAM roles (names) the policy is attached to.').optional(),
    attachToUsers: z.array(iamUserName).describe('Existing IAM users (names) the policy is attached to.').optional(),
  })
  .describe('A user policy for selected Session documents only (a break-glass document), attached to whoever may use them.');

export const accessSchema = z
  .strictObject({
    policyNamePrefix: policyNamePrefix.describe('Managed policies are named <prefix>InstanceAccess and <prefix>UserAccess, under the path /session-manager/.').optional(),
    ssh: accessMode(
      'SSH through Session Manager (AWS-StartSSHSession): allow grants it, deny adds an explicit Deny, restricted adds the Deny and grants only the Port documents of customDocuments that user.documents or documentPolicies name.',
    ).optional(),
    portForwarding: accessMode(
      'Port forwarding (AWS-StartPortForwardingSession*), whose traffic is not logged: allow grants it, deny adds an explicit Deny, restricted adds the Deny and grants only the Port documents of customDocuments that user.documents or documentPolicies name.',
    ).optional(),
    instance: instanceAccessSchema.optional(),
    user: userAccessSchema.optional(),
    documentPolicies: z
      .array(documentPolicySchema)
      .describe('Further user policies, each for selected Session documents (break-glass), created next to <prefix>UserAccess.')
      .optional(),
  })
  .describe('IAM policies for instances and people, generated from the preferences (least privilege, every Region).');

export type AccessInput = z.infer<typeof accessSchema>;
