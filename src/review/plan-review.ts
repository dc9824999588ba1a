/**
 * What a plan changes, read from `terraform show -json` into review units: one per account-Region
 * (resources whose construct ID starts with the Region) and one for the account-wide resources.
 * Pure: plan JSON in, data out.
 *
 * - Session documents: every preference before -> after, from the revision's `terraform_data`
 *   input (the document's own content is known only after apply) or the updater invocation's input.
 * - Policies (IAM, trust, key, bucket): statements added, removed and changed by Sid.
 * - Everything else: the attributes that change, by name.
 * - Alerts: destroys, replacements and forgets, with what data each would lose.
 *
 * Sensitive values (before_sensitive / after_sensitive) are never copied: they read `(sensitive)`.
 */
import { changeAction, type ChangeAction } from '../ci/plan-json';
import { diffStatements, parsePolicy, type StatementChange } from './policy-diff';
import { diffInputs, documentContent, type InputChange } from './session-inputs';

/** What happens to one resource (Terraform's actions read as in the CI summary). */
export type ReviewAction = ChangeAction;

/** A destroy, replacement or forget, and what it costs. */
export interface Alert {
  readonly action: 'delete' | 'replace' | 'forget';
  /** Resource type and construct name, e.g. `aws_s3_bucket log-bucket`. */
  readonly resource: string;
  /** The resource's name in AWS, when the plan knows it. */
  readonly name?: string;
  /** What would be lost (or, for a forget, what is left unmanaged). */
  readonly loses: string;
}

/** The preferences a Session document changes. */
export interface DocumentReview {
  readonly name: string;
  readonly action: ReviewAction;
  readonly inputs: readonly InputChange[];
}

/** Statement changes of one policy. */
export interface PolicyReview {
  /** e.g. `IAM policy`, `key policy`, `bucket policy`, `trust policy`. */
  readonly kind: string;
  readonly resource: string;
  readonly name?: string;
  readonly action: ReviewAction;
  readonly statements: readonly StatementChange[];
}

/** One attribute change of any other resource (values as JSON text, or `(known after apply)` / `(sensitive)`). */
export interface AttributeReview {
  readonly name: string;
  readonly before?: string;
  readonly after?: string;
}

export interface ResourceReview {
  readonly resource: string;
  readonly action: ReviewAction;
  readonly attributes: readonly AttributeReview[];
}

/** Everything one plan changes in one account-Region (or account-wide). */
export interface ReviewUnit {
  readonly stack: string;
  /** The account the stack's providers are allowed in, when the plan says. */
  readonly account?: string;
  /** The Region, or undefined for account-wide resources. */
  readonly region?: string;
  readonly alerts: readonly Alert[];
  readonly documents: readonly DocumentReview[];
  readonly policies: readonly PolicyReview[];
  readonly resources: readonly ResourceReview[];
}

/** The part of plan JSON read here (format_version 1.x). */
export interface ReviewPlanJson {
  readonly resource_changes?: readonly PlanResourceChange[];
  readonly configuration?: { readonly provider_config?: Record<string, { readonly expressions?: { readonly allowed_account_ids?: { readonly constant_value?: unknown } } }> };
}

export interface PlanResourceChange {
  readonly address: string;
  readonly mode?: string;
  readonly type: string;
  readonly name?: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before?: unknown;
    readonly after?: unknown;
    readonly after_unknown?: unknown;
    readonly before_sensitive?: unknown;
    readonly after_sensitive?: unknown;
    readonly importing?: unknown;
  };
}

export const KNOWN_AFTER_APPLY = '(known after apply)';
export const SENSITIVE = '(sensitive)';

/** Attributes that name a policy document, by resource type, and how a reviewer calls it. */
const POLICY_ATTRIBUTES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  aws_iam_policy: [['policy', 'IAM policy']],
  aws_iam_role_policy: [['policy', 'IAM policy']],
  aws_iam_role: [['assume_role_policy', 'trust policy']],
  aws_kms_key: [['policy', 'key policy']],
  aws_s3_bucket_policy: [['policy', 'bucket policy']],
};

