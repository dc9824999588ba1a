/**
 * Progress of a run, on stderr (stdout carries the report). On a terminal: one line per account
 * as it finishes, under a status line that is rewritten in place ("12/50 accounts"). Otherwise
 * (CI logs, pipes): the same per-account lines, plain, with no control characters.
 */
import type { AccountResult, RunResult } from './runner';

/** What the runner tells about its progress. */
export interface Progress {
  start(accounts: number): void;
  accountDone(result: AccountResult<unknown>): void;
  finish(result: RunResult<unknown>): void;
}

/** Where progress goes. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** One line about a finished account: `sandbox (111111111111): 2 Regions, 3 findings`, or its error. */
export function accountLine(result: AccountResult<unknown>): string {
  const who = `${result.account.name} (${result.account.id})`;
  if (result.error) return `${who}: ERROR ${result.error.name}: ${result.error.message}`;
  const findings = result.tasks.reduce((n, t) => n + t.findings.length, 0);
  const failed = result.tasks.filter((t) => t.error !== undefined);
  const regions = result.tasks.filter((t) => t.region !== 'global').length;
  const parts = [`${regions} Region${regions === 1 ? '' : 's'}`, `${findings} finding${findings === 1 ? '' : 's'}`];
  if (failed.length > 0) parts.push(`${failed.length} error${failed.length === 1 ? '' : 's'} (${failed.map((t) => t.region).join(', ')})`);
  return `${who}: ${parts.join(', ')}`;
}

/** Progress on `stream`; a terminal gets a live status line, anything else plain lines. Silent with `quiet`. */
export function streamProgress(stream: ProgressStream = process.stderr, options: { readonly quiet?: boolean; readonly label?: string } = {}): Progress {
  if (options.quiet) return { start() {}, accountDone() {}, finish() {} };
  const tty = stream.isTTY === true;
  const label = options.label ?? 'accounts';
  let total = 0;
  let done = 0;
  const status = () => `${done}/${total} ${label}`;
  return {
    start(accounts) {
      total = accounts;
      if (tty) stream.write(status());
    },
    accountDone(result) {
      done++;
      if (tty) stream.write(`\r\x1b[K${accountLine(result)}\n${status()}`);
      else stream.write(`[${done}/${total}] ${accountLine(result)}\n`);
    },
    finish(result) {
      const seconds = (result.durationMs / 1000).toFixed(1);
      if (tty) stream.write(`\r\x1b[K${done}/${total} ${label} in ${seconds} s\n`);
      else stream.write(`done: ${done}/${total} ${label} in ${seconds} s\n`);
    },
  };
}
