/**
 * The canonical form of an IAM policy value, shared by the review's statement diff and drift's
 * policy comparison. A module of its own: json-equal.ts is bundled into the updater Lambda, whose
 * bundle must not change for code it never runs.
 */

/**
 * A JSON value as IAM reads a policy: object keys sorted, a list of strings sorted without
 * repeats, and a list of one item taken as that item (`"a"` and `["a"]` are the same).
 */
export function canonicalJson(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonicalJson);
    const list = items.every((i) => typeof i === 'string') ? [...new Set(items as string[])].sort() : items;
    return list.length === 1 ? list[0] : list;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonicalJson((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
