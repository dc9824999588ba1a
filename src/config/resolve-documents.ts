/**
 * The session type of each custom document (`customDocuments[].type` and its fields) turned into
 * the model, and AWS's rules for each type checked: the fields a type allows and no others,
 * exactly one rule for the port, parameters that commands use and declare, patterns that compile
 * and are anchored. Every problem is reported with its path.
 */
import { COMMAND_PLATFORMS, type CommandParameterModel, type SessionKindModel, type SessionType, type SessionValueModel } from '../model/model';
import { DEFAULTS } from './defaults';
import type { Report } from './issues';
import type { ConfigInput } from './schema';

/** One custom document as written (top level or in an account group). */
export type CustomDocumentInput = NonNullable<ConfigInput['customDocuments']>[number];

const PORT_FIELDS = ['port'] as const;
const COMMAND_FIELDS = ['commands', 'parameters', 'runAsElevated'] as const;
const TYPE_FIELDS = [...PORT_FIELDS, ...COMMAND_FIELDS] as const;

/** `{{ name }}` references in a command, as SSM substitutes them. */
const PARAMETER_REFERENCE = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** Whether the document input sets its session type or any of the type's fields. */
export function setsSessionType(doc: CustomDocumentInput): boolean {
  return doc.type !== undefined || TYPE_FIELDS.some((f) => doc[f] !== undefined);
}

/** The session type a document input asks for (Standard_Stream when it names none). */
export function sessionTypeOf(doc: CustomDocumentInput): SessionType {
  return doc.type ?? DEFAULTS.customDocument.type;
}

/** Reports `pattern` when it does not compile or is not anchored at both ends (SSM would accept any value containing a match). */
function checkPattern(pattern: string, path: string, report: Report): void {
  try {
    new RegExp(pattern);
  } catch (e) {
    report(path, `does not compile as a regular expression (${(e as Error).message}): fix the pattern`);
    return;
  }
  if (!pattern.startsWith('^') || !pattern.endsWith('$')) {
    report(path, 'must start with ^ and end with $: SSM accepts a value when the pattern matches any part of it, so an unanchored pattern lets other values through');
  }
}

/** The values and patterns a value rule lets through, each of which must pass `allowed`. */
function fitsRule(value: string, rule: SessionValueModel): boolean {
  switch (rule.kind) {
    case 'fixed':
      return value === rule.value;
    case 'allowedValues':
      return rule.values.includes(value);
    case 'allowedPattern':
      return new RegExp(rule.pattern).test(value);
  }
}

/** One value rule from mutually exclusive fields: fixed, list or pattern. */
function valueRule(fixed: number | string | undefined, values: readonly (number | string)[] | undefined, pattern: string | undefined): SessionValueModel | undefined {
  if (fixed !== undefined) return { kind: 'fixed', value: String(fixed) };
  if (values !== undefined) return { kind: 'allowedValues', values: values.map(String) };
  if (pattern !== undefined) return { kind: 'allowedPattern', pattern };
  return undefined;
}

/** The session type and its fields of a (checked) document input. */
export function sessionKindOf(doc: CustomDocumentInput): SessionKindModel {
  const type = sessionTypeOf(doc);
  if (type === 'Standard_Stream') return { type };
  if (type === 'Port') {
    const p = doc.port ?? {};
    const host = valueRule(p.host, p.allowedHosts, p.hostPattern);
    const localPortNumber = valueRule(p.localPortNumber, p.allowedLocalPortNumbers, undefined);
    return {
      type,
      portNumber: valueRule(p.portNumber, p.allowedPortNumbers, p.portNumberPattern) ?? { kind: 'allowedValues', values: [] },
      ...(host ? { host } : {}),
      ...(localPortNumber ? { localPortNumber } : {}),
    };
  }
  const parameters: CommandParameterModel[] = (doc.parameters ?? []).map((p) => ({
    name: p.name,
    description: p.description ?? p.name,
    rule: p.allowedValues !== undefined ? { kind: 'allowedValues', values: [...p.allowedValues] } : { kind: 'allowedPattern', pattern: p.allowedPattern ?? '^$' },
    ...(p.default !== undefined ? { default: p.default } : {}),
  }));
  return { type, commands: { ...(doc.commands ?? {}) }, runAsElevated: doc.runAsElevated ?? DEFAULTS.customDocument.runAsElevated, parameters };
}

