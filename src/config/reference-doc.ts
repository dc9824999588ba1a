/**
 * The text of docs/configuration-reference.md: every field of the configuration file with its
 * type, default, allowed values and description, read from the same JSON Schema as
 * config/schema.json (json-schema.ts: the zod schema's descriptions, defaults.ts, the annotations).
 * Pure; `npm run docs` writes it, and a unit test fails when the committed file is out of date.
 */
import { join } from 'node:path';
import { configJsonSchema, type SchemaNode } from './json-schema';

/** Where the generated document is committed. */
export const REFERENCE_DOC_PATH = join(__dirname, '..', '..', 'docs', 'configuration-reference.md');

/** Enums longer than this are printed once, under "Value lists", and linked to. */
const LONG_ENUM = 12;

/** One row of the reference. */
interface Row {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly default?: unknown;
  readonly allowed: string[];
  readonly description: string;
}

/** A long enum printed once: its title (the first path using it) and values. */
interface ValueList {
  readonly title: string;
  readonly values: readonly unknown[];
}

const code = (value: unknown): string => `\`${typeof value === 'string' && value !== '' ? value : JSON.stringify(value)}\``;

/** Markdown table cells hold one line without unescaped pipes. */
const cell = (text: string): string => text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');

/** GitHub's heading anchor: lowercase, punctuation other than - and _ removed, spaces as -. */
const anchor = (heading: string): string =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

const isObject = (n: SchemaNode | undefined): n is SchemaNode => n !== null && typeof n === 'object' && !Array.isArray(n);

class Reference {
  readonly rows: Row[] = [];
  readonly lists: ValueList[] = [];
  /** Subtrees already printed in full, by their shape, so repeated ones are referred to. */
  private readonly printed = new Map<string, string>();

  /** "one of …" for an enum, inline or as a link to a value list. */
  private enumText(values: readonly unknown[], path: string): string {
    if (values.length <= LONG_ENUM) return `one of ${values.map(code).join(', ')}`;
    const key = JSON.stringify(values);
    let list = this.lists.find((l) => JSON.stringify(l.values) === key);
    if (list === undefined) {
      list = { title: `Values of ${path}`, values };
      this.lists.push(list);
    }
    return `one of [${values.length} values](#${anchor(list.title)})`;
  }

  /** Constraints of a scalar node (enum, const, pattern, bounds). */
  private constraints(node: SchemaNode, path: string): string[] {
    const out: string[] = [];
    if (Array.isArray(node.enum)) out.push(this.enumText(node.enum, path));
    if (node.const !== undefined) out.push(`exactly ${code(node.const)}`);
    if (node.minimum !== undefined && node.maximum !== undefined) out.push(`${node.minimum} to ${node.maximum}`);
    else if (node.minimum !== undefined) out.push(`at least ${node.minimum}`);
    else if (node.maximum !== undefined) out.push(`at most ${node.maximum}`);
    if (node.type === 'integer') out.push('whole number');
    if (node.minLength !== undefined && node.maxLength !== undefined) out.push(`${node.minLength} to ${node.maxLength} characters`);
    else if (node.minLength !== undefined) out.push(`at least ${node.minLength} character${node.minLength === 1 ? '' : 's'}`);
    else if (node.maxLength !== undefined) out.push(`at most ${node.maxLength} characters`);
    if (typeof node.pattern === 'string') out.push(`pattern ${code(node.pattern)}`);
    if (node.minItems !== undefined) out.push(`at least ${node.minItems} item${node.minItems === 1 ? '' : 's'}`);
    if (node.maxItems !== undefined) out.push(`at most ${node.maxItems} items`);
    return out;
  }

  /** Type of a node: scalar types as in JSON Schema, `list of …`, `map of … to …`. */
  private typeOf(node: SchemaNode): string {
    if (Array.isArray(node.anyOf)) return [...new Set(node.anyOf.map((b: SchemaNode) => this.typeOf(b)))].join(' or ');
    if (node.type === 'array') return `list of ${isObject(node.items) ? this.typeOf(node.items) : 'any'}`;
    if (node.type === 'object' && isObject(node.additionalProperties))
      return `map of ${this.typeOf(node.propertyNames ?? { type: 'string' })} to ${this.typeOf(node.additionalProperties)}`;
    if (node.type === 'integer') return 'number';
    return typeof node.type === 'string' ? node.type : 'any';
  }

