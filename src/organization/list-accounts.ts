/**
 * Reads accounts from AWS Organizations (SDK v3, read-only, paginated): every account of the
 * organization, and the accounts under organizational units (recursively: accounts of child OUs
 * too). OUs are walked with bounded concurrency; throttling is retried by the SDK's adaptive
 * retry mode (exponential backoff with a client-side rate limiter).
 */
import { OrganizationsClient, paginateListAccounts, paginateListAccountsForParent, paginateListOrganizationalUnitsForParent } from '@aws-sdk/client-organizations';
import type { OrganizationAccount } from './accounts-file';

/** Parallel Organizations calls at most (Organizations allows few requests per second). */
export const OU_CONCURRENCY = 4;

/** A client for the Organizations endpoint (us-east-1 in the commercial partition), retrying throttling. */
export function organizationsClient(region = process.env.AWS_REGION ?? 'us-east-1'): OrganizationsClient {
  return new OrganizationsClient({ region, maxAttempts: 10, retryMode: 'adaptive' });
}

/** Every account of the organization (ListAccounts, all pages). */
export async function listAllAccounts(client: OrganizationsClient): Promise<OrganizationAccount[]> {
  const out: OrganizationAccount[] = [];
  for await (const page of paginateListAccounts({ client }, {})) {
    for (const a of page.Accounts ?? []) {
      if (a.Id === undefined) continue;
      out.push({ id: a.Id, name: a.Name ?? a.Id, state: String(a.State ?? a.Status ?? 'UNKNOWN') });
    }
  }
  return out;
}

/** IDs of the accounts under each of `parents` (OU IDs or the root ID) and all their child OUs. */
export async function accountIdsUnder(client: OrganizationsClient, parents: readonly string[], onProgress?: (ous: number, accounts: number) => void): Promise<Set<string>> {
  const ids = new Set<string>();
  const seen = new Set<string>();
  const queue = [...parents];
  let visited = 0;
  const visit = async (parent: string): Promise<void> => {
    for await (const page of paginateListAccountsForParent({ client }, { ParentId: parent })) {
      for (const a of page.Accounts ?? []) if (a.Id !== undefined) ids.add(a.Id);
    }
    for await (const page of paginateListOrganizationalUnitsForParent({ client }, { ParentId: parent })) {
      for (const ou of page.OrganizationalUnits ?? []) if (ou.Id !== undefined && !seen.has(ou.Id)) queue.push(ou.Id);
    }
    visited++;
    onProgress?.(visited, ids.size);
  };
  const running = new Set<Promise<void>>();
  while (queue.length > 0 || running.size > 0) {
    while (queue.length > 0 && running.size < OU_CONCURRENCY) {
      const parent = queue.shift()!;
      if (seen.has(parent)) continue;
      seen.add(parent);
      const task: Promise<void> = visit(parent).finally(() => running.delete(task));
      running.add(task);
    }
    if (running.size > 0) await Promise.race(running);
  }
  return ids;
}
