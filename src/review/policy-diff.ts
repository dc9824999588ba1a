/**
 * Statement-level difference of two IAM-style policy documents (IAM policies, key policies, bucket
 * policies, trust policies): statements added, removed and changed, matched by Sid (a statement
 * without Sid is matched by its content). Pure.
 */
import { canonicalJson } from '../model/policy-canonical';

/** One statement as written in the policy JSON. */
export type Statement = Readonly<Record<string, unknown>>;

/** What happened to one statement. */
export interface StatementChange {
  readonly change: 'added' | 'removed' | 'changed';
  /** The Sid, or `#<n>` (1-based position) for a statement without one. */
  readonly sid: string;
  /** Effect, Action, Resource, Condition, ... lines: the whole statement when added or removed, the changed fields when changed. */
  readonly fields: readonly FieldChange[];
}

/** One field of a statement: its value before and after (undefined when absent). */
export interface FieldChange {
  readonly name: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Parses a policy document from its JSON text; undefined when it is not a policy. */
export function parsePolicy(text: unknown): Statement[] | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const doc = JSON.parse(text) as { Statement?: unknown };
    if (doc === null || typeof doc !== 'object' || doc.Statement === undefined) return undefined;
    const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    return list.filter((s): s is Statement => s !== null && typeof s === 'object');
  } catch {
    return undefined;
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(canonicalJson(a)) === JSON.stringify(canonicalJson(b));

/** Field order of a rendered statement: the ones a reviewer reads first. */
const FIELD_ORDER = ['Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

function fieldNames(...statements: (Statement | undefined)[]): string[] {
  const names = new Set<string>();
  for (const s of statements) for (const k of Object.keys(s ?? {})) if (k !== 'Sid') names.add(k);
  const rank = (n: string) => (FIELD_ORDER.includes(n) ? FIELD_ORDER.indexOf(n) : FIELD_ORDER.length);
  return [...names].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
}

function keyed(statements: readonly Statement[]): Map<string, Statement> {
  const map = new Map<string, Statement>();
  statements.forEach((s, i) => {
    const sid = typeof s.Sid === 'string' && s.Sid !== '' ? s.Sid : undefined;
    map.set(sid ?? `#${i + 1} ${JSON.stringify(canonicalJson(s))}`, s);
  });
  return map;
}

const label = (key: string) => (key.startsWith('#') ? key.slice(0, key.indexOf(' ')) : key);

/** Statements added, removed and changed from `before` to `after` (either may be empty: a new or deleted policy). */
export function diffStatements(before: readonly Statement[], after: readonly Statement[]): StatementChange[] {
  const old = keyed(before);
  const now = keyed(after);
  const changes: StatementChange[] = [];
  for (const [key, s] of old) {
    if (!now.has(key)) changes.push({ change: 'removed', sid: label(key), fields: fieldNames(s).map((name) => ({ name, before: s[name] })) });
  }
  for (const [key, s] of now) {
    const was = old.get(key);
    if (was === undefined) {
      changes.push({ change: 'added', sid: label(key), fields: fieldNames(s).map((name) => ({ name, after: s[name] })) });
      continue;
    }
    const fields = fieldNames(was, s)
      .filter((name) => !same(was[name], s[name]))
      .map((name) => ({ name, before: was[name], after: s[name] }));
    if (fields.length > 0) changes.push({ change: 'changed', sid: label(key), fields });
  }
  return changes;
}
