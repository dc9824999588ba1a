/**
 * Reads a configuration file (YAML or JSON), validates it and returns the model. Every problem is
 * collected and reported at once in a ConfigError; nothing is returned for a bad file.
 *
 * Order: the text (UTF-8, YAML) -> the structural schema (zod) -> defaults and cross-field rules
 * (resolve.ts) -> the whole planned app against AWS's rules (aws-checks.ts). A structural problem
 * does not hide the later checks: the values it concerns are set aside (pruned) and the rest of
 * the file is checked as well, so one round of fixing is enough. Problems are deduplicated and
 * sorted by path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDocument, visit, type YAMLError } from 'yaml';
import { z } from 'zod';
import { configSchema, type ConfigInput } from './schema';
import type { ConfigIssue } from './issues';
import { ConfigError, formatIssue } from './config-error';
import { resolveConfig } from './resolve';
import { checkPlannedApp } from './aws-checks';
import { closest, didYouMean } from './suggest';
import type { Model } from '../model/model';

/** What this module checks of the file itself, in words (docs/configuration-rules.md). */
export const INPUT_CHECKS: readonly string[] = [
  'The file must be UTF-8 (a byte order mark is fine): a UTF-16 file is refused as such, and a file with bytes that are not UTF-8 (Latin-1, for example) is refused with the line of the first one, never read as replacement characters. The same holds for `accountsFile`.',
  'An empty file, or one with only comments, is named as such; the top level must be a mapping, not a list or a single value.',
  'YAML syntax errors and duplicated keys are reported with their line; an alias (`*name`) without an anchor (`&name`) before it is reported with its line.',
  'YAML 1.1 booleans (`yes`, `no`, `on`, `off`) are text in YAML 1.2: where true or false is expected, the problem says which one to write.',
  'YAML merge keys (`<<: *anchor`) are not supported: the problem says to write the fields out.',
  'Unknown fields are refused, naming the closest known field when one is a likely slip (by edit distance, as for values outside a fixed set such as Regions); a Region listed twice is reported where it is written.',
  'A check that depends on another field is skipped while that field has a problem of its own (`runAs.enabled: yes` with a `defaultUser` is one problem, not two).',
];

/** Default configuration, relative to the project root. */
export const DEFAULT_CONFIG_PATH = 'config/example.yaml';
/** Environment variable that selects the configuration file (used by `cdktf synth`). */
export const CONFIG_ENV_VAR = 'SESSION_PREFS_CONFIG';

// Kept in a module of their own, which the command-line frame imports without the loader.
export { ConfigError, formatIssue };

/** Renders a zod path as `accounts[0].regionSettings.eu-west-1`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`), '');
}

/** Sort key of a path: names compare as text, indexes as numbers; the whole file comes first. */
function comparePaths(a: string, b: string): number {
  const tokens = (p: string) => p.split(/(\d+)/).map((t, i) => (i % 2 === 1 ? Number(t) : t));
  const x = tokens(a);
  const y = tokens(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    if (typeof x[i] === 'number' && typeof y[i] === 'number') return (x[i] as number) - (y[i] as number);
    return String(x[i]) < String(y[i]) ? -1 : 1;
  }
  return x.length - y.length;
}