  /** Whether a node has fields of its own (printed as rows below it). */
  private static hasFields(node: SchemaNode): boolean {
    if (Array.isArray(node.anyOf)) return node.anyOf.some((b: SchemaNode) => Reference.hasFields(b));
    if (node.type === 'array') return isObject(node.items) && Reference.hasFields(node.items);
    if (node.type === 'object' && isObject(node.additionalProperties)) return Reference.hasFields(node.additionalProperties);
    return isObject(node.properties) && Object.keys(node.properties).length > 0;
  }

  /** Allowed values of a node, items and map keys and values included when they are scalars. */
  private allowed(node: SchemaNode, path: string): string[] {
    const out = this.constraints(node, path);
    if (node.type === 'array' && isObject(node.items) && !Reference.hasFields(node.items)) {
      const each = this.constraints(node.items, path);
      if (each.length > 0) out.push(`each item: ${each.join(', ')}`);
    }
    if (node.type === 'object' && isObject(node.additionalProperties)) {
      if (isObject(node.propertyNames)) {
        const keys = this.constraints(node.propertyNames, path);
        if (keys.length > 0) out.push(`keys: ${keys.join(', ')}`);
      }
      if (!Reference.hasFields(node.additionalProperties)) {
        const values = this.constraints(node.additionalProperties, `${path} values`);
        if (values.length > 0) out.push(`values: ${values.join(', ')}`);
      }
    }
    return out;
  }

  /** Adds the row of `node` at `path`, then the rows of its fields. */
  field(node: SchemaNode, path: string, required: boolean, note = ''): void {
    const shape = Reference.hasFields(node) ? JSON.stringify({ ...node, description: undefined, default: undefined, examples: undefined }) : undefined;
    const same = shape === undefined ? undefined : this.printed.get(shape);
    const example = Array.isArray(node.examples) && node.default === undefined ? node.examples[0] : undefined;
    const exampleText = example !== undefined && JSON.stringify(example).length <= 80 ? ` Example: ${code(example)}.` : '';
    const description = [node.description ?? '', note, same ? `Same fields as \`${same}\`.` : ''].filter((t) => t !== '').join(' ');
    this.rows.push({ path, type: this.typeOf(node), required, default: node.default, allowed: this.allowed(node, path), description: `${description}${exampleText}`.trim() });
    if (same !== undefined) return;
    if (shape !== undefined) this.printed.set(shape, path);
    this.children(node, path);
  }

  /** Rows of the fields below `node` (object properties, list items, map values, union branches). */
  children(node: SchemaNode, path: string): void {
    if (Array.isArray(node.anyOf)) return this.union(node.anyOf, path);
    const prefix = path === '' ? '' : `${path}.`;
    const required = new Set<string>(Array.isArray(node.required) ? node.required : []);
    for (const [key, child] of Object.entries<SchemaNode>(node.properties ?? {})) this.field(child, `${prefix}${key}`, required.has(key));
    if (node.type === 'array' && isObject(node.items) && Reference.hasFields(node.items)) this.children(node.items, `${path}[]`);
    if (node.type === 'object' && isObject(node.additionalProperties) && Reference.hasFields(node.additionalProperties)) this.children(node.additionalProperties, `${path}{}`);
  }

