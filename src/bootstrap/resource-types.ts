/**
 * The Terraform resource types a configuration's stacks contain, read from the resource plan
 * (src/plan/resource-plan.ts), so the bootstrap roles' permissions (policies.ts) follow the kinds
 * the plan decides and no app is built.
 *
 * Each planned kind is one Terraform type (TERRAFORM_TYPE_OF). A few constructs add resources that
 * carry no name of their own, so the plan has no entry for them; COMPANION_TYPES names them, and
 * attachments follow the access settings. A unit test (bootstrap-resource-types.test.ts) synthesizes
 * several configurations and fails when these types and the synthesized ones differ.
 */
import type { Model } from '../model/model';
import {
  TERRAFORM_TYPE_OF,
  accountWideResources,
  planResources,
  regionResources,
  type AccountPlan,
  type PlannedResource,
  type ResourceKind,
  type ResourcePlan,
} from '../plan/resource-plan';

/** The types of one side: member (every account's own stacks) and archive (the log-archive account's stacks). */
export interface ResourceTypes {
  readonly member: readonly string[];
  readonly archive: readonly string[];
}

/**
 * Resources a construct creates along with a planned one of its kind:
 * - every Session document carries a `terraform_data` content revision (SessionDocument);
 * - a bucket gets its public access block, ownership controls, encryption, versioning, lifecycle
 *   and policy (SessionLogBucket);
 * - the updater's function comes with its role's inline policy and its invocation (PreferencesUpdater).
 */
const COMPANION_TYPES: Partial<Readonly<Record<ResourceKind, readonly string[]>>> = {
  ssmDocument: ['terraform_data'],
  s3Bucket: [
    'aws_s3_bucket_public_access_block',
    'aws_s3_bucket_ownership_controls',
    'aws_s3_bucket_server_side_encryption_configuration',
    'aws_s3_bucket_versioning',
    'aws_s3_bucket_lifecycle_configuration',
    'aws_s3_bucket_policy',
  ],
  lambdaFunction: ['aws_iam_role_policy', 'aws_lambda_invocation'],
};

/** Resources Terraform manages (created or adopted); referenced names and the updater's document are not in the stacks. */
function inStacks(r: PlannedResource): boolean {
  return r.disposition === 'created' || r.disposition === 'adopted';
}

function typesOfResources(resources: readonly PlannedResource[]): string[] {
  return resources.filter(inStacks).flatMap((r) => [TERRAFORM_TYPE_OF[r.kind].type, ...(COMPANION_TYPES[r.kind] ?? [])]);
}

/**
 * The policy attachments of one account's access settings (AccessPolicies): the created roles get
 * theirs (the DHMC role always has AWS's default policy; the instance role has the instance policy
 * or AmazonSSMManagedInstanceCore), and each policy is attached to the roles, groups and users named.
 */
function attachmentTypes(plan: AccountPlan): string[] {
  const { access } = plan.account;
  const instancePolicies = access.instance.createPolicy;
  const role = access.instance.role;
  const sides = [...(access.user.createPolicy ? [access.user] : []), ...access.documentPolicies];
  const roleAttachment =
    plan.dhmcRole !== undefined ||
    (role.create && (instancePolicies || role.attachManagedInstanceCore)) ||
    (instancePolicies && access.instance.attachToRoles.length > 0) ||
    sides.some((s) => s.attachToRoles.length > 0);
  return [
    ...(roleAttachment ? ['aws_iam_role_policy_attachment'] : []),
    ...(sides.some((s) => s.attachToGroups.length > 0) ? ['aws_iam_group_policy_attachment'] : []),
    ...(sides.some((s) => s.attachToUsers.length > 0) ? ['aws_iam_user_policy_attachment'] : []),
  ];
}

const sorted = (types: Iterable<string>): string[] => [...new Set(types)].sort();

/** The Terraform types of `plan`, per side, sorted. */
export function resourceTypesOfPlan(plan: ResourcePlan): ResourceTypes {
  return {
    member: sorted(plan.accounts.flatMap((a) => [...typesOfResources([...a.regions.flatMap(regionResources), ...accountWideResources(a)]), ...attachmentTypes(a)])),
    archive: sorted(plan.archive.flatMap((a) => [...typesOfResources([a.key.key, a.key.alias, a.bucketResource]), ...objectLock(a)])),
  };
}

/** The archive bucket's Object Lock configuration, when the archive asks for one. */
function objectLock(archive: ResourcePlan['archive'][number]): string[] {
  return archive.bucketResource.attributes.objectLock !== undefined ? ['aws_s3_bucket_object_lock_configuration'] : [];
}

/** The Terraform types of `model`'s stacks, per side, sorted. */
export function resourceTypes(model: Model): ResourceTypes {
  return resourceTypesOfPlan(planResources(model));
}
