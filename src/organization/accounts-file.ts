/**
 * The accounts file and AWS Organizations: merges the accounts Organizations lists into the
 * accounts already written (pure; no I/O). Entries keep every field a person wrote (name, group,
 * regions, ...); new active accounts are added with a name derived from theirs; accounts that are
 * closed, suspended or gone from the organization are marked `closed: true` (never deleted: their
 * state files stay meaningful); a closed account that is active again loses the mark.
 */

/** An account as AWS Organizations lists it. */
export interface OrganizationAccount {
  readonly id: string;
  /** Name in Organizations (free text). */
  readonly name: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, PENDING_ACTIVATION (State, or the older Status). */
  readonly state: string;
}

/** An entry of the accounts file: at least id and name; every other field is kept as written. */
export type AccountEntry = { readonly id: string; readonly name: string; readonly group?: string; readonly closed?: boolean } & Readonly<Record<string, unknown>>;

/** One line of the diff. */
export interface AccountChange {
  readonly kind: 'added' | 'closed' | 'reopened';
  readonly id: string;
  readonly name: string;
  readonly group?: string;
  /** Why: the account's state in Organizations, or that it left the organization. */
  readonly reason?: string;
}

/** The merged file and what changed. */
export interface MergeResult {
  readonly accounts: readonly AccountEntry[];
  readonly changes: readonly AccountChange[];
  readonly unchanged: number;
}

export interface MergeOptions {
  /** IDs of the accounts in scope (under the --ou filter); undefined means all listed accounts. */
  readonly inScope?: ReadonlySet<string>;
  /** Group given to accounts added by this run. */
  readonly group?: string;
}

const ACCOUNT_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/** A valid account name (lowercase, 1-40 characters, starting with a letter) derived from an Organizations name. */
export function accountNameFrom(name: string, id: string): string {
  let slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(slug)) slug = `account-${slug || id}`.replace(/-+$/, '');
  slug = slug.slice(0, 40).replace(/-+$/, '');
  return ACCOUNT_NAME.test(slug) ? slug : `account-${id}`;
}

/** A name not yet taken: the derived one, else with the last digits of the ID appended. */
function uniqueName(wanted: string, id: string, taken: Set<string>): string {
  if (!taken.has(wanted)) return wanted;
  for (const digits of [4, 6, 12]) {
    const suffix = `-${id.slice(-digits)}`;
    const candidate = `${wanted.slice(0, 40 - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
  return `account-${id}`;
}

/** Merges `listed` (every account of the organization) into `existing` (the accounts file). */
export function mergeAccounts(existing: readonly AccountEntry[], listed: readonly OrganizationAccount[], options: MergeOptions = {}): MergeResult {
  const byId = new Map(listed.map((a) => [a.id, a]));
  const changes: AccountChange[] = [];
  let unchanged = 0;
  const accounts: AccountEntry[] = existing.map((entry) => {
    const found = byId.get(entry.id);
    const active = found?.state === 'ACTIVE';
    const group = entry.group !== undefined ? { group: entry.group } : {};
    if (!active && entry.closed !== true) {
      changes.push({ kind: 'closed', id: entry.id, name: entry.name, ...group, reason: found ? found.state : 'no longer in the organization' });
      return { ...entry, closed: true };
    }
    if (active && entry.closed === true) {
      changes.push({ kind: 'reopened', id: entry.id, name: entry.name, ...group, reason: 'ACTIVE' });
      const { closed: _closed, ...rest } = entry;
      return rest as AccountEntry;
    }
    unchanged++;
    return entry;
  });
  const known = new Set(existing.map((e) => e.id));
  const taken = new Set(existing.map((e) => e.name));
  const added = listed
    .filter((a) => a.state === 'ACTIVE' && !known.has(a.id) && (options.inScope === undefined || options.inScope.has(a.id)))
    .sort((x, y) => x.name.localeCompare(y.name) || x.id.localeCompare(y.id));
  for (const account of added) {
    const name = uniqueName(accountNameFrom(account.name, account.id), account.id, taken);
    taken.add(name);
    const entry: AccountEntry = { id: account.id, name, ...(options.group !== undefined ? { group: options.group } : {}) };
    accounts.push(entry);
    changes.push({ kind: 'added', id: account.id, name, ...(options.group !== undefined ? { group: options.group } : {}), reason: `"${account.name}"` });
  }
  return { accounts, changes, unchanged };
}

/** The diff as lines: `+` added, `-` closed, `~` reopened, then a summary. */
export function renderChanges(result: MergeResult): string[] {
  const mark = { added: '+', closed: '-', reopened: '~' } as const;
  const lines = result.changes.map((c) => {
    const what =
      c.kind === 'added' ? `added${c.reason ? ` (${c.reason} in Organizations)` : ''}` : c.kind === 'closed' ? `marked closed (${c.reason})` : 'active again: closed mark removed';
    return `${mark[c.kind]} ${c.id} ${c.name}${c.group ? ` [group ${c.group}]` : ''}: ${what}`;
  });
  const count = (kind: AccountChange['kind']) => result.changes.filter((c) => c.kind === kind).length;
  lines.push(`${count('added')} added, ${count('closed')} marked closed, ${count('reopened')} reopened, ${result.unchanged} unchanged`);
  return lines;
}
