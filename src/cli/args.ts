/**
 * The one CommandSpec of every command and the argument parser behind the command-line frame
 * (src/cli/command.ts, startCommand): declared flags only, `--help`/`-h` prints the usage, an
 * unknown flag or a missing value is an error that names the flag and says where the usage is. No
 * dependency, no global state.
 *
 * Every command follows EXIT_CONVENTION (docs/operations.md, "Exit status"), and its help says what
 * each status means for it, in one layout: usage, summary, arguments, flags, details, examples, exit status.
 */

/** The exit statuses every command uses; a command's `exit` says what each means for it. */
export type ExitStatus = 0 | 1 | 2 | 3;

/** The one exit-status convention of every command (the table of docs/operations.md). */
export const EXIT_CONVENTION: Readonly<Record<ExitStatus, string>> = {
  0: 'success: the command did what was asked and found nothing wrong',
  1: 'findings or problems: an invalid configuration, compliance errors, drift, an apply that would fail, a failed step; every one is listed',
  2: 'usage error: an unknown flag, a missing value, an unexpected argument; the command did nothing',
  3: 'incomplete: some accounts or Regions could not be read (credentials, AWS errors); the report says which (read-only AWS commands)',
};

/** What exit status 2 means for every command (startCommand prints the mistake). */
export const USAGE_ERROR = 'usage error (unknown flag, missing value, unexpected argument): nothing was done';

/** One example of a command line, with what it does. */
export interface Example {
  /** As typed, e.g. `npm run stacks -- --json`. */
  readonly command: string;
  /** What it does, one short line. */
  readonly what: string;
}

/** One flag of a command. */
export interface FlagSpec {
  /** Long name without the dashes, e.g. `config` for `--config`. */
  readonly name: string;
  /** `boolean` flags take no value; `string` flags take one (`--x v` or `--x=v`); `list` flags may repeat. */
  readonly type: 'boolean' | 'string' | 'list';
  /** One line for the usage text. */
  readonly description: string;
  /** Placeholder of the value in the usage text, e.g. `<file>`. */
  readonly value?: string;
  /** One-letter alias, without the dash. */
  readonly short?: string;
}

/** A command's usage: what it does, its flags, its positional arguments. */
export interface CommandSpec {
  /** How users run it, e.g. `npm run stacks --`. */
  readonly usage: string;
  /** One or two sentences: what the command does. */
  readonly summary: string;
  readonly flags: readonly FlagSpec[];
  /** Positional arguments, e.g. `[stack ...]`; none allowed when absent. */
  readonly positionals?: { readonly name: string; readonly description: string };
  /** Further paragraphs: environment variables, notes. */
  readonly details?: readonly string[];
  /** At least one example (every command of src/cli/commands.ts has one; a test checks). */
  readonly examples?: readonly Example[];
  /** What exit statuses 0, 1 and 3 mean for this command; 2 is always USAGE_ERROR. */
  readonly exit?: Readonly<Partial<Record<Exclude<ExitStatus, 2>, string>>>;
}

/** Parsed arguments: flag values by long name, and the positional arguments in order. */
export interface ParsedArgs {
  readonly flags: Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
  readonly positionals: readonly string[];
  /** True when --help or -h was given (nothing else is checked then). */
  readonly help: boolean;
}

/** A usage mistake: an unknown flag, a missing value, an unexpected argument. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The `--config` flag every command that reads the configuration shares. */
export const CONFIG_FLAG: FlagSpec = {
  name: 'config',
  type: 'string',
  value: '<file>',
  description: 'configuration file (default: $SESSION_PREFS_CONFIG, then config/example.yaml)',
};

/** The `--json` flag of commands with a machine-readable output. */
export const JSON_FLAG: FlagSpec = { name: 'json', type: 'boolean', description: 'print JSON on stdout instead of text' };

const HELP_FLAG: FlagSpec = { name: 'help', short: 'h', type: 'boolean', description: 'show this help and exit' };

