/**
 * A fake `terraform apply` of the app's synthesized Terraform JSON into a DriftWorld: the
 * organization a clean `cdktf deploy` of those stacks would leave. The drift tests build their
 * "as deployed" world here, from the synthesized output, never from drift's expected state
 * (src/drift/expected.ts), so an expectation that disagrees with what the stacks write shows up
 * as a difference instead of being copied into the world (issue 21).
 *
 * Each stack's AWS provider aliases give the account (allowed_account_ids, else the account of the
 * assumed role's ARN) and the Region of every resource. Terraform references and interpolations are
 * resolved to the values the apply would produce: created keys get IDs and ARNs (keyOf, numbered
 * per Region in the order the stack lists them), buckets their names, roles, policies, log groups
 * and functions their names and ARNs, `terraform_data` revisions an ID; `$${` and `%%{` (Terraform's
 * template escapes) become `${` and `%{`. An import block adopts an existing resource, which then
 * takes the configured settings: after the apply it looks the same as a created one.
 *
 * What the configuration only names (a session-data key or a log group the documents name but no
 * stack creates) must exist already: the world gets it, taken from the documents themselves.
 *
 * A resource type this file does not know fails the build, so a new kind of resource in the stacks
 * is either applied here or listed as one drift never reads.
 */
import { inputDocument } from '../updater/contract';
import { partitionOf } from '../model/regions';
import { PUBLIC_SHARING_SETTING } from '../model/service-settings';
import { DriftWorld, keyOf, type WorldBucket, type WorldRegion } from './fake-world';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Resource types drift never reads (or reads nothing of that an apply leaves): applied as no-ops. */
const NOT_READ = new Set(['terraform_data', 'aws_iam_group_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_openid_connect_provider']);

/** One synthesized stack's provider alias: the account and Region its resources go to. */
interface Target {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly tags: Record<string, string>;
}

/** Element 0 of a block Terraform JSON writes as a list or as a single object. */
function first(block: Json): Json {
  return Array.isArray(block) ? block[0] : block;
}

function targetsOf(stack: Json): Map<string, Target> {
  const targets = new Map<string, Target>();
  for (const p of stack.provider?.aws ?? []) {
    const roleArn: string | undefined = first(p.assume_role)?.role_arn;
    const accountId: string | undefined = p.allowed_account_ids?.[0] ?? (roleArn ? /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn)?.[1] : undefined);
    if (!accountId || !p.region) throw new Error(`worldFromSynth: provider ${p.alias ?? 'aws'} names no account or Region`);
    targets.set(p.alias ? `aws.${p.alias}` : 'aws', { accountId, region: p.region, partition: partitionOf(p.region), tags: { ...(first(p.default_tags)?.tags ?? {}) } });
  }
  return targets;
}

/** The attributes an apply computes, per resource address (`type.name`), filled in as resources are created. */
type Computed = Map<string, Record<string, string>>;

/** `text` as AWS receives it: references resolved from `computed`, Terraform's template escapes undone. */
function resolveText(text: string, computed: Computed, where: string): string {
  return text.replace(/\$\$\{|%%\{|\$\{([^{}]*)\}/g, (match, expr: string | undefined) => {
    if (expr === undefined) return match === '$${' ? '${' : '%{';
    const ref = /^((?:data\.)?[a-z0-9_]+\.[^.]+)\.([a-z0-9_]+)$/.exec(expr.trim());
    const value = ref ? computed.get(ref[1])?.[ref[2]] : undefined;
    if (value === undefined) throw new Error(`worldFromSynth: ${where}: cannot resolve \${${expr}}`);
    return value;
  });
}

/** Deep copy of `value` with every string resolved. */
function resolveAll(value: Json, computed: Computed, where: string): Json {
  if (typeof value === 'string') return resolveText(value, computed, where);
  if (Array.isArray(value)) return value.map((v) => resolveAll(v, computed, where));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveAll(v, computed, where)]));
  return value;
}

