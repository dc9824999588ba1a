/** IAM-style policy documents: literal JSON, or `data.aws_iam_policy_document` of the same stack. */
import type { StackView } from '../rule';
import { blocks, parseJsonObject, strings } from './values';

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
    ...(principalBlocks.length > 0 ? { principals: principalBlocks.map((p) => ({ type: String(p.type ?? ''), identifiers: strings(p.identifiers) })) } : {}),
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
