/** Reading synthesized Terraform arguments: references, strings, blocks and JSON. */

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

/** The object a JSON text holds, or undefined for anything else. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