const META_ARGUMENTS = new Set(['//', 'provider', 'lifecycle', 'depends_on', 'count', 'for_each', 'provisioner', 'connection']);

/** Resource types in the order an apply can create them (what is referenced before what references it). */
const ORDER = [
  'terraform_data',
  'aws_kms_key',
  'aws_kms_alias',
  'aws_ssm_parameter',
  'aws_cloudwatch_log_group',
  'aws_s3_bucket',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_ownership_controls',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_object_lock_configuration',
  'aws_s3_bucket_lifecycle_configuration',
  'aws_s3_bucket_policy',
  'aws_iam_policy',
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_iam_role_policy_attachment',
  'aws_iam_instance_profile',
  'aws_ssm_service_setting',
  'aws_lambda_function',
  'aws_ssm_document',
  'aws_lambda_invocation',
];

/** Applies one synthesized stack to `world`. */
function applyStack(world: DriftWorld, stack: Json, revisions: { n: number }): void {
  const targets = targetsOf(stack);
  const computed: Computed = new Map();
  // The data sources the stacks read: only the updater's archive (its path and hash).
  for (const [name, d] of Object.entries<Json>(stack.data?.archive_file ?? {}))
    computed.set(`data.archive_file.${name}`, { output_path: String(d.output_path), output_base64sha256: `sha256-of-${name}` });
  const resources: Record<string, Record<string, Json>> = stack.resource ?? {};
  const unknown = Object.keys(resources).filter((t) => !ORDER.includes(t) && !NOT_READ.has(t));
  if (unknown.length > 0) throw new Error(`worldFromSynth: no fake apply for ${unknown.join(', ')}: apply it here or list it as not read by drift`);
  for (const type of ORDER) {
    for (const [name, raw] of Object.entries(resources[type] ?? {})) {
      const address = `${type}.${name}`;
      const target = targets.get(raw.provider ?? 'aws');
      if (type === 'terraform_data') {
        computed.set(address, { id: `${String(revisions.n++).padStart(8, '0')}-aaaa-4bbb-8ccc-000000000000` });
        continue;
      }
      if (!target) throw new Error(`worldFromSynth: ${address}: no provider ${raw.provider}`);
      // Terraform's meta-arguments (lifecycle conditions, depends_on, cdktf's metadata) are not sent to AWS.
      const args = Object.fromEntries(Object.entries(raw).filter(([k]) => !META_ARGUMENTS.has(k)));
      const r = resolveAll(args, computed, address);
      const out = applyResource(world, target, type, r, address);
      if (out) computed.set(address, out);
    }
  }
}

