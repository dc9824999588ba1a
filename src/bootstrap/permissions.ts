/**
 * What Terraform (hashicorp/aws 5.100) calls for each kind of resource this project creates, as IAM
 * actions, and on which of the project's names. One entry per Terraform resource type: the
 * bootstrap policies are assembled from the entries of the types the resource plan gives
 * (resource-types.ts), and a unit test fails when a synthesized type has no entry here.
 *
 * `read` is what a plan (refresh) calls; `write` what create, update and destroy call. Dependent
 * actions come from the AWS Service Authorization Reference ("SAR": docs.aws.amazon.com/service-authorization/
 * latest/reference/list_<service>.html, the "Dependent actions" column and the tagging pages), cited
 * at each entry. Each action is given with the scope of the names it is authorized on; `any`
 * marks actions that support no resource type (the SAR lists none), granted on "*".
 */

/** The kinds of names an action is scoped to (see names.ts for the ARNs of each). */
export type Scope =
  /** Actions that support no resource-level permission. */
  | 'any'
  /** kms:CreateKey and the tagging it implies: "*", only with the project's ManagedBy request tag. */
  | 'keyCreate'
  /** KMS keys of the account carrying the project's ManagedBy tag. */
  | 'keys'
  /** The project's KMS alias names (and the keys behind them, which CreateAlias/UpdateAlias/DeleteAlias also authorize). */
  | 'aliases'
  | 'documents'
  | 'parameters'
  | 'serviceSettings'
  | 'logGroups'
  | 'buckets'
  | 'iamPolicies'
  | 'iamRoles'
  /** Roles the project passes to a service (instance profile, DHMC setting, Lambda), with iam:PassedToService. */
  | 'passRoles'
  | 'instanceProfiles'
  /** The roles the project creates and the existing roles, groups and users named in `access.*.attachTo*`. */
  | 'attachTargets'
  /** The same, for attaching and detaching: only the project's policies and the AWS managed ones its roles use (iam:PolicyARN). */
  | 'attachTargetsForProjectPolicies'
  | 'functions';

/** Actions of one resource type on one scope. */
export interface ScopedActions {
  readonly scope: Scope;
  readonly actions: readonly string[];
}

/** Permissions of one Terraform resource type. */
export interface TypePermissions {
  /** What refresh (every plan) calls. */
  readonly read: readonly ScopedActions[];
  /** What create, update and destroy call, dependent actions included. */
  readonly write: readonly ScopedActions[];
}

const S3_BUCKET_READS = [
  // HeadBucket is authorized as s3:ListBucket (SAR, Amazon S3, "HeadBucket": s3:ListBucket).
  's3:ListBucket',
  's3:GetBucketPolicy',
  's3:GetBucketAcl',
  's3:GetBucketCORS',
  's3:GetBucketWebsite',
  's3:GetBucketVersioning',
  's3:GetAccelerateConfiguration',
  's3:GetBucketRequestPayment',
  's3:GetBucketLogging',
  's3:GetLifecycleConfiguration',
  's3:GetReplicationConfiguration',
  's3:GetEncryptionConfiguration',
  's3:GetBucketObjectLockConfiguration',
  's3:GetBucketTagging',
];

