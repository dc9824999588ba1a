/**
 * The command line of `npm run accounts` (what `--help` prints), apart from the command
 * (accounts-command.ts, which re-exports it): the entry point's `--help` and usage errors load
 * neither the AWS SDK nor yaml.
 */
import { JSON_FLAG, type CommandSpec } from '../cli/args';

/** The command line of `npm run accounts` (parsed by the shared frame, src/cli/command.ts). */
export const ACCOUNTS_COMMAND: CommandSpec = {
  usage: 'npm run accounts -- --from-organizations',
  summary:
    'Lists the accounts of AWS Organizations (read-only: organizations:ListAccounts, ListAccountsForParent, ListOrganizationalUnitsForParent) ' +
    'and merges them into an accounts file: names and groups already there are kept, new active accounts are added, accounts that are ' +
    'closed, suspended or gone are marked "closed: true" (they get no stacks). Prints the diff.',
  flags: [
    { name: 'from-organizations', type: 'boolean', description: 'read the accounts from AWS Organizations (required)' },
    { name: 'ou', type: 'list', value: '<id>', description: 'only add accounts under this OU (ou-...) or root (r-...), child OUs included' },
    { name: 'group', type: 'string', value: '<name>', description: 'account group (accountGroups) of the accounts this run adds' },
    { name: 'write', type: 'string', value: '<file>', description: 'merge into this YAML file (created when missing) and write it; without it the merged list goes to stdout' },
    { name: 'dry-run', type: 'boolean', description: 'with --write: print the diff, write nothing' },
    JSON_FLAG,
  ],
  details: ['Credentials: the usual AWS SDK chain (AWS_PROFILE, environment, SSO), in the management account or a delegated administrator account.'],
  examples: [
    { command: 'npm run accounts -- --from-organizations --write config/accounts.yaml --dry-run', what: 'show what would change in the accounts file' },
    { command: 'npm run accounts -- --from-organizations --ou ou-ab12-cdef3456 --group prod --write config/accounts.yaml', what: 'add the accounts of one OU to group prod' },
  ],
  exit: { 0: 'done', 1: 'AWS or file error' },
};
