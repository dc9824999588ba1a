/**
 * Command-line handling shared by the read-only commands (preflight, drift): flags, `--help`, an
 * error for unknown flags, and the exit codes. Pure: parse returns what to do; the script acts.
 */
import { parseArgs } from 'node:util';
import { EXIT, DEFAULT_CONCURRENCY } from './runner';
import type { RunFilter } from './types';

/** One flag of a command. */
export interface FlagSpec {
  readonly type: 'boolean' | 'string';
  /** May be given several times (collected in a list). */
  readonly multiple?: boolean;
  /** Placeholder in the help text (`FILE`, `ID`). */
  readonly value?: string;
  readonly description: string;
}

/** A command: its name, what it does, its own flags besides the common ones. */
export interface CommandSpec {
  /** As typed: `npm run preflight --`. */
  readonly usage: string;
  /** One paragraph. */
  readonly summary: string;
  readonly flags?: Readonly<Record<string, FlagSpec>>;
  /** What the exit codes mean for this command (findings = ...). */
  readonly findingsMean: string;
}

/** Flags every read-only command takes. */
export const COMMON_FLAGS: Readonly<Record<string, FlagSpec>> = {
  config: { type: 'string', value: 'FILE', description: 'configuration file (default: $SESSION_PREFS_CONFIG, else config/example.yaml)' },
  json: { type: 'boolean', description: 'print the result as JSON on stdout (progress stays on stderr)' },
  account: { type: 'string', multiple: true, value: 'ID|NAME', description: 'only this account (repeatable)' },
  region: { type: 'string', multiple: true, value: 'REGION', description: 'only this Region (repeatable)' },
  concurrency: { type: 'string', value: 'N', description: `account × Region tasks in flight at once (default ${DEFAULT_CONCURRENCY})` },
  quiet: { type: 'boolean', description: 'no progress lines on stderr' },
  help: { type: 'boolean', description: 'show this help' },
};

/** What the command line asks for. */
export type Parsed =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'error'; readonly message: string }
  | {
      readonly kind: 'run';
      readonly json: boolean;
      readonly quiet: boolean;
      readonly concurrency: number;
      readonly filter: RunFilter;
      /** The configuration arguments, as src/cli.ts configPath() reads them. */
      readonly configArgs: readonly string[];
      /** Every flag's value, the command's own included. */
      readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
    };

/** The `--help` text. */
export function helpText(spec: CommandSpec): string {
  const flags = { ...COMMON_FLAGS, ...(spec.flags ?? {}) };
  const rows = Object.entries(flags).map(([name, f]) => [`--${name}${f.value ? ` ${f.value}` : ''}`, f.description] as const);
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    `Usage: ${spec.usage} [options]`,
    '',
    spec.summary,
    '',
    'Options:',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`),
    '',
    'Credentials: the caller\'s AWS credentials assume each account\'s role as a plan does (assumeRoleArn, assumeRoleName;',
    'SESSION_PREFS_ROLE_NAME overrides both). AWS_ENDPOINT_URL points every client at an emulator.',
    '',
    'Exit status:',
    `  ${EXIT.ok}  nothing found`,
    `  ${EXIT.findings}  ${spec.findingsMean}`,
    `  ${EXIT.error}  errors: an invalid configuration or flag, an account whose role cannot be assumed, an AWS call that failed`,
    '',
  ].join('\n');
}

/** Parses `argv` (without node and the script). Unknown flags and stray arguments are errors. */
export function parseCommandLine(argv: readonly string[], spec: CommandSpec): Parsed {
  const flags = { ...COMMON_FLAGS, ...(spec.flags ?? {}) };
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    const parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(Object.entries(flags).map(([name, f]) => [name, { type: f.type, ...(f.multiple ? { multiple: true } : {}) }])),
      strict: true,
      allowPositionals: false,
    });
    values = parsed.values as typeof values;
  } catch (e) {
    return { kind: 'error', message: `${(e as Error).message.split('\n')[0]}\nRun with --help for the options.` };
  }
  if (values.help) return { kind: 'help', text: helpText(spec) };
  const concurrencyText = values.concurrency as string | undefined;
  const concurrency = concurrencyText === undefined ? DEFAULT_CONCURRENCY : Number(concurrencyText);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    return { kind: 'error', message: `--concurrency must be a whole number from 1 to 256, got '${concurrencyText}'` };
  }
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
  const configArgs = typeof values.config === 'string' ? ['--config', values.config] : [];
  return {
    kind: 'run',
    json: values.json === true,
    quiet: values.quiet === true,
    concurrency,
    filter: { accounts: list(values.account), regions: list(values.region) },
    configArgs,
    values,
  };
}