/** Deduplicated (same path and message) and sorted by path. */
export function tidyIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const unique = new Map(issues.map((i) => [`${i.path}\u0000${i.message}`, i]));
  return [...unique.values()].sort((a, b) => comparePaths(a.path, b.path) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Text and YAML
// ---------------------------------------------------------------------------------------------

/** Scalars YAML 1.1 read as booleans; YAML 1.2 (this parser, and JSON) reads them as text. */
const YAML11_BOOLEANS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const YAML11_TRUE = /^(y|Y|yes|Yes|YES|on|On|ON)$/;

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** What to change, for the YAML errors a hand-edited file meets. */
const YAML_FIXES: Partial<Record<YAMLError['code'], string>> = {
  BAD_INDENT: 'indent this line with as many spaces as the other entries of its mapping or list, and close any [ or { on the line where it opens',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  MISSING_CHAR: 'add the missing character named above (a closing quote, ] or })',
  BLOCK_AS_IMPLICIT_KEY:
    'a value cannot hold another "key: value" on its line: quote the value if it contains ": ", or check the indentation of the next line (a line indented more than its neighbours continues this value)',
  MULTILINE_IMPLICIT_KEY: 'write each key and its colon on one line, and indent the lines of a mapping equally',
  DUPLICATE_KEY: 'keep one of the entries with this key (a key may appear only once in a mapping)',
  BAD_SCALAR_START: 'quote the value: a plain value cannot start with this character',
  BAD_DQ_ESCAPE: 'write the backslash twice (\\\\) or use single quotes, in which a backslash is an ordinary character',
  UNEXPECTED_TOKEN: 'check this line and the one above for a missing colon, an unclosed quote or bracket, or a stray character',
  MULTIPLE_DOCS: 'remove the --- line: the file holds one configuration',
};

/** A YAML error as `line N, column C: what`, the line with a caret under the column, and the fix. */
export function formatYamlError(text: string, error: YAMLError): string {
  const offset = Math.min(error.pos[0], text.length);
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', start);
  const line = text.slice(start, end === -1 ? undefined : end).replace(/\r$/, '');
  const number = lineOf(text, offset);
  const column = offset - start + 1;
  const gutter = String(number).length;
  const caret = `${' '.repeat(gutter)} | ${line.slice(0, column - 1).replace(/[^\t]/g, ' ')}^`;
  const fix = YAML_FIXES[error.code];
  // The line before gives context: an unclosed bracket there is often reported on this line.
  const before = start === 0 ? undefined : text.slice(text.lastIndexOf('\n', start - 2) + 1, start - 1).replace(/\r$/, '');
  return [
    `not valid YAML/JSON: line ${number}, column ${column}: ${error.message.replace(/\.$/, '')}`,
    ...(before === undefined ? [] : [`    ${String(number - 1).padStart(gutter)} | ${before}`]),
    `    ${number} | ${line}`,
    `    ${caret}`,
    ...(fix === undefined ? [] : [`    fix: ${fix}`]),
  ].join('\n');
}

function parseYaml(text: string): { data?: unknown; issues: ConfigIssue[] } {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // One syntax error usually causes others after it: the first is reported, with every duplicated key.
    const first = doc.errors.find((e) => e.code !== 'DUPLICATE_KEY');
    const shown = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY' || e === first);
    return { issues: shown.map((e) => ({ path: '', message: formatYamlError(text, e) })) };
  }
  // An alias (*name) must follow its anchor (&name); toJS would throw without a line number.
  const anchors = new Set<string>();
  const unresolved: ConfigIssue[] = [];
  visit(doc, {
    Node(_, node) {
      if (node.anchor) anchors.add(node.anchor);
    },
    Alias(_, node) {
      if (!anchors.has(node.source)) {
        const line = node.range ? `line ${lineOf(text, node.range[0])}: ` : '';
        unresolved.push({
          path: '',
          message: `${line}the alias *${node.source} has no anchor &${node.source} before it: define the anchor first (an anchor must come before its aliases) or write the value out`,
        });
      }
      return undefined;
    },
  });
  if (unresolved.length > 0) return { issues: unresolved };
  try {
    return { data: doc.toJS({ maxAliasCount: 1000 }), issues: [] };
  } catch (e) {
    return { issues: [{ path: '', message: `not valid YAML/JSON: ${(e as Error).message.split('\n')[0]}` }] };
  }
}

/** Decodes a file as UTF-8; anything else is refused instead of read as replacement characters. */
export function decodeUtf8(bytes: Uint8Array): { text?: string; issues: ConfigIssue[] } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { issues: [{ path: '', message: 'is UTF-16 text: save the file as UTF-8' }] };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, issues: [] };
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const at = lossy.indexOf('\uFFFD');
    return { issues: [{ path: '', message: `is not UTF-8 text (the first invalid byte is on line ${lineOf(lossy, Math.max(at, 0))}): save the file as UTF-8` }] };
  }
}

