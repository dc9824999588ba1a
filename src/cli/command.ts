/**
 * The command-line frame every entry point shares (main.ts, scripts/, bench/, the tool CLIs of
 * src/): parse the arguments against the command's CommandSpec, print the help (exit 0) or the
 * usage error (exit 2), run the command, and end with its exit status (EXIT_CONVENTION):
 *
 *   startCommand(STACKS_COMMAND, (args) => { ...; return 0; });
 *
 * What the command throws ends it too: a UsageError as a usage error (exit 2), a ConfigError with
 * its list of problems (exit 1), anything else as a crash (exit 1, the error on stderr).
 */
import { ConfigError } from '../config/config-error';
import { helpText, parseArgs, usageErrorText, UsageError, type CommandSpec, type ParsedArgs } from './args';

/** A stream the frame writes to: the process's, a test's buffer. */
export interface TextStream {
  write(text: string): unknown;
}

/** Where a command writes its help, usage errors and crashes. */
export interface CommandIo {
  readonly stdout: TextStream;
  readonly stderr: TextStream;
}

/** A command's work, given its parsed arguments and the raw ones; returns its exit status (nothing: 0). */
export type CommandMain = (args: ParsedArgs, argv: readonly string[]) => number | void | Promise<number | void>;

/** How startCommand runs (each defaults to the real process). */
export interface StartOptions {
  /** The arguments after the script (default: process.argv.slice(2)). */
  readonly argv?: readonly string[];
  readonly io?: CommandIo;
  /** What an unexpected error prints on stderr (default: its stack). */
  readonly crash?: (error: unknown) => string;
  /** Ends the command with its status (default: sets process.exitCode, so pipes still drain). */
  readonly exit?: (code: number) => void;
}

const PROCESS_IO: CommandIo = { stdout: process.stdout, stderr: process.stderr };

/** An error's message (anything thrown that is not an Error: as a string). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An error's stack, or its message when it has none. */
export function errorStack(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * The first step of the frame: parses `argv`; prints the help and returns 0 on --help, prints the
 * mistake and returns 2 on a usage error; otherwise returns the parsed arguments.
 */
export function parseCommand(spec: CommandSpec, argv: readonly string[], io: CommandIo = PROCESS_IO): number | ParsedArgs {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs(spec, argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(usageErrorText(spec, e));
    return 2;
  }
  if (parsed.help) {
    io.stdout.write(helpText(spec));
    return 0;
  }
  return parsed;
}

/** Runs a command in the frame (see the top of this file); resolves to its exit status once it has ended. */
export async function startCommand(spec: CommandSpec, main: CommandMain, options: StartOptions = {}): Promise<number> {
  const argv = options.argv ?? process.argv.slice(2);
  const io = options.io ?? PROCESS_IO;
  const code = await run(spec, main, argv, io, options.crash ?? ((e) => `${errorStack(e)}\n`));
  (
    options.exit ??
    ((status) => {
      process.exitCode = status;
    })
  )(code);
  return code;
}

async function run(spec: CommandSpec, main: CommandMain, argv: readonly string[], io: CommandIo, crash: (error: unknown) => string): Promise<number> {
  const args = parseCommand(spec, argv, io);
  if (typeof args === 'number') return args;
  try {
    return (await main(args, argv)) ?? 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(usageErrorText(spec, e));
      return 2;
    }
    if (e instanceof ConfigError) {
      io.stderr.write(`${e.message}\n`);
      return 1;
    }
    io.stderr.write(crash(e));
    return 1;
  }
}
