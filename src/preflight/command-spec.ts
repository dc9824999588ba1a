/**
 * The command line of `npm run preflight` (what `--help` prints), apart from the command
 * (preflight.ts, which re-exports it): the entry point's `--help` and usage errors load neither the
 * AWS SDK nor the configuration loader.
 */
import { readOnlyCommand } from '../aws/command-spec';

export const PREFLIGHT_COMMAND = readOnlyCommand({
  usage: 'npm run preflight --',
  summary:
    'Read-only check before an apply: for every account and Region, finds each name the stacks would create that already exists ' +
    '(preferences and custom documents, KMS aliases, the key-ID parameter, log groups, buckets, the public-sharing setting, IAM names), ' +
    "tells the project's own resources (in the stack's local state, or tagged ManagedBy) from others' and from an earlier deployment whose state is lost, " +
    'says what the apply would do and what to change, and with --write sets adoptExisting/adoptResources in the configuration (comments kept).',
  flags: [{ name: 'write', type: 'boolean', description: 'write the changes into the configuration file (and its accountsFile) in place' }],
  findingsMean: 'an apply would fail (blocking findings not fixed by --write)',
  examples: [
    { command: 'npm run preflight', what: 'what already exists where the example would create something' },
    { command: 'npm run preflight -- --config config/prod.yaml --write', what: 'adopt what exists, editing the configuration' },
  ],
});