function readText(path: string): { text?: string; issues: ConfigIssue[] } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return { issues: [{ path: '', message: `cannot read the file: ${(e as Error).message}` }] };
  }
  return decodeUtf8(bytes);
}

/**
 * Appends the accounts of `accountsFile` (a list, or an object with an `accounts` list) to the
 * inline ones. Returns the merged data and a function that names problems in the right file.
 */
function withAccountsFile(data: unknown, baseDir: string): { data: unknown; issues: ConfigIssue[]; rename: (path: string) => string } {
  const identity = { data, issues: [] as ConfigIssue[], rename: (path: string) => path };
  if (typeof data !== 'object' || data === null || typeof (data as Record<string, unknown>).accountsFile !== 'string') return identity;
  const { accountsFile, ...rest } = data as Record<string, unknown>;
  const file = resolve(baseDir, accountsFile as string);
  const at = (issues: ConfigIssue[]) => issues.map((i) => ({ path: 'accountsFile', message: `${file}: ${i.message}` }));
  const read = readText(file);
  if (read.text === undefined) return { ...identity, issues: at(read.issues) };
  const parsed = parseYaml(read.text);
  if (parsed.issues.length > 0) return { ...identity, issues: at(parsed.issues) };
  const listed = Array.isArray(parsed.data) ? parsed.data : (parsed.data as Record<string, unknown> | null)?.accounts;
  if (!Array.isArray(listed)) {
    return { ...identity, issues: [{ path: 'accountsFile', message: `${file}: must hold a list of accounts, or an object with an accounts list` }] };
  }
  const inline = Array.isArray(rest.accounts) ? rest.accounts : [];
  return {
    data: { ...rest, accounts: [...inline, ...listed] },
    issues: [],
    rename: (path) =>
      path.replace(/^accounts\[(\d+)\]/, (whole, index: string) =>
        Number(index) < inline.length ? whole : `accountsFile(${accountsFile as string})[${Number(index) - inline.length}]`,
      ),
  };
}

// ---------------------------------------------------------------------------------------------
// Structural problems in words, and the pruned copy that lets the later checks run
// ---------------------------------------------------------------------------------------------

const EXPECTED: Record<string, string> = {
  boolean: 'must be true or false',
  number: 'must be a number',
  string: 'must be text (quote it in YAML)',
  array: 'must be a list',
  object: 'must be a mapping of fields',
};

interface SegIssue {
  readonly segs: readonly PropertyKey[];
  readonly message: string;
  /** For an unknown field: the known field it probably means. */
  readonly meant?: string;
}

function zodIssueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  if (issue.code === 'invalid_type' && issue.expected === 'boolean' && typeof issue.input === 'string' && YAML11_BOOLEANS.test(issue.input)) {
    const value = YAML11_TRUE.test(issue.input) ? 'true' : 'false';
    return `must be true or false: YAML reads ${issue.input} as the text "${issue.input}" (yes, no, on and off are booleans only in YAML 1.1); write ${value}`;
  }
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input') && EXPECTED[issue.expected] !== undefined) return EXPECTED[issue.expected];
  // zod's own wording for the limits no custom message covers, said as what to write.
  if ((issue.code === 'too_big' || issue.code === 'too_small') && /^Too (big|small)/.test(issue.message)) {
    const most = issue.code === 'too_big';
    const bound = `${most ? 'at most' : 'at least'} ${String(issue.code === 'too_big' ? issue.maximum : issue.minimum)}`;
    const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' entries' : '';
    return issue.origin === 'array' || issue.origin === 'string' ? `must have ${bound}${unit}` : `must be ${bound}`;
  }
  if (issue.code === 'invalid_value') {
    const message = issue.message.startsWith('Invalid') ? `must be one of ${issue.values.map(String).join(', ')}` : issue.message;
    return typeof issue.input === 'string' ? `${message}${didYouMean(issue.input, issue.values.map(String))}` : message;
  }
  return issue.message;
}

