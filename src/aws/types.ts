/** Shared types of the read-only AWS runner (src/aws/runner.ts). */
import type { AccountModel } from '../model/model';
import type { LogArchiveModel } from '../model/model-log-archive';

/** One account as the runner sees it: who to be and where to look. */
export interface RunnerAccount {
  readonly id: string;
  readonly name: string;
  /** Role to assume (already resolved: SESSION_PREFS_ROLE_NAME, assumeRoleArn, assumeRoleName); absent = own credentials. */
  readonly assumeRoleArn?: string;
  /** Region of account-wide (global) tasks, such as IAM. */
  readonly homeRegion: string;
  /** Regions to run the Regional task in. */
  readonly regions: readonly string[];
}

/** An error of one account or one task, as reported (never the stack trace). */
export interface RunError {
  /** The AWS error name (AccessDenied, ThrottlingException, ...) or Error. */
  readonly name: string;
  readonly message: string;
}

/** Which accounts and Regions to look at (empty or absent = all). */
export interface RunFilter {
  readonly accounts?: readonly string[];
  readonly regions?: readonly string[];
}

/** The runner's view of the model's accounts: active Regions only (unless asked), filtered by ID/name and Region. */
export function runnerAccounts(accounts: readonly AccountModel[], filter: RunFilter = {}, includeRetired = false): RunnerAccount[] {
  const wantAccount = (a: AccountModel) => !filter.accounts?.length || filter.accounts.includes(a.id) || filter.accounts.includes(a.name);
  const wantRegion = (r: string) => !filter.regions?.length || filter.regions.includes(r);
  return accounts.filter(wantAccount).map((a) => ({
    id: a.id,
    name: a.name,
    ...(a.assumeRoleArn !== undefined ? { assumeRoleArn: a.assumeRoleArn } : {}),
    homeRegion: a.homeRegion,
    regions: a.regions.filter((r) => (includeRetired || !r.retired) && wantRegion(r.region)).map((r) => r.region),
  }));
}

/**
 * The runner's accounts with the log-archive account added (its Regions: the archive buckets'),
 * or its archive Regions merged into it when it is also a member account. Left out when the
 * --account filter names other accounts only.
 */
export function withArchiveAccount(accounts: readonly RunnerAccount[], archive: LogArchiveModel | undefined, filter: RunFilter = {}): RunnerAccount[] {
  if (archive === undefined) return [...accounts];
  const existing = accounts.find((a) => a.id === archive.accountId);
  const named = !filter.accounts?.length || filter.accounts.includes(archive.accountId) || filter.accounts.includes(archive.name) || existing !== undefined;
  if (!named) return [...accounts];
  const regions = archive.buckets.map((b) => b.region).filter((r) => !filter.regions?.length || filter.regions.includes(r));
  if (existing) return accounts.map((a) => (a === existing ? { ...a, regions: [...new Set([...a.regions, ...regions])] } : a));
  if (regions.length === 0) return [...accounts];
  return [
    ...accounts,
    {
      id: archive.accountId,
      name: archive.name,
      ...(archive.assumeRoleArn !== undefined ? { assumeRoleArn: archive.assumeRoleArn } : {}),
      homeRegion: archive.homeRegion,
      regions,
    },
  ];
}

/** The filter's accounts and Regions that match nothing in the configuration, each said as a problem. */
export function filterProblems(accounts: readonly AccountModel[], filter: RunFilter = {}): string[] {
  const problems: string[] = [];
  for (const id of new Set(filter.accounts ?? [])) {
    if (!accounts.some((a) => a.id === id || a.name === id)) problems.push(`--account ${id}: not an account of the configuration (give its 12-digit ID or its name)`);
  }
  for (const r of new Set(filter.regions ?? [])) {
    if (!accounts.some((a) => a.regions.some((x) => x.region === r && !x.retired))) problems.push(`--region ${r}: no account of the configuration manages this Region`);
  }
  return problems;
}

/** An error as reported: the AWS error name and message. */
export function toRunError(error: unknown): RunError {
  if (error instanceof Error) return { name: error.name || 'Error', message: error.message || String(error) };
  return { name: 'Error', message: String(error) };
}
