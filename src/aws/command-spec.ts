/**
 * What the read-only commands (preflight, drift) say about themselves: their CommandSpec with the
 * runner's common flags, and the exit statuses. Apart from the runner (runner.ts, cli.ts, which
 * re-export them) so that an entry point's `--help` and usage errors load neither the AWS SDK nor
 * the configuration loader.
 */
import { CONFIG_FLAG, JSON_FLAG, type CommandSpec, type Example, type FlagSpec } from '../cli/args';

/** Default number of tasks in flight. */
export const DEFAULT_CONCURRENCY = 8;

/** Exit status of a read-only command (the convention of every command: EXIT_CONVENTION in src/cli/args.ts). */
export const EXIT = {
  /** Nothing found, no errors. */
  ok: 0,
  /** Findings (drift, collisions that would fail an apply, ...), and no errors; or an invalid configuration. */
  findings: 1,
  /** A usage error: the command did nothing. */
  usage: 2,
  /** Some account or task failed (credentials, API errors): the answer is incomplete. */
  error: 3,
} as const;

/** What a read-only command says about itself; readOnlyCommand adds the rest. */
export interface ReadOnlyCommand {
  /** As typed: `npm run preflight --`. */
  readonly usage: string;
  /** One paragraph. */
  readonly summary: string;
  /** Its own flags, after the common ones. */
  readonly flags?: readonly FlagSpec[];
  /** What exit status 1 means for this command (drift found, an apply would fail, ...). */
  readonly findingsMean: string;
  /** Example command lines (the help shows them). */
  readonly examples?: readonly Example[];
}

/** Flags every read-only command takes (besides --help). */
export const COMMON_FLAGS: readonly FlagSpec[] = [
  CONFIG_FLAG,
  JSON_FLAG,
  { name: 'account', type: 'list', value: '<id|name>', description: 'only this account' },
  { name: 'region', type: 'list', value: '<region>', description: 'only this Region' },
  { name: 'concurrency', type: 'string', value: '<n>', description: `account × Region tasks in flight at once (default ${DEFAULT_CONCURRENCY})` },
  { name: 'quiet', type: 'boolean', description: 'no progress lines on stderr' },
];

/** A read-only command's CommandSpec: the common flags, the credentials note and its exit statuses. */
export function readOnlyCommand(spec: ReadOnlyCommand): CommandSpec {
  return {
    usage: spec.usage,
    summary: spec.summary,
    flags: [...COMMON_FLAGS, ...(spec.flags ?? [])],
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