let jsonSchema: Record<string, unknown> | undefined;

/** The fields the schema knows at a path of segments (every branch of a union counted). */
function knownFields(segs: readonly PropertyKey[]): string[] {
  jsonSchema ??= z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  type Node = { properties?: Record<string, Node>; additionalProperties?: Node | boolean; items?: Node; anyOf?: Node[]; oneOf?: Node[] };
  const branches = (node: Node): Node[] => [node, ...[...(node.anyOf ?? []), ...(node.oneOf ?? [])].flatMap(branches)];
  let nodes: Node[] = [jsonSchema as Node];
  for (const seg of segs) {
    nodes = nodes
      .flatMap(branches)
      .map((n) => (typeof seg === 'number' ? n.items : (n.properties?.[String(seg)] ?? (typeof n.additionalProperties === 'object' ? n.additionalProperties : undefined))))
      .filter((n): n is Node => n !== undefined);
  }
  return [...new Set(nodes.flatMap(branches).flatMap((n) => Object.keys(n.properties ?? {})))];
}

const MERGE_KEY = 'YAML merge keys (<<) are not supported: write the fields out in full (anchors and aliases of whole values work)';

/**
 * Zod's issues, one per field, with the path as segments. `misspelt` collects, across rounds, the
 * paths of fields an unknown field probably means: they are not also reported as missing.
 */
function zodIssues(error: z.ZodError, misspelt: Set<string>): SegIssue[] {
  const issues = error.issues.flatMap((issue): SegIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        if (key === '<<') return { segs: [...issue.path, key], message: MERGE_KEY };
        // A field that is written already is not what the unknown one means.
        const written = isObject(issue.input) ? Object.keys(issue.input) : [];
        const meant = closest(
          key,
          knownFields(issue.path).filter((f) => !written.includes(f)),
        );
        return { segs: [...issue.path, key], message: `is not a known field${meant === undefined ? '' : `; did you mean ${meant}?`}`, meant };
      });
    }
    if (issue.path[issue.path.length - 1] === '<<') return [{ segs: issue.path, message: MERGE_KEY }];
    if (issue.code === 'invalid_key') return issue.issues.map((inner) => ({ segs: issue.path, message: zodIssueMessage(inner as z.core.$ZodIssue) }));
    return [{ segs: issue.path, message: zodIssueMessage(issue) }];
  });
  // A field "missing" from a mapping with a merge key is most likely in the merged mapping.
  const merging = new Set(issues.filter((i) => i.message === MERGE_KEY).map((i) => formatPath(i.segs.slice(0, -1))));
  // A required field "missing" next to a misspelling of it (nmae for name) is that misspelling.
  for (const i of issues) if (i.meant !== undefined) misspelt.add(formatPath([...i.segs.slice(0, -1), i.meant]));
  return issues.filter((i) => !(i.message === 'is required' && (merging.has(formatPath(i.segs.slice(0, -1))) || misspelt.has(formatPath(i.segs)))));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A deep copy of the data from which values are removed, remembering where each array element
 * came from, so that paths of problems found later can be named as they are in the file.
 */
class Pruned {
  readonly root: Record<string, unknown>;
  private readonly indexes = new Map<unknown[], number[]>();
  /** Paths (as in the file) of what was removed. */
  readonly removed: string[] = [];

  constructor(data: Record<string, unknown>) {
    this.root = structuredClone(data);
  }

  private indexesOf(array: unknown[]): number[] {
    let at = this.indexes.get(array);
    if (at === undefined) {
      at = array.map((_, i) => i);
      this.indexes.set(array, at);
    }
    return at;
  }

  /** The file's path of segments that address the pruned copy. */
  original(segs: readonly PropertyKey[]): PropertyKey[] {
    let node: unknown = this.root;
    return segs.map((seg) => {
      if (Array.isArray(node) && typeof seg === 'number') {
        const at = this.indexesOf(node)[seg] ?? seg;
        node = node[seg];
        return at;
      }
      node = isObject(node) ? node[String(seg)] : undefined;
      return seg;
    });
  }