/** Creates one resource; returns the attributes others may reference. */
function applyResource(world: DriftWorld, t: Target, type: string, r: Json, address: string): Record<string, string> | undefined {
  const region = world.ensureRegion(t.accountId, t.region);
  const bucket = (): WorldBucket => {
    const b = region.buckets.get(String(r.bucket));
    if (!b) throw new Error(`worldFromSynth: ${address}: no bucket ${r.bucket}`);
    return b;
  };
  const iamArn = (kind: 'role' | 'policy', path: string | undefined, name: string) => `arn:${t.partition}:iam::${t.accountId}:${kind}${path ?? '/'}${name}`;
  switch (type) {
    case 'aws_kms_key': {
      const key = {
        ...keyOf(t.accountId, t.region, region.keys.size + 1),
        rotation: r.enable_key_rotation === true,
        keyState: r.is_enabled === false ? 'Disabled' : 'Enabled',
        ...(r.description !== undefined ? { description: String(r.description) } : {}),
        tags: { ...t.tags, ...(r.tags ?? {}) },
      };
      region.keys.set(key.keyId, key);
      return { key_id: key.keyId, id: key.keyId, arn: key.arn };
    }
    case 'aws_kms_alias':
      region.aliases.set(String(r.name), String(r.target_key_id));
      return { name: String(r.name), id: String(r.name) };
    case 'aws_ssm_parameter':
      region.parameters.set(String(r.name), String(r.value));
      return { name: String(r.name) };
    case 'aws_cloudwatch_log_group':
      region.logGroups.set(String(r.name), {
        // 0 (and no value) keeps events forever: DescribeLogGroups then gives no retention.
        ...(r.retention_in_days ? { retentionInDays: Number(r.retention_in_days) } : {}),
        ...(r.kms_key_id ? { kmsKeyId: String(r.kms_key_id) } : {}),
      });
      return { name: String(r.name), arn: `arn:${t.partition}:logs:${t.region}:${t.accountId}:log-group:${r.name}` };
    case 'aws_s3_bucket':
      // A new bucket: no policy, no lifecycle, no ownership controls until their resources apply; S3 encrypts with SSE-S3 by default.
      region.buckets.set(String(r.bucket), { encryption: { sseAlgorithm: 'AES256', bucketKeyEnabled: false }, objectOwnership: 'BucketOwnerEnforced' });
      return { id: String(r.bucket), bucket: String(r.bucket), arn: `arn:${t.partition}:s3:::${r.bucket}` };
    case 'aws_s3_bucket_public_access_block':
      bucket().publicAccessBlock = {
        BlockPublicAcls: r.block_public_acls === true,
        IgnorePublicAcls: r.ignore_public_acls === true,
        BlockPublicPolicy: r.block_public_policy === true,
        RestrictPublicBuckets: r.restrict_public_buckets === true,
      };
      return undefined;
    case 'aws_s3_bucket_ownership_controls':
      bucket().objectOwnership = String(first(r.rule).object_ownership);
      return undefined;
    case 'aws_s3_bucket_server_side_encryption_configuration': {
      const rule = first(r.rule);
      const byDefault = first(rule.apply_server_side_encryption_by_default);
      bucket().encryption = {
        sseAlgorithm: String(byDefault.sse_algorithm),
        ...(byDefault.kms_master_key_id ? { kmsKeyId: String(byDefault.kms_master_key_id) } : {}),
        bucketKeyEnabled: rule.bucket_key_enabled === true,
      };
      return undefined;
    }
    case 'aws_s3_bucket_versioning':
      bucket().versioning = String(first(r.versioning_configuration).status);
      return undefined;
    case 'aws_s3_bucket_object_lock_configuration': {
      const retention = first(first(r.rule).default_retention);
      bucket().objectLock = { mode: String(retention.mode), days: Number(retention.days) };
      return undefined;
    }
    case 'aws_s3_bucket_lifecycle_configuration': {
      const rules: Json[] = (Array.isArray(r.rule) ? r.rule : [r.rule]).filter((x: Json) => x.status === 'Enabled');
      const days = rules.map((x) => first(x.expiration)?.days).find((d) => d !== undefined);
      const noncurrent = rules.map((x) => first(x.noncurrent_version_expiration)?.noncurrent_days).find((d) => d !== undefined);
      bucket().lifecycle = { expirationDays: Number(days), noncurrentDays: Number(noncurrent) };
      return undefined;
    }
    case 'aws_s3_bucket_policy':
      bucket().policy = String(r.policy);
      return undefined;
    case 'aws_iam_policy': {
      const arn = iamArn('policy', r.path, String(r.name));
      world.policies.set(arn, { versions: new Map([['v1', String(r.policy)]]), defaultVersionId: 'v1' });
      return { arn, id: arn, name: String(r.name) };
    }
    case 'aws_iam_role': {
      const arn = iamArn('role', r.path, String(r.name));
      world.accountRoles(t.accountId).set(String(r.name), { path: r.path ?? '/', arn, trustPolicy: String(r.assume_role_policy), managedPolicyArns: [], inlinePolicyNames: [] });
      return { arn, name: String(r.name), id: String(r.name) };
    }
    case 'aws_iam_role_policy':
      // An inline policy of a role this stack does not create is not drift's to read.
      world.roles.get(t.accountId)?.get(String(r.role))?.inlinePolicyNames.push(String(r.name));
      return undefined;
    case 'aws_iam_role_policy_attachment':
      world.roles.get(t.accountId)?.get(String(r.role))?.managedPolicyArns.push(String(r.policy_arn));
      return undefined;
    case 'aws_iam_instance_profile':
      world.accountInstanceProfiles(t.accountId).set(String(r.name), { path: r.path ?? '/', roles: r.role ? [String(r.role)] : [] });
      return { name: String(r.name) };
    case 'aws_ssm_service_setting': {
      const id = String(r.setting_id).replace(/^arn:[^:]+:ssm:[^:]*:[^:]*:servicesetting/, '');
      if (id === PUBLIC_SHARING_SETTING) region.sharing = String(r.setting_value);
      else region.settings.set(id, String(r.setting_value));
      return undefined;
    }
    case 'aws_lambda_function':
      region.functions.set(String(r.function_name), {
        Runtime: r.runtime,
        Role: r.role,
        ...(first(r.logging_config)?.log_group ? { LoggingConfig: { LogGroup: first(r.logging_config).log_group } } : {}),
        Handler: r.handler,
        // The provider's defaults when the stack leaves them out.
        Timeout: r.timeout ?? 3,
        MemorySize: r.memory_size ?? 128,
      });
      return { function_name: String(r.function_name), arn: `arn:${t.partition}:lambda:${t.region}:${t.accountId}:function:${r.function_name}` };
    case 'aws_ssm_document':
      putDocument(region, String(r.name), String(r.document_type), String(r.content));
      return { name: String(r.name) };
    case 'aws_lambda_invocation': {
      // The updater writes the document it is given (src/updater/contract.ts), as JSON.
      const input = JSON.parse(String(r.input));
      const doc = inputDocument(input);
      if (doc) putDocument(region, String(input.documentName), 'Session', typeof doc.content === 'string' ? doc.content : JSON.stringify(doc.content, null, 2));
      return undefined;
    }
    default:
      throw new Error(`worldFromSynth: ${address}: no fake apply for ${type}`);
  }
}