function checkPort(doc: CustomDocumentInput, path: string, report: Report): void {
  const p = doc.port;
  if (p === undefined) {
    report(`${path}.port`, 'is required for a Port document: give portNumber, allowedPortNumbers or portNumberPattern');
    return;
  }
  const exclusive = (fields: readonly (keyof typeof p)[], what: string, required: boolean) => {
    const set = fields.filter((f) => p[f] !== undefined);
    if (set.length > 1) set.slice(1).forEach((f) => report(`${path}.port.${f}`, `conflicts with port.${set[0]}: give only one of ${fields.join(', ')} (${what})`));
    if (required && set.length === 0) report(`${path}.port`, `needs one of ${fields.join(', ')} (${what})`);
  };
  exclusive(['portNumber', 'allowedPortNumbers', 'portNumberPattern'], 'the port forwarded to', true);
  exclusive(['host', 'allowedHosts', 'hostPattern'], 'the remote host', false);
  exclusive(['localPortNumber', 'allowedLocalPortNumbers'], 'the local port', false);
  if (p.portNumberPattern !== undefined) checkPattern(p.portNumberPattern, `${path}.port.portNumberPattern`, report);
  if (p.hostPattern !== undefined) checkPattern(p.hostPattern, `${path}.port.hostPattern`, report);
  if (doc.preferences !== undefined) {
    report(`${path}.preferences`, 'does not apply to a Port document: SSM Agent neither logs nor KMS-encrypts port sessions, and they have no Run As user; remove it');
  }
}

function checkCommands(doc: CustomDocumentInput, path: string, report: Report): void {
  const commands = doc.commands ?? {};
  const platforms = COMMAND_PLATFORMS.filter((p) => commands[p] !== undefined);
  if (platforms.length === 0) report(`${path}.commands`, `is required for a ${doc.type} document: give the command for at least one of ${COMMAND_PLATFORMS.join(', ')}`);
  const declared = new Map<string, number>();
  (doc.parameters ?? []).forEach((p, i) => {
    const at = `${path}.parameters[${i}]`;
    const first = declared.get(p.name);
    if (first !== undefined) report(`${at}.name`, `duplicates ${path}.parameters[${first}].name (${p.name})`);
    else declared.set(p.name, i);
    if (p.allowedValues !== undefined && p.allowedPattern !== undefined) report(`${at}.allowedPattern`, 'conflicts with allowedValues: give only one of them');
    if (p.allowedValues === undefined && p.allowedPattern === undefined) {
      report(at, 'needs allowedValues or allowedPattern: a parameter inserted into a command must be limited, or the user can run anything');
    }
    if (p.allowedPattern !== undefined) checkPattern(p.allowedPattern, `${at}.allowedPattern`, report);
    if (p.default !== undefined) {
      const rule =
        p.allowedValues !== undefined
          ? { kind: 'allowedValues' as const, values: p.allowedValues }
          : p.allowedPattern !== undefined
            ? { kind: 'allowedPattern' as const, pattern: p.allowedPattern }
            : undefined;
      let fits = true;
      try {
        fits = rule === undefined || fitsRule(p.default, rule);
      } catch {
        fits = true; // the pattern's own problem is reported above
      }
      if (!fits) report(`${at}.default`, `(${p.default}) is not one of the allowed values: SSM would refuse sessions that use it`);
    }
  });
  const used = new Set<string>();
  platforms.forEach((platform) => {
    for (const m of (commands[platform] ?? '').matchAll(PARAMETER_REFERENCE)) {
      used.add(m[1]!);
      if (!declared.has(m[1]!))
        report(`${path}.commands.${platform}`, `refers to {{ ${m[1]} }}, which is not in ${path}.parameters: declare it with allowedValues or allowedPattern`);
    }
  });
  declared.forEach((i, name) => {
    if (!used.has(name)) report(`${path}.parameters[${i}].name`, `(${name}) is used by no command: remove it, or insert it as {{ ${name} }}`);
  });
}

/** Reports every problem of the session-type fields of one document at `path` (customDocuments[i]). */
export function checkSessionType(doc: CustomDocumentInput, path: string, report: Report): void {
  const type = sessionTypeOf(doc);
  const allowed: readonly string[] = type === 'Port' ? PORT_FIELDS : type === 'Standard_Stream' ? [] : COMMAND_FIELDS;
  TYPE_FIELDS.filter((f) => doc[f] !== undefined && !allowed.includes(f)).forEach((f) =>
    report(`${path}.${f}`, `does not apply to a ${type} document${doc.type === undefined ? ' (type defaults to Standard_Stream)' : ''}: set type, or remove ${f}`),
  );
  if (type === 'Port') checkPort(doc, path, report);
  if (type === 'InteractiveCommands' || type === 'NonInteractiveCommands') checkCommands(doc, path, report);
}

/** Checks the custom documents of the top level and of every account group. */
export function checkCustomDocuments(config: ConfigInput, report: Report): void {
  (config.customDocuments ?? []).forEach((doc, i) => checkSessionType(doc, `customDocuments[${i}]`, report));
  for (const [name, group] of Object.entries(config.accountGroups ?? {})) {
    (group?.customDocuments ?? []).forEach((doc, i) => checkSessionType(doc, `accountGroups.${name}.customDocuments[${i}]`, report));
  }
}
