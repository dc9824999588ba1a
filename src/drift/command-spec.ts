/**
 * The command line of `npm run drift` (what `--help` prints), apart from the command (cli.ts,
 * which re-exports it): the entry point's `--help` and usage errors load neither the AWS SDK nor
 * the configuration loader.
 */
import { readOnlyCommand } from '../aws/command-spec';

export const DRIFT_COMMAND = readOnlyCommand({
  usage: 'npm run drift --',
  summary:
    'Compares the live Session Manager preferences of every account and Region with what the configuration synthesizes: ' +
    'the preferences document (default and latest version, input by input), custom documents, the session-data key ' +
    '(enabled, rotation, alias target), the log group (exists, key, retention), the log bucket (encryption, versioning, ' +
    "public access block, policy, lifecycle), the public-sharing and DHMC settings, the IAM policies' default versions, " +
    "and the IAM roles and instance profiles (exist, path, the profile's role). Read-only. " +
    'Prints Markdown (or JSON with --json) on stdout.',
  flags: [{ name: 'markdown', type: 'string', value: '<file>', description: 'also write the Markdown report to this file (for an issue or a job summary)' }],
  findingsMean: 'drift: something differs from the configuration (each difference is listed)',
  examples: [
    { command: 'npm run drift', what: 'compare every account and Region of config/example.yaml with AWS' },
    { command: 'npm run drift -- --account sandbox --region eu-west-1 --json', what: 'one account and Region, as JSON' },
  ],
});
