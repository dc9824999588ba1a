/**
 * The read-only commands (preflight, drift) in the command-line frame every command shares
 * (src/cli/command.ts): their CommandSpec, with the runner's common flags and what each exit
 * status means (0 nothing found, 1 findings or an invalid configuration, 2 usage error, 3
 * incomplete), and what they do once the frame has parsed the arguments: check the runner's
 * flags, load the configuration and check the account and Region filters.
 */
import type { ParsedArgs } from '../cli/args';
import type { TextStream } from '../cli/command';
import { configPath } from '../cli/config-file';
import { loadConfig } from '../config/load';
import type { Model } from '../model/model';
import { COMMON_FLAGS, DEFAULT_CONCURRENCY, EXIT, readOnlyCommand, type ReadOnlyCommand } from './command-spec';
import { filterProblems, type RunFilter } from './types';

// The specs live apart, so that `--help` loads neither the runner nor the configuration loader.
export { COMMON_FLAGS, readOnlyCommand, type ReadOnlyCommand };

/** The runner's flags of a read-only command line. */
export interface ReadOnlyArgs {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly concurrency: number;
  readonly filter: RunFilter;
  /** The configuration arguments, as configPath() in src/cli/config-file.ts reads them. */
  readonly configArgs: readonly string[];
  /** Every flag's value, the command's own included. */
  readonly values: ParsedArgs['flags'];
}

/** The runner's flags of parsed arguments, or what is wrong with them (a --concurrency out of range). */
export function readOnlyArgs(args: ParsedArgs): ReadOnlyArgs | { readonly error: string } {
  const values = args.flags;
  const concurrencyText = values.concurrency as string | undefined;
  const concurrency = concurrencyText === undefined ? DEFAULT_CONCURRENCY : Number(concurrencyText);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    return { error: `--concurrency must be a whole number from 1 to 256, got '${concurrencyText}'` };
  }
  const list = (v: unknown): string[] => (Array.isArray(v) ? [...(v as string[])] : []);
  return {
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
  readonly cli: ReadOnlyArgs;
  /** The configuration file, as given or defaulted. */
  readonly configPath: string;
  readonly model: Model;
}

/**
 * The steps every read-only command takes after the frame has parsed its arguments: report a bad
 * --concurrency or an --account/--region that matches nothing on stderr (exit 2), load the
 * configuration (an invalid one throws ConfigError, which the frame reports with exit 1). Returns
 * the exit status when the command is done already, otherwise what it runs with.
 */
export function startReadOnly(args: ParsedArgs, io: { readonly stderr: TextStream }): number | Started {
  const cli = readOnlyArgs(args);
  if ('error' in cli) {
    io.stderr.write(`error: ${cli.error}\n`);
    return EXIT.usage;
  }
  const path = configPath(cli.configArgs);
  const model = loadConfig(path);
  // A filter that matches nothing would check nothing and pass: a typo must not read as "all clear".
  const problems = filterProblems(model.accounts, cli.filter);
  if (problems.length > 0) {
    io.stderr.write(problems.map((p) => `error: ${p}\n`).join(''));
    return EXIT.usage;
  }
  return { cli, configPath: path, model };
}
