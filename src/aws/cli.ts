/**
 * Command-line handling of the read-only commands (preflight, drift): a thin layer over the
 * project's argument parser (src/cli/args.ts) that adds the runner's common flags and the exit
 * codes of the project's convention: 0 nothing found, 1 findings (or an invalid configuration),
 * 2 usage error, 3 incomplete (something could not be read).
 */
import {
  CONFIG_FLAG,
  JSON_FLAG,
  helpText as argsHelpText,
  parseArgs,
  UsageError,
  type CommandSpec as ArgsCommandSpec,
  type Example,
  type FlagSpec as ArgsFlagSpec,
} from '../cli/args';
import { configPath } from '../cli/config-file';
import { ConfigError, loadConfig } from '../config/load';
import type { Model } from '../model/model';
import type { ProgressStream } from './progress';
import { EXIT, DEFAULT_CONCURRENCY } from './runner';
import { filterProblems, type RunFilter } from './types';

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
  /** What exit status 1 means for this command (drift found, an apply would fail, ...). */
  readonly findingsMean: string;
  /** Example command lines (the help shows them). */
  readonly examples?: readonly Example[];
}

/** Flags every read-only command takes (besides --help). */
export const COMMON_FLAGS: readonly ArgsFlagSpec[] = [
  CONFIG_FLAG,
  JSON_FLAG,
  { name: 'account', type: 'list', value: '<id|name>', description: 'only this account' },
  { name: 'region', type: 'list', value: '<region>', description: 'only this Region' },
  { name: 'concurrency', type: 'string', value: '<n>', description: `account × Region tasks in flight at once (default ${DEFAULT_CONCURRENCY})` },
  { name: 'quiet', type: 'boolean', description: 'no progress lines on stderr' },
];

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
      /** The configuration arguments, as configPath() in src/cli/config-file.ts reads them. */
      readonly configArgs: readonly string[];
      /** Every flag's value, the command's own included. */
      readonly values: Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
    };

/** The command in the shape of every other command (src/cli/args.ts): its help and exit statuses. */
export function argsSpec(spec: CommandSpec): ArgsCommandSpec {
  const own = Object.entries(spec.flags ?? {}).map(([name, f]): ArgsFlagSpec => ({
    name,
    type: f.multiple ? 'list' : f.type,
    description: f.description,
    ...(f.value ? { value: f.value } : {}),
  }));
  return {
    usage: spec.usage,
    summary: spec.summary,
    flags: [...COMMON_FLAGS, ...own],
    details: [
      "Credentials: the caller's AWS credentials assume each account's role as a plan does (assumeRoleArn, assumeRoleName;\n" +
        'SESSION_PREFS_ROLE_NAME overrides both). AWS_ENDPOINT_URL points every client at an emulator.',
    ],
    ...(spec.examples === undefined ? {} : { examples: spec.examples }),
    exit: {
      [EXIT.ok]: 'nothing found',
      [EXIT.findings]: `${spec.findingsMean}; or an invalid configuration`,
      [EXIT.error]: 'incomplete: an account whose role cannot be assumed, an AWS call that failed (the report lists what was read)',
    },
  };
}

/** The `--help` text. */
export function helpText(spec: CommandSpec): string {
  return argsHelpText(argsSpec(spec));
}

/** Parses `argv` (without node and the script). Unknown flags and stray arguments are errors. */
export function parseCommandLine(argv: readonly string[], spec: CommandSpec): Parsed {
  let values: Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
  try {
    const parsed = parseArgs(argsSpec(spec), argv);
    if (parsed.help) return { kind: 'help', text: helpText(spec) };
    values = parsed.flags;
  } catch (e) {
    if (e instanceof UsageError) return { kind: 'error', message: `${e.message}\nRun ${spec.usage} --help for the usage.` };
    throw e;
  }
  const concurrencyText = values.concurrency as string | undefined;
  const concurrency = concurrencyText === undefined ? DEFAULT_CONCURRENCY : Number(concurrencyText);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    return { kind: 'error', message: `--concurrency must be a whole number from 1 to 256, got '${concurrencyText}'` };
  }
  const list = (v: unknown): string[] => (Array.isArray(v) ? [...(v as string[])] : []);
  return {
    kind: 'run',
    json: values.json === true,
    quiet: values.quiet === true,
    concurrency,
    filter: { accounts: list(values.account), regions: list(values.region) },
    configArgs: typeof values.config === 'string' ? ['--config', values.config] : [],
    values,
  };
}

/** A read-only command ready to run: its command line and the configuration it loaded. */
export interface Started {
  readonly cli: Extract<Parsed, { kind: 'run' }>;
  /** The configuration file, as given or defaulted. */
  readonly configPath: string;
  readonly model: Model;
}

/**
 * The first steps every read-only command takes: parse `argv`, print the help, or report a usage
 * error, an invalid configuration or an --account/--region that matches nothing on stderr. Returns the exit status when the command is done
 * already, otherwise what it runs with.
 */
export function startCommand(argv: readonly string[], spec: CommandSpec, io: { readonly stdout: ProgressStream; readonly stderr: ProgressStream }): number | Started {
  const cli = parseCommandLine(argv, spec);
  if (cli.kind === 'help') {
    io.stdout.write(cli.text);
    return EXIT.ok;
  }
  if (cli.kind === 'error') {
    io.stderr.write(`error: ${cli.message}\n`);
    return EXIT.usage;
  }
  const path = configPath(cli.configArgs);
  let model: Model;
  try {
    model = loadConfig(path);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr.write(`${e.message}\n`);
      return EXIT.findings;
    }
    throw e;
  }
  // A filter that matches nothing would check nothing and pass: a typo must not read as "all clear".
  const problems = filterProblems(model.accounts, cli.filter);
  if (problems.length > 0) {
    io.stderr.write(problems.map((p) => `error: ${p}\n`).join(''));
    return EXIT.usage;
  }
  return { cli, configPath: path, model };
}
