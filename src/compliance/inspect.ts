/**
 * Helpers rules share to read synthesized Terraform arguments: references, Session document
 * content, and IAM-style policy documents (literal JSON, or `data.aws_iam_policy_document` of the
 * same stack).
 */
import { parse as parseYaml } from 'yaml';
import type { ElementView, StackView } from './rule';
import { inputDocument } from '../model/updater-contract';

/** True for a string holding a Terraform expression (`${…}`, not the escaped literal `$${`). */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.replace(/\$\$\{/g, '').includes('${');
}

/** A non-empty string (a reference counts: it names something that will exist). */
export function isSetString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** True when `value` (a string, or strings nested in arrays/objects) references the element at `address`. */
export function refersTo(value: unknown, address: string): boolean {
  if (typeof value === 'string') return value.includes(`\${${address}.`) || value.includes(`\${${address}}`);
  if (Array.isArray(value)) return value.some((v) => refersTo(v, address));
  if (value !== null && typeof value === 'object') return Object.values(value).some((v) => refersTo(v, address));
  return false;
}

/** Terraform blocks are written as an object or a list of objects; always a list here. */
export function blocks(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object');
  if (value !== null && typeof value === 'object') return [value as Record<string, unknown>];
  return [];
}

/** Strings of a one-or-many value. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Session documents

/** Content of a Session document an element writes, when it writes one. */
export type SessionDocumentRead =
  | { readonly kind: 'none' }
  /** The content cannot be read at synth (a reference, a function call, bad JSON/YAML). */
  | { readonly kind: 'unreadable'; readonly reason: string }
  | { readonly kind: 'document'; readonly content: Record<string, unknown> };

function readContent(text: unknown, format: unknown): SessionDocumentRead {
  if (typeof text !== 'string') return { kind: 'unreadable', reason: 'content is not a string' };
  if (format === 'YAML') {
    try {
      const parsed: unknown = parseYaml(text);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return { kind: 'document', content: parsed as Record<string, unknown> };
    } catch {
      // fall through
    }
    return { kind: 'unreadable', reason: 'content is not a YAML object known at synth' };
  }
  const parsed = parseJsonObject(text);
  return parsed ? { kind: 'document', content: parsed } : { kind: 'unreadable', reason: 'content is not a JSON object known at synth (a reference or function call cannot be checked)' };
}

/**
 * The Session document an element writes: `aws_ssm_document` with document_type Session, or the
 * preferences updater's `aws_lambda_invocation` whose input carries a Session document.
 */
export function sessionDocumentOf(element: ElementView): SessionDocumentRead {
  let read = sessionDocuments.get(element);
  if (read === undefined) {
    read = readSessionDocument(element);
    sessionDocuments.set(element, read);
  }
  return read;
}

const sessionDocuments = new WeakMap<ElementView, SessionDocumentRead>();

function readSessionDocument(element: ElementView): SessionDocumentRead {
  if (element.kind !== 'resource') return { kind: 'none' };
  const c = element.config;
  if (element.type === 'aws_ssm_document') {
    if (c.document_type !== 'Session') return { kind: 'none' };
    return readContent(c.content, c.document_format ?? 'JSON');
  }
  if (element.type === 'aws_lambda_invocation' && typeof c.input === 'string') {
    const input = parseJsonObject(c.input);
    const carried = input ? inputDocument(input) : undefined;
    if (carried === undefined) return { kind: 'none' };
    const { content } = carried;
    if (typeof content === 'string') return readContent(content, carried.format);
    if (content !== null && typeof content === 'object' && !Array.isArray(content)) return { kind: 'document', content: content as Record<string, unknown> };
    return { kind: 'unreadable', reason: 'input.content is not a Session document' };
  }
  return { kind: 'none' };
}

/**
 * Whether a Session document holds Session Manager preferences (sessionType Standard_Stream).
 * Unreadable documents count: what cannot be read cannot be shown to comply.
 */
export function isPreferencesDocument(read: SessionDocumentRead): boolean {
  return read.kind === 'unreadable' || (read.kind === 'document' && read.content.sessionType === 'Standard_Stream');
}