  /** The file's path for a dotted path of the pruned copy (`accounts[1].regions[0]`). */
  originalPath(path: string): string {
    let node: unknown = this.root;
    let rest = path;
    let out = '';
    while (rest !== '') {
      const index = /^\[(\d+)\]/.exec(rest);
      if (index) {
        const i = Number(index[1]);
        const at = Array.isArray(node) ? (this.indexesOf(node)[i] ?? i) : i;
        out += `[${at}]`;
        node = Array.isArray(node) ? node[i] : undefined;
        rest = rest.slice(index[0].length);
        continue;
      }
      rest = rest.replace(/^\./, '');
      const keys = isObject(node) ? Object.keys(node).filter((k) => rest === k || rest.startsWith(`${k}.`) || rest.startsWith(`${k}[`)) : [];
      const key = keys.sort((a, b) => b.length - a.length)[0];
      if (key === undefined) return out === '' ? rest : `${out}.${rest}`;
      out = out === '' ? key : `${out}.${key}`;
      node = (node as Record<string, unknown>)[key];
      rest = rest.slice(key.length);
    }
    return out;
  }

  /** Removes the value at `segs` (or, when it is missing, what holds it); false when nothing can go. */
  remove(segs: readonly PropertyKey[]): boolean {
    if (segs.length === 0) return false;
    let parent: unknown = this.root;
    for (const seg of segs.slice(0, -1)) parent = Array.isArray(parent) ? parent[seg as number] : isObject(parent) ? parent[String(seg)] : undefined;
    const last = segs[segs.length - 1];
    if (Array.isArray(parent) && typeof last === 'number' && last < parent.length) {
      this.removed.push(formatPath(this.original(segs)));
      this.indexesOf(parent).splice(last, 1);
      parent.splice(last, 1);
      return true;
    }
    if (isObject(parent) && String(last) in parent) {
      // Without its merge key a mapping lacks what the merge gave it: nothing more to say about it.
      this.removed.push(formatPath(this.original(last === '<<' ? segs.slice(0, -1) : segs)));
      delete parent[String(last)];
      return true;
    }
    return this.remove(segs.slice(0, -1));
  }

  /**
   * True when `path` is, holds or lies under something removed: its problem was reported already.
   * In a path with `[]` (any index), the indexes of removed paths are ignored.
   */
  touchesRemoved(path: string): boolean {
    const under = (inner: string, outer: string) => inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
    const anyIndex = path.includes('[]');
    return this.removed.map((r) => (anyIndex ? r.replace(/\[\d+\]/g, '[]') : r)).some((r) => under(path, r) || under(r, path));
  }
}

/** Paths inside messages (`duplicates accounts[0].id`) named as in the file. */
function originalMessage(message: string, pruned: Pruned): string {
  return message.replace(/\b[A-Za-z]\w*(?:\.[A-Za-z][\w-]*|\[\d+\])*\[\d+\](?:\.[A-Za-z][\w-]*|\[\d+\])*/g, (path) => pruned.originalPath(path));
}