/** What a destroy of each type loses (the data it holds). */
const LOSES: Readonly<Record<string, string>> = {
  aws_s3_bucket: 'every session log in the bucket (or the destroy fails while the bucket is not empty)',
  aws_cloudwatch_log_group: 'every session log in the log group',
  aws_kms_key: 'the key (scheduled for deletion): session logs and data encrypted with it become unreadable once deleted; sessions that use it fail at once',
  aws_ssm_document: 'the document and every earlier version of the preferences; sessions fall back to AWS defaults',
  aws_ssm_service_setting: 'the setting goes back to the AWS default',
  aws_iam_policy: 'the access the policy grants (and its attachments)',
  aws_iam_role: 'the role and the access it grants (instances using it lose Session Manager)',
  aws_iam_role_policy: 'the access the policy grants',
  aws_s3_bucket_policy: 'the bucket policy (TLS-only and log-delivery rules)',
  aws_s3_bucket_versioning: 'versioning protection of the log bucket',
  aws_s3_bucket_lifecycle_configuration: 'the retention rule of the log bucket',
  aws_s3_bucket_server_side_encryption_configuration: 'default encryption of the log bucket',
  aws_s3_bucket_public_access_block: 'the public access block of the log bucket',
  aws_lambda_function: 'the preferences updater',
  aws_ssm_parameter: 'the parameter (the key ID the updater and tools read)',
};

/** Replacements that are how this app works, not losses: a new content revision on every preferences change, and the updater re-run. */
const ROUTINE_REPLACE = new Set(['terraform_data', 'aws_lambda_invocation']);

/** The Region prefix of a cdktf construct ID, e.g. `us-east-1` of `us-east-1_log-bucket_47057636`. */
const REGION_PREFIX = /^((?:[a-z]{2}|us-gov|us-iso[a-z]?)-[a-z]+-\d+)_/;

/** Construct name without Region prefix and hash suffix: `log-bucket` of `us-east-1_log-bucket_47057636`. */
export function constructName(resourceName: string): string {
  return resourceName.replace(REGION_PREFIX, '').replace(/_[0-9A-F]{8}$/, '');
}

function regionOf(resourceName: string): string | undefined {
  return REGION_PREFIX.exec(resourceName)?.[1];
}

const record = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** True when the sensitivity/unknown marker says the whole attribute (or any part of it) is marked. */
function marked(marker: unknown): boolean {
  if (marker === true) return true;
  if (Array.isArray(marker)) return marker.some(marked);
  if (marker !== null && typeof marker === 'object') return Object.values(marker).some(marked);
  return false;
}

function valueText(value: unknown, sensitive: unknown, unknown: unknown): string | undefined {
  if (marked(unknown)) return KNOWN_AFTER_APPLY;
  if (marked(sensitive)) return SENSITIVE;
  if (value === undefined) return undefined;
  return JSON.stringify(value);
}

/** Attributes Terraform recomputes on its own or that only repeat others. */
const SKIPPED_ATTRIBUTES = new Set(['id', 'arn', 'tags_all', 'timeouts']);

function attributeChanges(rc: PlanResourceChange, skip: ReadonlySet<string>): AttributeReview[] {
  const c = rc.change;
  const before = record(c.before);
  const after = record(c.after);
  const unknown = record(c.after_unknown);
  const bs = record(c.before_sensitive);
  const as = record(c.after_sensitive);
  const names = [...new Set([...Object.keys(after), ...Object.keys(unknown), ...Object.keys(before)])].sort();
  const out: AttributeReview[] = [];
  for (const name of names) {
    if (SKIPPED_ATTRIBUTES.has(name) || skip.has(name)) continue;
    const b = c.before === null || c.before === undefined ? undefined : valueText(before[name], bs[name], false);
    const a = c.after === null || c.after === undefined ? undefined : valueText(after[name], as[name], unknown[name]);
    const emptyish = (t: string | undefined) => t === undefined || t === 'null' || t === '[]' || t === '{}' || t === '""';
    if (b === a || (emptyish(b) && emptyish(a))) continue;
    if (b === KNOWN_AFTER_APPLY || (b === undefined && a === KNOWN_AFTER_APPLY && rc.change.actions.includes('create'))) continue;
    out.push({ name, ...(b === undefined ? {} : { before: b }), ...(a === undefined ? {} : { after: a }) });
  }
  return out;
}

