/** Parameters of a Session document ({{ name }} references, allowedValues, allowedPattern), read from its content. */

/** Ports of unrelated services: SSH, HTTP(S), RDP, databases, caches, container and cluster APIs. */
export const WELL_KNOWN_PORTS = [22, 80, 443, 1433, 2375, 3306, 3389, 5432, 6379, 9200, 10250, 27017] as const;

/** `value` as an object ({} when it is none). */
export function objectOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The parameter a property consists of (`{{ name }}`), if it is one. */
export function referencedParameter(value: string): string | undefined {
  return /^\{\{\s*([A-Za-z0-9_]+)\s*\}\}$/.exec(value.trim())?.[1];
}

/**
 * Which values SSM accepts for a parameter: its allowedValues, or its allowedPattern (a value is
 * accepted when the pattern matches, as SSM checks it); undefined when it has neither, or the
 * pattern does not compile (then nothing can be said about it).
 */
export function parameterRule(parameter: unknown): ((value: string) => boolean) | undefined {
  const p = objectOf(parameter);
  if (Array.isArray(p.allowedValues) && p.allowedValues.length > 0) {
    const values = p.allowedValues.map(String);
    return (value) => values.includes(value);
  }
  if (typeof p.allowedPattern === 'string' && p.allowedPattern !== '') {
    try {
      const pattern = new RegExp(p.allowedPattern);
      return (value) => pattern.test(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