/** Every problem of already-parsed data, and the model when there is none. */
function validate(data: unknown, baseDir: string, env: Readonly<Record<string, string | undefined>>): { model?: Model; issues: ConfigIssue[] } {
  if (data === null || data === undefined) {
    return { issues: [{ path: '', message: 'the file is empty (or holds only comments): write at least version: 1, regions and accounts (see config/example.yaml)' }] };
  }
  if (!isObject(data)) {
    return { issues: [{ path: '', message: `must be a mapping of fields (version, regions, accounts, ...), not ${Array.isArray(data) ? 'a list' : 'a single value'}` }] };
  }
  const merged = withAccountsFile(data, baseDir);
  if (merged.issues.length > 0) return { issues: merged.issues };
  const pruned = new Pruned(merged.data as Record<string, unknown>);
  const issues: ConfigIssue[] = [];
  let config: ConfigInput | undefined;
  const misspelt = new Set<string>();
  for (let round = 0; round < 200 && config === undefined; round++) {
    const parsed = configSchema.safeParse(pruned.root, { reportInput: true });
    if (parsed.success) {
      config = parsed.data;
      break;
    }
    const found = zodIssues(parsed.error, misspelt).map((i) => ({ ...i, path: formatPath(pruned.original(i.segs)) }));
    // Later rounds only see what removing values caused, except problems elsewhere that zod reports late.
    issues.push(...found.filter((i) => round === 0 || !pruned.touchesRemoved(i.path)).map(({ path, message }) => ({ path, message })));
    let progress = false;
    for (const issue of found) {
      // The format version decides nothing later: a wrong one must not stop the other checks.
      if (issue.segs.length === 1 && issue.segs[0] === 'version' && pruned.root.version !== 1) {
        pruned.removed.push('version');
        pruned.root.version = 1;
        progress = true;
      } else {
        progress = pruned.remove(issue.segs) || progress;
      }
    }
    if (!progress) break;
  }
  if (config !== undefined) {
    const resolved = resolveConfig(config, env);
    const later: ConfigIssue[] = [...resolved.issues];
    // The whole planned app is judged as well, except the settings next to a field with a problem
    // of its own: the model holds a stand-in there, and judging it would only add noise.
    const parent = (path: string) => path.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    const unsettled = new Set(later.map((i) => parent(i.path)).filter((p) => !p.endsWith(']')));
    // A check that reads a field with a problem of its own is skipped: its premise is unknown.
    checkPlannedApp(config, resolved.model, (path, message, dependsOn) => {
      if (!unsettled.has(parent(path))) later.push({ path, message, dependsOn });
    });
    for (const issue of later) {
      const path = pruned.originalPath(issue.path);
      const premiseBroken = (issue.dependsOn ?? []).some((d) => pruned.touchesRemoved(d.includes('[]') ? d : pruned.originalPath(d)));
      if (!pruned.touchesRemoved(path) && !premiseBroken) issues.push({ path, message: originalMessage(issue.message, pruned) });
    }
    if (issues.length === 0) return { model: resolved.model, issues: [] };
  }
  return { issues: tidyIssues(issues.map((i) => ({ ...i, path: merged.rename(i.path) }))) };
}

/** Validates already-parsed configuration data and returns the model. */
export function modelFromData(data: unknown, source = 'configuration', baseDir = process.cwd(), env: Readonly<Record<string, string | undefined>> = process.env): Model {
  const { model, issues } = validate(data, baseDir, env);
  if (model === undefined) throw new ConfigError(source, issues);
  return model;
}

/** Parses YAML or JSON text (JSON is YAML) and validates it; accountsFile is read relative to `baseDir`. */
export function modelFromText(text: string, source = 'configuration', baseDir = process.cwd()): Model {
  const parsed = parseYaml(text);
  if (parsed.issues.length > 0) throw new ConfigError(source, parsed.issues);
  return modelFromData(parsed.data, source, baseDir);
}

/** The problem of a configuration file that does not exist: where it was looked for, the default, how to start one. */
export function missingFileIssue(path: string): ConfigIssue {
  return {
    path: '',
    message:
      `no such file (looked for ${resolve(path)}). The configuration is the file named by --config <file>, else by $${CONFIG_ENV_VAR}, else ${DEFAULT_CONFIG_PATH} (the default). ` +
      `To start your own: cp ${DEFAULT_CONFIG_PATH} ${path}, set its accounts and regions, then run npm run check -- --config ${path}`,
  };
}

/** Reads and validates the configuration file at `path`. */
export function loadConfig(path: string): Model {
  if (!existsSync(path)) throw new ConfigError(path, [missingFileIssue(path)]);
  const read = readText(path);
  if (read.text === undefined) throw new ConfigError(path, read.issues);
  return modelFromText(read.text, path, dirname(resolve(path)));
}
