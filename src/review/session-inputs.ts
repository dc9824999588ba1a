/**
 * The Session preferences a plan changes, read from what Terraform knows before apply: the
 * document's content carries a revision ID (known after apply), so the configured content is read
 * from the revision's `terraform_data` input, or in lambda mode from the updater invocation's
 * input. Pure.
 */

/** One preference of a Session document, before and after (undefined: absent). */
export interface InputChange {
  /** Dotted path under the document, e.g. `idleSessionTimeout`, `shellProfile.linux`, `description`. */
  readonly name: string;
  readonly before?: string;
  readonly after?: string;
}

/** A Session document's content as JSON text (the revision's input or the invocation's content), or undefined. */
export function documentContent(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const doc = JSON.parse(text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{')) as unknown;
    return doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Flattens a document to `path -> JSON value text`: every input, and the top-level fields other than inputs. */
export function flattenDocument(doc: Record<string, unknown> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: unknown, path: string) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
      for (const [k, v] of Object.entries(value)) walk(v, path === '' ? k : `${path}.${k}`);
    } else if (path !== '') {
      out.set(path, JSON.stringify(value));
    }
  };
  if (doc === undefined) return out;
  const { inputs, ...rest } = doc;
  walk(inputs, '');
  walk(rest, '');
  return out;
}

/** Every preference whose value differs between two contents (a new document: every preference, with no before). */
export function diffInputs(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): InputChange[] {
  const old = flattenDocument(before);
  const now = flattenDocument(after);
  const names = [...new Set([...now.keys(), ...old.keys()])];
  return names
    .filter((n) => old.get(n) !== now.get(n))
    .map((name) => ({ name, ...(old.has(name) ? { before: old.get(name) } : {}), ...(now.has(name) ? { after: now.get(name) } : {}) }));
}
