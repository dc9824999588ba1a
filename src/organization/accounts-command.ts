/**
 * `npm run accounts -- --from-organizations [--ou ou-xxxx ...] [--group NAME] [--write accounts.yaml] [--json]`
 *
 * Lists the accounts of AWS Organizations and merges them into an accounts file (the
 * `accountsFile` of the configuration): names and groups already assigned are kept, new active
 * accounts are added, accounts no longer active are marked `closed: true`. Prints the diff.
 * Exit status: 0 done, 1 AWS or file error, 2 usage error.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { mergeAccounts, renderChanges, type AccountEntry } from './accounts-file';
import { accountIdsUnder, listAllAccounts } from './list-accounts';
import { UsageError, parseArgs, type ParsedArgs } from '../cli/args';
import { startCommand } from '../cli/command';
import { ACCOUNTS_COMMAND } from './command-spec';

export { ACCOUNTS_COMMAND };

/** Parsed command line. */
export interface AccountsOptions {
  readonly ous: readonly string[];
  readonly group?: string;
  readonly write?: string;
  readonly dryRun: boolean;
  readonly json: boolean;
}

const OU_ID = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;
const GROUP = /^[a-z][a-z0-9-]{0,39}$/;

/** Parses argv (never --help); throws UsageError naming the problem. */
export function parseAccountsArgs(argv: readonly string[]): AccountsOptions {
  return accountsOptions(parseArgs(ACCOUNTS_COMMAND, argv));
}

/** The options of parsed arguments; throws UsageError naming the problem (the frame prints it, exit 2). */
export function accountsOptions(parsed: ParsedArgs): AccountsOptions {
  const f = parsed.flags;
  const ous = (f.ou as readonly string[] | undefined) ?? [];
  for (const ou of ous) if (!OU_ID.test(ou)) throw new UsageError(`--ou ${ou}: not an OU ID (ou-xxxx-yyyyyyyy) or root ID (r-xxxx)`);
  const group = f.group as string | undefined;
  if (group !== undefined && !GROUP.test(group)) throw new UsageError(`--group ${group}: must be an account group name (lowercase letters, digits, hyphens)`);
  if (f['from-organizations'] !== true) throw new UsageError('--from-organizations is required (it is the only source of accounts)');
  const write = f.write as string | undefined;
  if (f['dry-run'] === true && write === undefined) throw new UsageError('--dry-run needs --write <file>');
  return { ous, ...(group !== undefined ? { group } : {}), ...(write !== undefined ? { write } : {}), dryRun: f['dry-run'] === true, json: f.json === true };
}

/** The entries of an accounts file (a list, or an object with an accounts list) and how to write them back. */
export function readAccountsFile(path: string): { entries: AccountEntry[]; render: (entries: readonly AccountEntry[]) => string } {
  const header = '# Accounts of the organization (npm run accounts -- --from-organizations). Names and groups are yours to edit.\n';
  if (!existsSync(path)) return { entries: [], render: (entries) => `${header}${stringify({ accounts: entries })}` };
  const doc = parseDocument(readFileSync(path, 'utf8'), { uniqueKeys: true });
  if (doc.errors.length > 0) throw new Error(`${path}: not valid YAML/JSON: ${doc.errors[0].message.split('\n')[0]}`);
  const data = doc.toJS() as unknown;
  const list = Array.isArray(data) ? data : (data as Record<string, unknown> | null)?.accounts;
  if (data !== null && data !== undefined && !Array.isArray(list)) throw new Error(`${path}: must hold a list of accounts, or an object with an accounts list`);
  const entries = (list ?? []) as AccountEntry[];
  entries.forEach((e, i) => {
    if (typeof e !== 'object' || e === null || typeof e.id !== 'string' || typeof e.name !== 'string') {
      throw new Error(`${path}: entry ${i} needs an id (quoted) and a name`);
    }
  });
  return {
    entries,
    render: (merged) => {
      if (Array.isArray(data)) return stringify(merged);
      // Keep the other keys (and the comments) of an object file; replace its accounts list.
      doc.set('accounts', doc.createNode(merged));
      return doc.toString();
    },
  };
}

/** What the command writes to and reads from (the real process, or a test's). */
export interface AccountsIo {
  readonly client: OrganizationsClient;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Progress lines go to a terminal only. */
  readonly interactive: boolean;
  readonly cwd: string;
}

/**
 * Runs the command with `argv` in the command-line frame, leaving the process's exit code alone
 * (tests); resolves to the exit code.
 */
export function runAccounts(argv: readonly string[], io: AccountsIo): Promise<number> {
  return startCommand(ACCOUNTS_COMMAND, (args) => accountsCommand(args, io), { argv, io: { stdout: { write: io.out }, stderr: { write: io.err } }, exit: () => undefined });
}

/** The command once the frame has parsed its arguments (scripts/accounts.ts); returns the exit code. */
export async function accountsCommand(args: ParsedArgs, io: AccountsIo): Promise<number> {
  const options = accountsOptions(args);
  try {
    const file = options.write !== undefined ? resolve(io.cwd, options.write) : undefined;
    const current = file !== undefined ? readAccountsFile(file) : { entries: [], render: (entries: readonly AccountEntry[]) => stringify({ accounts: entries }) };
    const progress = (text: string) => {
      if (io.interactive) io.err(`\r${text}`);
    };
    const listed = await listAllAccounts(io.client);
    progress(`${listed.length} accounts in the organization`);
    const inScope =
      options.ous.length > 0 ? await accountIdsUnder(io.client, options.ous, (ous, accounts) => progress(`${ous} OUs walked, ${accounts} accounts found`)) : undefined;
    if (io.interactive) io.err('\n');
    const result = mergeAccounts(current.entries, listed, { ...(inScope ? { inScope } : {}), ...(options.group !== undefined ? { group: options.group } : {}) });
    const text = current.render(result.accounts);
    if (options.json) {
      io.out(
        `${JSON.stringify({ file: file ?? null, written: file !== undefined && !options.dryRun, changes: result.changes, unchanged: result.unchanged, accounts: result.accounts }, null, 2)}\n`,
      );
    } else {
      for (const line of renderChanges(result)) (file !== undefined ? io.out : io.err)(`${line}\n`);
    }
    if (file !== undefined && !options.dryRun) {
      writeFileSync(file, text);
      if (!options.json) io.out(`wrote ${file}\n`);
    } else if (file === undefined && !options.json) {
      io.out(text);
    }
    return 0;
  } catch (e) {
    const error = e as Error & { name?: string };
    const hint =
      error.name === 'AWSOrganizationsNotInUseException'
        ? ' (this account is not in an organization)'
        : error.name === 'AccessDeniedException'
          ? ' (run it in the management account or a delegated administrator account, with organizations:List* permissions)'
          : '';
    io.err(`accounts: ${error.name && error.name !== 'Error' ? `${error.name}: ` : ''}${error.message}${hint}\n`);
    return 1;
  }
}
