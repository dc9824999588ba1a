/**
 * The identity policies of the bootstrap roles, pure functions of the resource types of the
 * resource plan (resource-types.ts) and of the scopes computed from the model
 * (scopes.ts):
 * - the deployer: what applying, updating, re-planning and destroying those types calls (read ∪ write);
 * - the plan role: what a plan (refresh) of those types reads, nothing that writes;
 * - the drift and preflight role: exactly the calls of `npm run drift` and `npm run preflight`.
 */
import { MANAGED_POLICY_MAX_CHARS, policySize } from '../policies/iam-common';
import { policy, type PolicyDocument, type Statement } from '../policies/types';
import { PERMISSIONS, typesWithoutPermissions, type Scope, type ScopedActions } from './permissions';
import { regionCondition, type Scopes } from './scopes';

/** Scopes whose services are global (IAM): no aws:RequestedRegion condition. */
const GLOBAL_SCOPES: ReadonlySet<Scope> = new Set<Scope>([
  'iamPolicies',
  'iamRoles',
  'passRoles',
  'instanceProfiles',
  'attachTargets',
  'attachTargetsForProjectPolicies',
  'buckets',
]);

/** Statement IDs by scope. */
const SID: Readonly<Record<Scope, string>> = {
  any: 'NoResourceLevelPermissions',
  keyCreate: 'CreateTaggedKeys',
  keys: 'ProjectKeys',
  aliases: 'ProjectKeyAliases',
  documents: 'SessionDocuments',
  parameters: 'KeyIdParameter',
  serviceSettings: 'ServiceSettings',
  logGroups: 'SessionLogGroups',
  buckets: 'SessionLogBuckets',
  iamPolicies: 'AccessPolicies',
  iamRoles: 'ProjectRoles',
  passRoles: 'PassProjectRoles',
  instanceProfiles: 'InstanceProfiles',
  attachTargets: 'ReadAttachments',
  attachTargetsForProjectPolicies: 'AttachProjectPolicies',
  functions: 'UpdaterFunction',
};

function merge(a: Statement['Condition'], b: Statement['Condition']): Statement['Condition'] {
  if (!a) return b;
  if (!b) return a;
  const out: Record<string, Record<string, string | readonly string[]>> = {};
  for (const c of [a, b]) for (const [op, keys] of Object.entries(c)) out[op] = { ...(out[op] ?? {}), ...keys };
  return out;
}

/** Statements granting `entries`' actions on their scopes, one per scope grant, in the order of SID. */
function statements(entries: readonly ScopedActions[], scopes: Scopes, regions: readonly string[]): Statement[] {
  const actions = new Map<Scope, Set<string>>();
  for (const e of entries) for (const a of e.actions) actions.set(e.scope, (actions.get(e.scope) ?? new Set()).add(a));
  return (Object.keys(SID) as Scope[]).flatMap((scope) => {
    const list = [...(actions.get(scope) ?? [])].sort();
    if (list.length === 0) return [];
    const grants = scopes[scope];
    return grants.map((g, i): Statement => {
      const condition = merge(g.condition, GLOBAL_SCOPES.has(scope) || regions.length === 0 ? undefined : regionCondition(regions));
      return {
        Sid: `${SID[scope]}${i === 0 ? '' : i + 1}`,
        Effect: 'Allow',
        Action: list.length === 1 ? list[0] : list,
        Resource: g.resources.length === 1 ? g.resources[0] : [...g.resources],
        ...(condition ? { Condition: condition } : {}),
      };
    });
  });
}

function entriesOf(types: readonly string[], side: 'read' | 'write' | 'both'): ScopedActions[] {
  const missing = typesWithoutPermissions(types);
  if (missing.length > 0) throw new Error(`no permissions known for ${missing.join(', ')}: add them to src/bootstrap/permissions.ts`);
  return [...new Set(types)].flatMap((t) => [...(side !== 'write' ? PERMISSIONS[t].read : []), ...(side !== 'read' ? PERMISSIONS[t].write : [])]);
}

/** What the deployer role needs for stacks of `types`: every read and write, on the project's names. */
export function deployerPolicy(types: readonly string[], scopes: Scopes, regions: readonly string[]): PolicyDocument {
  return policy(...statements(entriesOf(types, 'both'), scopes, regions));
}

/** What the plan role needs: the reads of a refresh only. */
export function planPolicy(types: readonly string[], scopes: Scopes, regions: readonly string[]): PolicyDocument {
  return policy(...statements(entriesOf(types, 'read'), scopes, regions));
}

