/**
 * `npm run preflight`: before the first apply, find every name the stacks would create that is
 * already taken in each account and Region, say what the apply would do and what to change, and
 * with --write set it in the configuration. Read-only towards AWS.
 */
import { writeFileSync } from 'node:fs';
import { startReadOnly } from '../aws/cli';
import type { ClientFactory } from '../aws/clients';
import type { ProgressStream } from '../aws/progress';
import { streamProgress } from '../aws/progress';
import type { RetryOptions } from '../aws/retry';
import type { ParsedArgs } from '../cli/args';
import { startCommand } from '../cli/command';
import { EXIT, runAccounts, type RunResult } from '../aws/runner';
import { runnerAccounts, withArchiveAccount } from '../aws/types';
import { loadConfig } from '../config/load';
import type { Model } from '../model/model';
import { stateDir } from '../state/local-state';
import { globalTask, regionTask } from './checks';
import { PREFLIGHT_COMMAND } from './command-spec';
import type { ExpectedResource } from './expected';
import type { ConfigFix, Finding } from './findings';
import { ownershipOf } from './ownership';
import { renderJson, renderText, summary, type PreflightOutcome } from './report';
import { editConfiguration, pasteSnippet, plannedEdits } from './write';

export { PREFLIGHT_COMMAND };

/** Everything the command needs from outside (tests pass fakes). */
export interface PreflightIo {
  readonly stdout: ProgressStream;
  readonly stderr: ProgressStream;
  readonly clients?: ClientFactory;
  readonly retry?: RetryOptions;
  readonly writeFile?: (path: string, text: string) => void;
  /** Every named resource the stacks of a model would create (stacks/expected-resources.ts). */
  readonly expectedResources: (model: Model) => readonly ExpectedResource[];
  /** The local state directory (default: $SESSION_PREFS_STATE_DIR or ./state, as the stacks' backend). */
  readonly stateDir?: string;
}

/**
 * Runs the command with `argv` in the command-line frame, leaving the process's exit code alone
 * (tests); resolves to the exit status.
 */
export function preflight(argv: readonly string[], io: PreflightIo): Promise<number> {
  return startCommand(PREFLIGHT_COMMAND, (args) => runPreflight(args, io), { argv, io, exit: () => undefined });
}

/** The command once the frame has parsed its arguments (scripts/preflight.ts); returns the exit status. */
export async function runPreflight(args: ParsedArgs, io: PreflightIo): Promise<number> {
  const started = startReadOnly(args, io);
  if (typeof started === 'number') return started;
  const { cli, configPath: path, model } = started;
  // The log-archive account too (its buckets and key alias), when it is not filtered out.
  const accounts = withArchiveAccount(runnerAccounts(model.accounts, cli.filter), model.logArchive, cli.filter);
  // Only the selected accounts' stacks are built (the whole organization's take minutes); an
  // account's names do not depend on the others.
  const selected = new Set(accounts.map((a) => a.id));
  const expected = io.expectedResources({ ...model, accounts: model.accounts.filter((a) => selected.has(a.id)) });
  // What is already ours: listed in the stacks' state (local backend), or tagged ManagedBy.
  const own = ownershipOf(model, io.stateDir ?? stateDir());
  const result = await runAccounts<Finding>({
    accounts,
    regionTask: regionTask(expected, own),
    globalTask: globalTask(expected, own),
    concurrency: cli.concurrency,
    progress: streamProgress(io.stderr, { quiet: cli.quiet }),
    ...(io.clients ? { clients: io.clients } : {}),
    ...(io.retry ? { retry: io.retry } : {}),
  });
  const fixes = result.accounts.flatMap((a) => a.tasks.flatMap((t) => t.findings.flatMap((f): ConfigFix[] => (f.fix ? [f.fix] : []))));
  const edits = plannedEdits(model, fixes);
  let written: string[] = [];
  if (cli.values.write === true && edits.length > 0) {
    const files = editConfiguration(path, edits);
    const write = io.writeFile ?? ((p: string, t: string) => writeFileSync(p, t));
    for (const f of files) write(f.path, f.after);
    try {
      // The written file must still be a valid configuration; otherwise put the old text back.
      if (io.writeFile === undefined) loadConfig(path);
    } catch (e) {
      for (const f of files) write(f.path, f.before);
      io.stderr.write(`preflight: the edited configuration did not validate, nothing written: ${(e as Error).message}\n`);
      return EXIT.error;
    }
    written = files.map((f) => f.path);
  }
  const outcome = outcomeOf(path, result, edits, pasteSnippet(model, edits), written);
  io.stdout.write(cli.json ? renderJson(outcome) : renderText(outcome));
  return outcome.exitCode;
}

function outcomeOf(configPathText: string, result: RunResult<Finding>, edits: PreflightOutcome['edits'], snippet: string, written: string[]): PreflightOutcome {
  const partial = { configPath: configPathText, result, edits, snippet, written, exitCode: 0 };
  const s = summary(partial);
  const exitCode = s.errors > 0 ? EXIT.error : s.unresolved > 0 ? EXIT.findings : EXIT.ok;
  return { ...partial, exitCode };
}