  /** A union of objects told apart by one constant field (`backend.type`): each field once, with the branches it belongs to. */
  private union(branches: readonly SchemaNode[], path: string): void {
    const props = (b: SchemaNode): Record<string, SchemaNode> => b.properties ?? {};
    const discriminator = Object.keys(props(branches[0])).find((k) => branches.every((b) => props(b)[k]?.const !== undefined));
    const keys = [...new Set(branches.flatMap((b) => Object.keys(props(b))))];
    for (const key of keys) {
      const having = branches.filter((b) => props(b)[key] !== undefined);
      const at = path === '' ? key : `${path}.${key}`;
      const required = having.length === branches.length && having.every((b) => (b.required ?? []).includes(key));
      if (key === discriminator) {
        const { const: _const, description: _description, ...rest } = props(having[0])[key];
        const description = having
          .map((b) => props(b)[key].description)
          .filter((d) => d !== undefined)
          .join(' ');
        this.field({ ...rest, enum: having.map((b) => props(b)[key].const), ...(description ? { description } : {}) }, at, required);
        continue;
      }
      const only =
        discriminator !== undefined && having.length < branches.length
          ? `Only with ${having.map((b) => `\`${discriminator}: ${props(b)[discriminator].const}\``).join(' or ')}.`
          : '';
      this.field(props(having[0])[key], at, required, only);
    }
  }
}

/** Rows of one section: a top-level field and everything below it. */
interface Section {
  readonly title: string;
  readonly rows: readonly Row[];
}

function table(rows: readonly Row[]): string[] {
  return [
    '| Field | Type | Default | Allowed values | Description |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) =>
      [
        '',
        ` \`${r.path}\` `,
        ` ${cell(r.type)}${r.required ? ', required' : ''} `,
        ` ${r.default === undefined ? '' : cell(code(r.default))} `,
        ` ${cell(r.allowed.join('; '))} `,
        ` ${cell(r.description)} `,
        '',
      ].join('|'),
    ),
  ];
}

/** The Markdown text of docs/configuration-reference.md. */
export function referenceDocument(): string {
  const schema: SchemaNode = JSON.parse(configJsonSchema());
  const reference = new Reference();
  reference.children(schema, '');
  // Sections: "Top level" for top-level fields without fields of their own, one per other top-level field.
  const sections: Section[] = [];
  const topLevel: Row[] = [];
  const byTop = new Map<string, Row[]>();
  for (const row of reference.rows) {
    const top = row.path.split(/[.[{]/)[0];
    if (!byTop.has(top)) byTop.set(top, []);
    byTop.get(top)!.push(row);
  }
  for (const [top, rows] of byTop) {
    if (rows.length === 1) topLevel.push(rows[0]);
    else sections.push({ title: top, rows });
  }
  const lines = [
    '# Configuration reference',
    '',
    '<!-- Generated by `npm run docs` from the zod schema (src/config/schema*.ts), its defaults (src/config/defaults.ts) and annotations (src/config/schema-annotations.ts); do not edit. -->',
    '',
    'Every field of the configuration file (`config/example.yaml` is an example), as the schema that',
    'validates it describes it. `config/schema.json` is the same schema as JSON Schema, for editors. The',
    "guide is [configuration.md](configuration.md); the checks beyond each field's own format (names, ARNs,",
    'collisions) are in [configuration-rules.md](configuration-rules.md).',
    '',
    'Paths: `a.b` is field `b` of object `a`, `a[]` an item of list `a`, `a{}` a value of map `a`. A field',
    'is optional unless its type says *required*. A default is what applies when the field is left out;',
    "fields without one are unset (the field's description says what that means). Overrides",
    '(`customDocuments`, `regionOverrides`, `accountGroups`) have no defaults of their own: what they leave',
    'out is inherited.',
    '',
    '## Contents',
    '',
    '- [Top level](#top-level)',
    ...sections.map((s) => `- [${s.title}](#${anchor(s.title)})`),
    ...(reference.lists.length > 0 ? ['- [Value lists](#value-lists)'] : []),
    '',
    '## Top level',
    '',
    ...table(topLevel),
    '',
  ];
  for (const section of sections) lines.push(`## ${section.title}`, '', ...table(section.rows), '');
  if (reference.lists.length > 0) {
    lines.push('## Value lists', '');
    for (const list of reference.lists) lines.push(`### ${list.title}`, '', list.values.map(code).join(', '), '');
  }
  return lines.join('\n');
}