/** The two lines a usage error prints on stderr: the mistake, and where the usage is. */
export function usageErrorText(spec: CommandSpec, error: UsageError): string {
  return `error: ${error.message}\nRun ${spec.usage} --help for the usage.\n`;
}

/** Parses `argv` against `spec`; throws UsageError for anything the command does not declare. */
export function parseArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const flags: Record<string, string | boolean | string[] | undefined> = {};
  const positionals: string[] = [];
  const byName = new Map(spec.flags.map((f) => [f.name, f]));
  const byShort = new Map(spec.flags.filter((f) => f.short).map((f) => [f.short as string, f]));
  if (argv.some((a) => a === '--help' || a === '-h')) return { flags, positionals, help: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const key = eq >= 0 ? arg.slice(0, eq) : arg;
    const flag = key.startsWith('--') ? byName.get(key.slice(2)) : byShort.get(key.slice(1));
    if (flag === undefined) throw new UsageError(`unknown flag ${key}${suggestion(key, spec)}`);
    if (flag.type === 'boolean') {
      if (eq >= 0) throw new UsageError(`--${flag.name} takes no value`);
      flags[flag.name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('-')) value = argv[++i];
    if (value === undefined || value === '') throw new UsageError(`--${flag.name} needs a value ${flag.value ?? ''}`.trimEnd());
    if (flag.type === 'list') flags[flag.name] = [...((flags[flag.name] as string[] | undefined) ?? []), value];
    else flags[flag.name] = value;
  }
  if (spec.positionals === undefined && positionals.length > 0) {
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])} (this command takes flags only)`);
  }
  return { flags, positionals, help: false };
}

function suggestion(key: string, spec: CommandSpec): string {
  const name = key.replace(/^-+/, '');
  const close = spec.flags.find((f) => f.name.startsWith(name) || name.startsWith(f.name));
  return close ? ` (did you mean --${close.name}?)` : '';
}

/** The usage text printed by --help. */
export function helpText(spec: CommandSpec): string {
  const all = [...spec.flags, HELP_FLAG];
  const left = all.map((f) => `${f.short ? `-${f.short}, ` : '    '}--${f.name}${f.type === 'boolean' ? '' : ` ${f.value ?? '<value>'}`}`);
  const width = Math.max(...left.map((l) => l.length), spec.positionals?.name.length ?? 0) + 2;
  const lines = [`Usage: ${spec.usage}${spec.flags.length > 0 ? ' [flags]' : ''}${spec.positionals ? ` ${spec.positionals.name}` : ''}`, '', spec.summary, ''];
  if (spec.positionals) lines.push('Arguments:', `  ${spec.positionals.name.padEnd(width)}${spec.positionals.description}`, '');
  lines.push('Flags:', ...all.map((f, i) => `  ${left[i].padEnd(width)}${f.description}${f.type === 'list' ? ' (repeatable)' : ''}`));
  for (const paragraph of spec.details ?? []) lines.push('', paragraph);
  if (spec.examples !== undefined && spec.examples.length > 0) {
    const example = Math.max(...spec.examples.map((e) => e.command.length)) + 2;
    lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e.command.padEnd(example)}${e.what}`));
  }
  if (spec.exit !== undefined) lines.push('', exitStatusText(spec.exit));
  return `${lines.join('\n')}\n`;
}

/** The `Exit status:` block of a help text: each status the command uses, 2 (usage error) included. */
export function exitStatusText(exit: NonNullable<CommandSpec['exit']>): string {
  const all: Partial<Record<ExitStatus, string>> = { ...exit, 2: USAGE_ERROR };
  const codes = (Object.keys(all).map(Number) as ExitStatus[]).sort();
  return ['Exit status:', ...codes.map((code) => `  ${code}  ${all[code]}`)].join('\n');
}

/** True when `stream` is an interactive terminal (progress and colour), false for pipes, files and CI logs. */
export function isInteractive(stream: NodeJS.WriteStream = process.stderr): boolean {
  return stream.isTTY === true && process.env.CI === undefined && process.env.TERM !== 'dumb';
}
