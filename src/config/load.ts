/**
 * Reads a configuration file (YAML or JSON), validates it and returns the model. Every problem is
 * collected and reported at once in a ConfigError; nothing is returned for a bad file.
 */
import { readFileSync } from 'node:fs';
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

/** Validates already-parsed configuration data and returns the model. */
export function modelFromData(data: unknown, source = 'configuration'): Model {
  const parsed = configSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) throw new ConfigError(source, zodIssues(parsed.error));
  const { model, issues } = resolveConfig(parsed.data);
  if (issues.length > 0) throw new ConfigError(source, issues);
  return model;
}

/** Parses YAML or JSON text (JSON is YAML) and validates it. */
export function modelFromText(text: string, source = 'configuration'): Model {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      source,
      doc.errors.map((e) => ({ path: '', message: `not valid YAML/JSON: ${e.message.split('\n')[0]}` })),
    );
  }
  return modelFromData(doc.toJS(), source);
}

/** Reads and validates the configuration file at `path`. */
export function loadConfig(path: string): Model {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(path, [{ path: '', message: `cannot read the file: ${(e as Error).message}` }]);
  }
  return modelFromText(text, path);
}
