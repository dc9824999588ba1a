/**
 * `npm run accounts -- --from-organizations [--ou ou-xxxx ...] [--group NAME] [--write accounts.yaml] [--json]`
 *
 * Lists the accounts of AWS Organizations and merges them into an accounts file (the
 * `accountsFile` of the configuration): names and groups already assigned are kept, new active
 * accounts are added, accounts no longer active are marked `closed: true`. Prints the diff.
 * Exit status: 0 done, 1 AWS or file error, 2 usage error.
 */
import { isInteractive } from '../src/cli/args';
import { startCommand } from '../src/cli/command';
import { ACCOUNTS_COMMAND } from '../src/organization/command-spec';

// The frame sets process.exitCode, never process.exit(): stdout may be a pipe still being written
// (the YAML of --json or without --write).
void startCommand(ACCOUNTS_COMMAND, async (args) => {
  // The work loads only now: --help and usage errors answer without the AWS SDK and yaml.
  const [{ accountsCommand }, { organizationsClient }] = await Promise.all([import('../src/organization/accounts-command'), import('../src/organization/list-accounts')]);
  return accountsCommand(args, {
    client: organizationsClient(),
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    interactive: isInteractive(process.stderr),
    cwd: process.cwd(),
  });
});