/** The `inputs` object of a preferences document ({} when absent or not an object). */
export function inputsOf(content: Record<string, unknown>): Record<string, unknown> {
  const inputs = content.inputs;
  return inputs !== null && typeof inputs === 'object' && !Array.isArray(inputs) ? (inputs as Record<string, unknown>) : {};
}

// ---------------------------------------------------------------------------------------------
// Policy documents

/** A principal of a statement; `*` is "anyone". */
export interface PolicyPrincipal {
  readonly type: string;
  readonly identifiers: readonly string[];
}

/** One statement, normalized from JSON or from an aws_iam_policy_document statement block. */
export interface PolicyStatement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  /** Absent when the statement names no Resource (trust policies). */
  readonly resources?: readonly string[];
  readonly notResources: readonly string[];
  /** `'*'` for `"Principal": "*"`; absent in identity policies. */
  readonly principals?: '*' | readonly PolicyPrincipal[];
  /** Condition operator → key → values. */
  readonly condition: Readonly<Record<string, Readonly<Record<string, readonly unknown[]>>>>;
}

export type PolicyRead = { readonly ok: true; readonly statements: readonly PolicyStatement[] } | { readonly ok: false; readonly reason: string };

function fromJsonStatement(s: Record<string, unknown>): PolicyStatement {
  const principal = s.Principal;
  let principals: PolicyStatement['principals'];
  if (principal === '*') principals = '*';
  else if (principal !== null && typeof principal === 'object') {
    principals = Object.entries(principal as Record<string, unknown>).map(([type, ids]) => ({ type, identifiers: strings(ids) }));
  }
  const condition: Record<string, Record<string, unknown[]>> = {};
  if (s.Condition !== null && typeof s.Condition === 'object') {
    for (const [op, keys] of Object.entries(s.Condition as Record<string, unknown>)) {
      if (keys === null || typeof keys !== 'object') continue;
      condition[op] = Object.fromEntries(Object.entries(keys as Record<string, unknown>).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
    }
  }
  return {
    ...(typeof s.Sid === 'string' ? { sid: s.Sid } : {}),
    effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
    actions: strings(s.Action),
    notActions: strings(s.NotAction),
    ...(s.Resource !== undefined ? { resources: strings(s.Resource) } : {}),
    notResources: strings(s.NotResource),
    ...(principals !== undefined ? { principals } : {}),
    condition,
  };
}

function fromDataStatement(s: Record<string, unknown>): PolicyStatement {
  const principalBlocks = blocks(s.principals);
  const condition: Record<string, Record<string, unknown[]>> = {};
  for (const c of blocks(s.condition)) {
    const test = String(c.test ?? '');
    condition[test] = { ...(condition[test] ?? {}), [String(c.variable ?? '')]: Array.isArray(c.values) ? c.values : [c.values] };
  }
  return {
    ...(typeof s.sid === 'string' ? { sid: s.sid } : {}),
    effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
    actions: strings(s.actions),
    notActions: strings(s.not_actions),
    ...(s.resources !== undefined ? { resources: strings(s.resources) } : {}),
    notResources: strings(s.not_resources),
    ...(principalBlocks.length > 0
      ? { principals: principalBlocks.map((p) => ({ type: String(p.type ?? ''), identifiers: strings(p.identifiers) })) }
      : {}),
    condition,
  };
}

const POLICY_DOCUMENT_REF = /^\$\{(data\.aws_iam_policy_document\.[^.}]+)\.(json|minified_json)\}$/;

/**
 * Reads a policy argument: literal JSON (references inside strings are fine), or exactly a
 * reference to the JSON of an `aws_iam_policy_document` data source in the same stack.
 */