function putDocument(region: WorldRegion, name: string, documentType: string, content: string): void {
  region.documents.set(name, { documentType, versions: [content], defaultVersion: 1 });
}

/**
 * What the documents name that no stack created: a session-data key (ID, ARN or alias) and a log
 * group the configuration says exist. The world gets them (enabled; the log group keeps a year).
 */
function addReferenced(world: DriftWorld): void {
  for (const [key, region] of world.regions) {
    const [accountId, regionName] = key.split('/');
    for (const doc of region.documents.values()) {
      let inputs: { kmsKeyId?: unknown; cloudWatchLogGroupName?: unknown } | undefined;
      try {
        inputs = JSON.parse(doc.versions[0]).inputs;
      } catch {
        continue;
      }
      const keyRef = typeof inputs?.kmsKeyId === 'string' ? inputs.kmsKeyId : '';
      const known = keyRef === '' || region.keys.has(keyRef) || region.aliases.has(keyRef);
      if (!known) {
        const key = keyOf(accountId, regionName, region.keys.size + 1);
        if (keyRef.startsWith('alias/')) {
          region.keys.set(key.keyId, key);
          region.aliases.set(keyRef, key.keyId);
        } else region.keys.set(keyRef, { ...key, keyId: keyRef });
      }
      const group = typeof inputs?.cloudWatchLogGroupName === 'string' ? inputs.cloudWatchLogGroupName : '';
      if (group !== '' && !region.logGroups.has(group)) region.logGroups.set(group, { retentionInDays: 365 });
    }
  }
}

/**
 * The organization a clean deploy of `stacks` (synthesized Terraform JSON, one text per stack, as
 * `Testing.synth` or `cdktf synth` writes it) would leave: every stack applied, then what the
 * documents name but no stack creates.
 */
export function worldFromSynth(stacks: Iterable<string>): DriftWorld {
  const world = new DriftWorld();
  const revisions = { n: 1 };
  for (const text of stacks) applyStack(world, JSON.parse(text), revisions);
  addReferenced(world);
  return world;
}
