/**
 * The error a configuration that cannot be used throws, apart from the loader (load.ts, which
 * re-exports it): the command-line frame every entry point starts with (src/cli/command.ts)
 * reports it, and importing it must not load the parser, the schema and the checks.
 */
import type { ConfigIssue } from './issues';

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