export function readPolicy(value: unknown, stack: StackView, depth = 0): PolicyRead {
  if (value === undefined || value === null || value === '') return { ok: true, statements: [] };
  if (typeof value !== 'string') return { ok: false, reason: 'the policy is not a string' };
  const ref = POLICY_DOCUMENT_REF.exec(value.trim());
  if (ref) {
    const doc = stack.byAddress.get(ref[1]);
    if (!doc || depth > 5) return { ok: false, reason: `the policy refers to ${ref[1]}, which is not in this stack` };
    const statements: PolicyStatement[] = [];
    for (const source of [...strings(doc.config.source_policy_documents), ...strings(doc.config.override_policy_documents)]) {
      const read = readPolicy(source, stack, depth + 1);
      if (!read.ok) return read;
      statements.push(...read.statements);
    }
    statements.push(...blocks(doc.config.statement).map(fromDataStatement));
    return { ok: true, statements };
  }
  const parsed = parseJsonObject(value);
  if (!parsed) return { ok: false, reason: 'the policy is not JSON known at synth (a reference or function call cannot be checked)' };
  const statement = parsed.Statement;
  const list = Array.isArray(statement) ? statement : statement !== undefined ? [statement] : [];
  return { ok: true, statements: blocks(list).map(fromJsonStatement) };
}

/** True when a principal list lets anyone in (`*`, or an AWS principal `*`). */
export function allowsAnyone(principals: PolicyStatement['principals']): boolean {
  if (principals === undefined) return false;
  if (principals === '*') return true;
  return principals.some((p) => (p.type === 'AWS' || p.type === '*') && p.identifiers.includes('*'));
}

/** True when a statement has at least one condition key. */
export function hasCondition(statement: PolicyStatement): boolean {
  return Object.values(statement.condition).some((keys) => Object.keys(keys).length > 0);
}

/** How a statement is named in messages. */
export function statementName(statement: PolicyStatement, index: number): string {
  return statement.sid ? `statement ${statement.sid}` : `statement ${index + 1}`;
}

// ---------------------------------------------------------------------------------------------
// S3 buckets

/**
 * Resources of `type` in the bucket's stack that configure it: their `bucket` argument refers to
 * the bucket resource or names it literally.
 */
export function bucketCompanions(bucket: ElementView, stack: StackView, type: string): ElementView[] {
  const name = bucket.config.bucket;
  return stack.elements.filter(
    (e) =>
      e.kind === 'resource' &&
      e.type === type &&
      (refersTo(e.config.bucket, bucket.address) || (isSetString(name) && !isExpression(name) && e.config.bucket === name)),
  );
}

// ---------------------------------------------------------------------------------------------
// IAM

/** One IAM policy document a resource carries, by argument. */
export interface IamPolicyArgument {
  /** Argument path, such as `policy` or `inline_policy[0].policy`. */
  readonly argument: string;
  readonly value: unknown;
  /** A trust (assume-role) policy: statements name principals, not resources. */
  readonly trust: boolean;
}

/** Resource types whose `policy` argument is an identity policy. */
const IDENTITY_POLICY_TYPES = new Set(['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy']);

/** True for resources that carry IAM policy documents (identity or trust). */
export function carriesIamPolicies(element: ElementView): boolean {
  return (
    element.kind === 'resource' &&
    (IDENTITY_POLICY_TYPES.has(element.type) || element.type === 'aws_iam_role' || element.type === 'aws_ssoadmin_permission_set_inline_policy')
  );
}

/** The IAM policy documents of a resource (identity policies, inline role policies, trust policy). */
export function iamPolicyArguments(element: ElementView): IamPolicyArgument[] {
  const c = element.config;
  if (IDENTITY_POLICY_TYPES.has(element.type)) return [{ argument: 'policy', value: c.policy, trust: false }];
  if (element.type === 'aws_ssoadmin_permission_set_inline_policy') return [{ argument: 'inline_policy', value: c.inline_policy, trust: false }];
  if (element.type === 'aws_iam_role') {
    return [
      { argument: 'assume_role_policy', value: c.assume_role_policy, trust: true },
      ...blocks(c.inline_policy).map((p, i) => ({ argument: `inline_policy[${i}].policy`, value: p.policy, trust: false })),
    ];
  }
  return [];
}