/** What drift and preflight read of a key (the archive key too): the key, its rotation, its tags (is it ours). */
const READ_KEYS: Statement = { Sid: 'Keys', Effect: 'Allow', Action: ['kms:DescribeKey', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'], Resource: '*' };

/** What drift and preflight read of a bucket (the archive bucket too). */
const READ_BUCKETS: Statement = {
  Sid: 'Buckets',
  Effect: 'Allow',
  Action: [
    's3:GetBucketObjectLockConfiguration',
    's3:GetBucketOwnershipControls',
    's3:GetBucketPolicy',
    's3:GetBucketPublicAccessBlock',
    's3:GetBucketTagging',
    's3:GetBucketVersioning',
    's3:GetEncryptionConfiguration',
    's3:GetLifecycleConfiguration',
    's3:ListBucket',
  ],
  Resource: '*',
};

/**
 * The read-only role of the log-archive account: drift and preflight read its archive key (through
 * its alias) and bucket there (src/drift, src/preflight: the archive account is one of the runner's
 * accounts), and nothing else.
 */
export function archiveReadPolicy(): PolicyDocument {
  return policy(READ_KEYS, READ_BUCKETS);
}

/**
 * The read-only role of `npm run drift` and `npm run preflight`: the SDK commands of src/drift
 * (collect.ts) and src/preflight, as IAM actions. HeadBucket is authorized as s3:ListBucket,
 * GetBucketEncryption as s3:GetEncryptionConfiguration, GetBucketLifecycleConfiguration as
 * s3:GetLifecycleConfiguration, GetPublicAccessBlock as s3:GetBucketPublicAccessBlock, GetObjectLockConfiguration as
 * s3:GetBucketObjectLockConfiguration; sts:GetCallerIdentity needs no permission. Both read names the
 * configuration gives but this project does not create (existing log groups, keys named by ID),
 * so they are granted on "*"; none of the actions writes. The tag reads tell preflight the project's own
 * resources (ManagedBy) from others'. lambda:GetFunction (the updater) is granted only when the
 * stacks of `types` have a Lambda function (a Region with documentManagement: lambda).
 */
export function readPolicy(types: readonly string[]): PolicyDocument {
  return policy(
    {
      Sid: 'Documents',
      Effect: 'Allow',
      Action: ['ssm:DescribeDocument', 'ssm:GetDocument', 'ssm:GetParameter', 'ssm:GetServiceSetting', 'ssm:ListTagsForResource'],
      Resource: '*',
    },
    READ_KEYS,
    { Sid: 'Logs', Effect: 'Allow', Action: ['logs:DescribeLogGroups', 'logs:ListTagsForResource'], Resource: '*' },
    READ_BUCKETS,
    {
      Sid: 'Iam',
      Effect: 'Allow',
      Action: [
        'iam:GetInstanceProfile',
        'iam:GetPolicy',
        'iam:GetPolicyVersion',
        'iam:GetRole',
        'iam:ListAttachedRolePolicies',
        'iam:ListInstanceProfileTags',
        'iam:ListPolicies',
        'iam:ListPolicyTags',
        'iam:ListRolePolicies',
        'iam:ListRoleTags',
      ],
      Resource: '*',
    },
    ...(types.includes('aws_lambda_function') ? [{ Sid: 'Functions', Effect: 'Allow' as const, Action: ['lambda:GetFunction'], Resource: '*' }] : []),
  );
}

/** Every action a policy allows, sorted. */
export function actionsOf(doc: PolicyDocument): string[] {
  return [...new Set(doc.Statement.flatMap((s) => (typeof s.Action === 'string' ? [s.Action] : [...s.Action])))].sort();
}

/**
 * Cuts a policy into managed policies of at most `limit` characters, statements in order
 * (greedy). Throws when one statement alone is too large.
 */
export function splitPolicy(doc: PolicyDocument, limit = MANAGED_POLICY_MAX_CHARS): PolicyDocument[] {
  const parts: Statement[][] = [];
  for (const s of doc.Statement) {
    if (policySize(policy(s)) > limit) throw new Error(`splitPolicy: statement ${s.Sid} alone exceeds ${limit} characters`);
    const last = parts[parts.length - 1];
    if (last && policySize(policy(...last, s)) <= limit) last.push(s);
    else parts.push([s]);
  }
  return parts.map((p) => policy(...p));
}