/** The resource's name in AWS: the planned one, or for what is lost (`before: true`) the current one. */
function awsName(rc: PlanResourceChange, before = false): string | undefined {
  for (const side of before ? [rc.change.before, rc.change.after] : [rc.change.after, rc.change.before]) {
    const v = record(side);
    for (const key of ['name', 'bucket', 'name_prefix']) if (typeof v[key] === 'string' && v[key] !== '') return v[key] as string;
  }
  return undefined;
}

function accountOf(plan: ReviewPlanJson): string | undefined {
  for (const p of Object.values(plan.configuration?.provider_config ?? {})) {
    const ids = p.expressions?.allowed_account_ids?.constant_value;
    if (Array.isArray(ids) && typeof ids[0] === 'string') return ids[0];
  }
  return undefined;
}

/** The configured Session content of a revision or updater invocation, before or after. */
function sessionContent(rc: PlanResourceChange, side: 'before' | 'after'): Record<string, unknown> | undefined {
  const v = record(rc.change[side]);
  if (rc.type === 'terraform_data') return documentContent(record(v.input).content);
  if (rc.type === 'aws_lambda_invocation' && typeof v.input === 'string') {
    try {
      const input = JSON.parse(v.input) as { content?: unknown };
      return documentContent(typeof input.content === 'string' ? input.content : JSON.stringify(input.content));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The document resource a revision belongs to: `<scope>_revision_<hash>` sits next to `<scope>_<hash>` or `<scope>_document_<hash>`. */
function documentOf(rc: PlanResourceChange, byConstruct: ReadonlyMap<string, PlanResourceChange>): PlanResourceChange | undefined {
  const scope = (rc.name ?? '').replace(/_revision_[0-9A-F]{8}$/, '');
  return byConstruct.get(`${scope}_document`) ?? byConstruct.get(scope);
}

function documentNameOf(rc: PlanResourceChange, byConstruct: ReadonlyMap<string, PlanResourceChange>): string {
  if (rc.type === 'aws_lambda_invocation') {
    try {
      const input = JSON.parse(String(record(rc.change.after ?? rc.change.before).input)) as { documentName?: unknown };
      if (typeof input.documentName === 'string') return input.documentName;
    } catch {
      // fall through to the construct name
    }
  }
  const doc = documentOf(rc, byConstruct);
  return (doc && awsName(doc)) ?? constructName((rc.name ?? '').replace(/_revision_[0-9A-F]{8}$/, ''));
}

/** What happens to the document: the document resource's own action (a new revision updates it), else the revision's. */
function documentAction(rc: PlanResourceChange, action: ReviewAction, byConstruct: ReadonlyMap<string, PlanResourceChange>): ReviewAction {
  const doc = rc.type === 'terraform_data' ? documentOf(rc, byConstruct) : undefined;
  const own = doc ? changeAction(doc.change.actions, false) : undefined;
  if (own !== undefined) return own;
  return action === 'replace' ? 'update' : action;
}

/** The review units of one stack's plan, in Region order, account-wide last. Empty when the plan changes nothing. */
export function reviewPlan(stack: string, plan: ReviewPlanJson): ReviewUnit[] {
  const account = accountOf(plan);
  const changes = (plan.resource_changes ?? []).filter((rc) => rc.mode === undefined || rc.mode === 'managed');
  const byConstruct = new Map(changes.map((rc) => [(rc.name ?? '').replace(/_[0-9A-F]{8}$/, ''), rc]));
  const units = new Map<string, { alerts: Alert[]; documents: DocumentReview[]; policies: PolicyReview[]; resources: ResourceReview[] }>();
  const unitOf = (region: string | undefined) => {
    const key = region ?? '';
    if (!units.has(key)) units.set(key, { alerts: [], documents: [], policies: [], resources: [] });
    return units.get(key)!;
  };
  for (const rc of changes) {
    const importing = rc.change.importing !== undefined && rc.change.importing !== null;
    const action = changeAction(rc.change.actions, importing);
    if (action === undefined) continue;
    const unit = unitOf(regionOf(rc.name ?? rc.address.split('.').pop() ?? ''));
    const resource = `${rc.type} ${constructName(rc.name ?? rc.address)}`;
    const name = awsName(rc);
    if ((action === 'delete' || action === 'replace' || action === 'forget') && !ROUTINE_REPLACE.has(rc.type)) {
      const loses =
        action === 'forget'
          ? 'nothing deleted: removed from Terraform state and kept in AWS, no longer managed'
          : (LOSES[rc.type] ?? 'the resource') + (action === 'replace' ? ' (destroyed, then created anew)' : '');
      const lost = awsName(rc, true);
      unit.alerts.push({ action, resource, ...(lost ? { name: lost } : {}), loses });
    }
    if (rc.type === 'terraform_data' || rc.type === 'aws_lambda_invocation') {
      const gone = action === 'delete' || action === 'forget';
      const before = action === 'create' || gone ? undefined : sessionContent(rc, 'before');
      const after = gone ? undefined : sessionContent(rc, 'after');
      if (gone && sessionContent(rc, 'before') !== undefined) {
        unit.documents.push({ name: documentNameOf(rc, byConstruct), action: documentAction(rc, action, byConstruct), inputs: [] });
        continue;
      }
      if (before !== undefined || after !== undefined) {
        unit.documents.push({ name: documentNameOf(rc, byConstruct), action: documentAction(rc, action, byConstruct), inputs: diffInputs(before, after) });
        continue;
      }
    }
    if (rc.type === 'aws_ssm_document') {
      // The content holds the revision ID (known after apply); the preferences are shown from the revision.
      const attributes = attributeChanges(
        rc,
        new Set(['content', 'latest_version', 'default_version', 'document_version', 'hash', 'created_date', 'status', 'description', 'parameter']),
      );
      // A destroy, replacement or forget is an alert; a creation shows as its revision's preferences.
      if (attributes.length > 0) unit.resources.push({ resource, action, attributes });
      continue;
    }
    const policyAttributes = POLICY_ATTRIBUTES[rc.type] ?? [];
    const skip = new Set<string>();
    for (const [attribute, kind] of policyAttributes) {
      const before = action === 'create' ? [] : parsePolicy(record(rc.change.before)[attribute]);
      const after = action === 'delete' || action === 'forget' ? [] : parsePolicy(record(rc.change.after)[attribute]);
      if (before === undefined || after === undefined) continue;
      skip.add(attribute);
      const statements = diffStatements(before, after);
      if (statements.length > 0) unit.policies.push({ kind, resource, ...(name ? { name } : {}), action, statements });
    }
    const attributes = action === 'update' || action === 'replace' ? attributeChanges(rc, skip) : [];
    const shownAsPolicy = skip.size > 0 && unit.policies.some((p) => p.resource === resource);
    if (action === 'update' ? attributes.length > 0 : !shownAsPolicy || attributes.length > 0) unit.resources.push({ resource, action, attributes });
  }
  const regionKeys = [...units.keys()].filter((k) => k !== '').sort();
  if (units.has('')) regionKeys.push('');
  return regionKeys.map((key) => ({
    stack,
    ...(account ? { account } : {}),
    ...(key === '' ? {} : { region: key }),
    ...units.get(key)!,
  }));
}