/** The table. Keys are Terraform resource types; types without AWS calls map to no actions. */
export const PERMISSIONS: Readonly<Record<string, TypePermissions>> = {
  /** Built into Terraform (content revisions): no AWS call. */
  terraform_data: { read: [], write: [] },
  aws_kms_key: {
    read: [{ scope: 'keys', actions: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'] }],
    write: [
      // SAR, AWS KMS, CreateKey: "Dependent actions: kms:PutKeyPolicy, kms:TagResource" (a key policy
      // and tags given at creation). CreateKey supports no resource type; aws:RequestTag scopes it.
      { scope: 'keyCreate', actions: ['kms:CreateKey', 'kms:PutKeyPolicy', 'kms:TagResource'] },
      // Updates: key policy (kms:PutKeyPolicy), rotation, description, tags; destroy schedules deletion.
      {
        scope: 'keys',
        actions: [
          'kms:PutKeyPolicy',
          'kms:EnableKeyRotation',
          'kms:DisableKeyRotation',
          'kms:UpdateKeyDescription',
          'kms:TagResource',
          'kms:UntagResource',
          'kms:ScheduleKeyDeletion',
        ],
      },
    ],
  },
  aws_kms_alias: {
    // The provider finds an alias by listing them (ListAliases supports no resource type).
    read: [
      { scope: 'any', actions: ['kms:ListAliases'] },
      { scope: 'keys', actions: ['kms:DescribeKey'] },
    ],
    // SAR, AWS KMS, CreateAlias/UpdateAlias/DeleteAlias: authorized on the alias AND on the key(s).
    write: [
      { scope: 'aliases', actions: ['kms:CreateAlias', 'kms:UpdateAlias', 'kms:DeleteAlias'] },
      { scope: 'keys', actions: ['kms:CreateAlias', 'kms:UpdateAlias', 'kms:DeleteAlias'] },
    ],
  },
  aws_ssm_document: {
    read: [{ scope: 'documents', actions: ['ssm:DescribeDocument', 'ssm:GetDocument', 'ssm:DescribeDocumentPermission', 'ssm:ListTagsForResource'] }],
    // SAR, AWS Systems Manager, CreateDocument with Tags: "Dependent actions: ssm:AddTagsToResource".
    write: [
      {
        scope: 'documents',
        actions: ['ssm:CreateDocument', 'ssm:AddTagsToResource', 'ssm:RemoveTagsFromResource', 'ssm:UpdateDocument', 'ssm:UpdateDocumentDefaultVersion', 'ssm:DeleteDocument'],
      },
    ],
  },
  aws_ssm_parameter: {
    read: [
      { scope: 'parameters', actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:ListTagsForResource'] },
      { scope: 'any', actions: ['ssm:DescribeParameters'] },
    ],
    // SAR, AWS Systems Manager, PutParameter with Tags: "Dependent actions: ssm:AddTagsToResource".
    write: [{ scope: 'parameters', actions: ['ssm:PutParameter', 'ssm:AddTagsToResource', 'ssm:RemoveTagsFromResource', 'ssm:DeleteParameter'] }],
  },
  aws_ssm_service_setting: {
    read: [{ scope: 'serviceSettings', actions: ['ssm:GetServiceSetting'] }],
    write: [
      { scope: 'serviceSettings', actions: ['ssm:UpdateServiceSetting', 'ssm:ResetServiceSetting'] },
      // The DHMC setting names a role: Systems Manager's DHMC guide asks iam:PassRole for it (passRoles
      // holds that role only when the setting is configured).
      { scope: 'passRoles', actions: ['iam:PassRole'] },
    ],
  },
  aws_cloudwatch_log_group: {
    // DescribeLogGroups lists by name prefix and is not scoped to one log group.
    read: [
      { scope: 'any', actions: ['logs:DescribeLogGroups'] },
      { scope: 'logGroups', actions: ['logs:ListTagsForResource', 'logs:ListTagsLogGroup'] },
    ],
    // SAR, Amazon CloudWatch Logs, CreateLogGroup with tags: "Dependent actions: logs:TagResource"
    // (and the older logs:TagLogGroup, which CloudWatch Logs still authorizes for CreateLogGroup tags).
    write: [
      {
        scope: 'logGroups',
        actions: [
          'logs:CreateLogGroup',
          'logs:TagResource',
          'logs:TagLogGroup',
          'logs:UntagResource',
          'logs:UntagLogGroup',
          'logs:PutRetentionPolicy',
          'logs:DeleteRetentionPolicy',
          'logs:AssociateKmsKey',
          'logs:DisassociateKmsKey',
          'logs:DeleteLogGroup',
        ],
      },
    ],
  },
  aws_s3_bucket: {
    read: [{ scope: 'buckets', actions: S3_BUCKET_READS }],
    // SAR, Amazon S3, CreateBucket: "Dependent actions: s3:PutBucketObjectLockConfiguration,
    // s3:PutBucketVersioning" (Object Lock at creation); tags are written with s3:PutBucketTagging.
    write: [{ scope: 'buckets', actions: ['s3:CreateBucket', 's3:PutBucketTagging', 's3:PutBucketObjectLockConfiguration', 's3:PutBucketVersioning', 's3:DeleteBucket'] }],
  },
  aws_s3_bucket_lifecycle_configuration: {
    read: [{ scope: 'buckets', actions: ['s3:GetLifecycleConfiguration'] }],
    // DeleteBucketLifecycle is authorized as s3:PutLifecycleConfiguration (SAR, Amazon S3).
    write: [{ scope: 'buckets', actions: ['s3:PutLifecycleConfiguration'] }],
  },
  aws_s3_bucket_object_lock_configuration: {
    read: [{ scope: 'buckets', actions: ['s3:GetBucketObjectLockConfiguration'] }],
    write: [{ scope: 'buckets', actions: ['s3:PutBucketObjectLockConfiguration'] }],
  },
  aws_s3_bucket_ownership_controls: {
    read: [{ scope: 'buckets', actions: ['s3:GetBucketOwnershipControls'] }],
    // DeleteBucketOwnershipControls is authorized as s3:PutBucketOwnershipControls.
    write: [{ scope: 'buckets', actions: ['s3:PutBucketOwnershipControls'] }],
  },
  aws_s3_bucket_policy: {
    read: [{ scope: 'buckets', actions: ['s3:GetBucketPolicy'] }],
    write: [{ scope: 'buckets', actions: ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy'] }],
  },
  aws_s3_bucket_public_access_block: {
    read: [{ scope: 'buckets', actions: ['s3:GetBucketPublicAccessBlock'] }],
    // DeletePublicAccessBlock is authorized as s3:PutBucketPublicAccessBlock.
    write: [{ scope: 'buckets', actions: ['s3:PutBucketPublicAccessBlock'] }],
  },
  aws_s3_bucket_server_side_encryption_configuration: {
    read: [{ scope: 'buckets', actions: ['s3:GetEncryptionConfiguration'] }],
    // DeleteBucketEncryption is authorized as s3:PutEncryptionConfiguration.
    write: [{ scope: 'buckets', actions: ['s3:PutEncryptionConfiguration'] }],
  },
  aws_s3_bucket_versioning: {
    read: [{ scope: 'buckets', actions: ['s3:GetBucketVersioning'] }],
    write: [{ scope: 'buckets', actions: ['s3:PutBucketVersioning'] }],
  },
  aws_iam_policy: {
    read: [{ scope: 'iamPolicies', actions: ['iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions', 'iam:ListPolicyTags'] }],
    // SAR, IAM, CreatePolicy with Tags: "Dependent actions: iam:TagPolicy". Updates create a new
    // default version and delete the oldest when five exist.
    write: [
      {
        scope: 'iamPolicies',
        actions: ['iam:CreatePolicy', 'iam:TagPolicy', 'iam:UntagPolicy', 'iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicy'],
      },
    ],
  },
  aws_iam_role: {
    read: [{ scope: 'iamRoles', actions: ['iam:GetRole', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies', 'iam:ListRoleTags'] }],
    // SAR, IAM, CreateRole with Tags: "Dependent actions: iam:TagRole". Destroy lists and detaches
    // what is attached and removes the role from its instance profiles first.
    write: [
      {
        scope: 'iamRoles',
        actions: [
          'iam:CreateRole',
          'iam:TagRole',
          'iam:UntagRole',
          'iam:UpdateRole',
          'iam:UpdateRoleDescription',
          'iam:UpdateAssumeRolePolicy',
          'iam:ListInstanceProfilesForRole',
          'iam:DeleteRole',
        ],
      },
    ],
  },
  aws_iam_role_policy: {
    read: [{ scope: 'iamRoles', actions: ['iam:GetRolePolicy'] }],
    write: [{ scope: 'iamRoles', actions: ['iam:PutRolePolicy', 'iam:DeleteRolePolicy'] }],
  },
  aws_iam_role_policy_attachment: {
    read: [{ scope: 'attachTargets', actions: ['iam:ListAttachedRolePolicies'] }],
    write: [{ scope: 'attachTargetsForProjectPolicies', actions: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'] }],
  },
  aws_iam_group_policy_attachment: {
    read: [{ scope: 'attachTargets', actions: ['iam:ListAttachedGroupPolicies'] }],
    write: [{ scope: 'attachTargetsForProjectPolicies', actions: ['iam:AttachGroupPolicy', 'iam:DetachGroupPolicy'] }],
  },
  aws_iam_user_policy_attachment: {
    read: [{ scope: 'attachTargets', actions: ['iam:ListAttachedUserPolicies'] }],
    write: [{ scope: 'attachTargetsForProjectPolicies', actions: ['iam:AttachUserPolicy', 'iam:DetachUserPolicy'] }],
  },
  aws_iam_instance_profile: {
    read: [{ scope: 'instanceProfiles', actions: ['iam:GetInstanceProfile', 'iam:ListInstanceProfileTags'] }],
    // SAR, IAM, CreateInstanceProfile with Tags: "Dependent actions: iam:TagInstanceProfile";
    // AddRoleToInstanceProfile: "Dependent actions: iam:PassRole".
    write: [
      {
        scope: 'instanceProfiles',
        actions: [
          'iam:CreateInstanceProfile',
          'iam:TagInstanceProfile',
          'iam:UntagInstanceProfile',
          'iam:AddRoleToInstanceProfile',
          'iam:RemoveRoleFromInstanceProfile',
          'iam:DeleteInstanceProfile',
        ],
      },
      { scope: 'passRoles', actions: ['iam:PassRole'] },
    ],
  },
  aws_lambda_function: {
    read: [{ scope: 'functions', actions: ['lambda:GetFunction', 'lambda:GetFunctionCodeSigningConfig', 'lambda:ListVersionsByFunction', 'lambda:GetPolicy', 'lambda:ListTags'] }],
    // SAR, AWS Lambda, CreateFunction: "Dependent actions: iam:PassRole" (the execution role);
    // tags at creation: lambda:TagResource.
    write: [
      {
        scope: 'functions',
        actions: [
          'lambda:CreateFunction',
          'lambda:TagResource',
          'lambda:UntagResource',
          'lambda:UpdateFunctionCode',
          'lambda:UpdateFunctionConfiguration',
          'lambda:DeleteFunction',
        ],
      },
      { scope: 'passRoles', actions: ['iam:PassRole'] },
    ],
  },
  aws_lambda_invocation: {
    read: [],
    write: [{ scope: 'functions', actions: ['lambda:InvokeFunction'] }],
  },
};

/** The Terraform resource types of `types` that have no entry in the table. */
export function typesWithoutPermissions(types: Iterable<string>): string[] {
  return [...new Set(types)].filter((t) => !(t in PERMISSIONS)).sort();
}
