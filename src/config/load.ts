/**
 * Reads a configuration file (YAML or JSON), validates it and returns the model. Every problem is
 * collected and reported at once in a ConfigError; nothing is returned for a bad file.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { configSchema } from './schema';
import { resolveConfig, type ConfigIssue } from './resolve';
import type { Model } from './model';

/** Default configuration, relative to the project root. */
export const DEFAULT_CONFIG_PATH = 'config/example.yaml';
/** Environment variable that selects the configuration file (used by `cdktf synth`). */
export const CONFIG_ENV_VAR = 'SESSION_PREFS_CONFIG';

/** A configuration that cannot be used; `issues` lists every problem found. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(`${source}: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the configuration:\n${issues.map((i) => `  - ${formatIssue(i)}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** `path: message`, or just the message for a problem of the whole file. */
export function formatIssue(issue: ConfigIssue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}

/** Renders a zod path as `accounts[0].regionSettings.eu-west-1`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`), '');
}

function zodIssues(error: z.ZodError): ConfigIssue[] {
  return error.issues.flatMap((issue): ConfigIssue[] => {
    const path = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: path === '' ? key : `${path}.${key}`, message: 'is not a known field' }));
    }
    if (issue.code === 'invalid_key') {
      return issue.issues.map((inner) => ({ path, message: inner.message }));
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return [{ path, message: 'is required' }];
    }
    return [{ path, message: issue.message }];
  });
}

function parseYaml(text: string): { data?: unknown; issues: ConfigIssue[] } {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return { issues: doc.errors.map((e) => ({ path: '', message: `not valid YAML/JSON: ${e.message.split('\n')[0]}` })) };
  }
  return { data: doc.toJS(), issues: [] };
}

function readText(path: string): { text?: string; issues: ConfigIssue[] } {
  try {
    return { text: readFileSync(path, 'utf8'), issues: [] };
  } catch (e) {
    return { issues: [{ path: '', message: `cannot read the file: ${(e as Error).message}` }] };
  }
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

/** Validates already-parsed configuration data and returns the model. */
export function modelFromData(data: unknown, source = 'configuration', baseDir = process.cwd()): Model {
  const merged = withAccountsFile(data, baseDir);
  if (merged.issues.length > 0) throw new ConfigError(source, merged.issues);
  const renamed = (issues: ConfigIssue[]) => issues.map((i) => ({ ...i, path: merged.rename(i.path) }));
  const parsed = configSchema.safeParse(merged.data, { reportInput: true });
  if (!parsed.success) throw new ConfigError(source, renamed(zodIssues(parsed.error)));
  const { model, issues } = resolveConfig(parsed.data);
  if (issues.length > 0) throw new ConfigError(source, renamed(issues));
  return model;
}

/** Parses YAML or JSON text (JSON is YAML) and validates it; accountsFile is read relative to `baseDir`. */
export function modelFromText(text: string, source = 'configuration', baseDir = process.cwd()): Model {
  const parsed = parseYaml(text);
  if (parsed.issues.length > 0) throw new ConfigError(source, parsed.issues);
  return modelFromData(parsed.data, source, baseDir);
}

/** Reads and validates the configuration file at `path`. */
export function loadConfig(path: string): Model {
  const read = readText(path);
  if (read.text === undefined) throw new ConfigError(path, read.issues);
  return modelFromText(read.text, path, dirname(resolve(path)));
}
