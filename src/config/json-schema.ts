/**
 * The JSON Schema (draft 2020-12) of the configuration file, config/schema.json: generated from the
 * zod schema, for editor autocompletion, with the defaults (defaults.ts), enums and examples of
 * schema-annotations.ts added to each property. Pure; `npm run docs` (scripts/generate-docs.ts)
 * writes it, and a unit test fails when the committed file is out of date.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { configSchema } from './schema';
import { ANNOTATIONS, INHERITED, type Annotation } from './schema-annotations';

/** Where the generated schema is committed. */
export const SCHEMA_PATH = join(__dirname, '..', '..', 'config', 'schema.json');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SchemaNode = Record<string, any>;
type Node = SchemaNode;

/** Visits every property node of a JSON Schema with its path (see schema-annotations.ts). */
export function eachProperty(node: Node, visit: (path: string, property: Node) => void, path = ''): void {
  if (node === null || typeof node !== 'object') return;
  for (const [key, child] of Object.entries<Node>(node.properties ?? {})) {
    const at = path === '' ? key : `${path}.${key}`;
    visit(at, child);
    eachProperty(child, visit, at);
  }
  if (node.items && typeof node.items === 'object') {
    visit(`${path}[]`, node.items);
    eachProperty(node.items, visit, `${path}[]`);
  }
  if (node.additionalProperties && typeof node.additionalProperties === 'object') eachProperty(node.additionalProperties, visit, `${path}{}`);
  for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? [])]) eachProperty(branch, visit, path);
}

/** An inherited property shows the base default as an example, not as its own default. */
function inherited(base: Annotation): Annotation {
  const examples = base.examples ?? (base.default !== undefined ? [base.default] : undefined);
  return { ...(base.enum ? { enum: base.enum } : {}), ...(examples ? { examples } : {}) };
}

/** The annotation of `path`: its own, its list's example items, or the base's for an inherited path. */
export function annotationOf(path: string): Annotation | undefined {
  if (ANNOTATIONS[path]) return ANNOTATIONS[path];
  // List items: the items of the list's examples.
  const list = path.endsWith('[]') ? annotationOf(path.slice(0, -2)) : undefined;
  if (list?.examples) {
    const items = list.examples.flatMap((e) => (Array.isArray(e) ? e : []));
    if (items.length > 0 && items.every((i) => typeof i !== 'object')) return { examples: [...new Set(items)] };
  }
  for (const { prefix, base } of INHERITED) {
    if (!path.startsWith(prefix)) continue;
    const from = annotationOf(`${base}${path.slice(prefix.length)}`);
    return from === undefined ? undefined : inherited(from);
  }
  return undefined;
}

/** Adds default/enum/examples to the schema's properties; returns the paths annotated. */
export function annotate(schema: Node): string[] {
  const done: string[] = [];
  eachProperty(schema, (path, property) => {
    const a = annotationOf(path);
    if (a === undefined) return;
    // A discriminated union repeats `type` per branch: each branch keeps its own const.
    if (path === 'backend.type') return;
    if (a.default !== undefined) property.default = a.default;
    if (a.enum !== undefined && property.enum === undefined) property.enum = [...a.enum];
    if (a.examples !== undefined) property.examples = [...a.examples];
    done.push(path);
  });
  return done;
}

/** The JSON Schema text of the configuration file. */
export function configJsonSchema(): string {
  const schema: Node = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' });
  annotate(schema);
  return `${JSON.stringify({ ...schema, title: 'Session Manager preferences configuration' }, null, 2)}\n`;
}
