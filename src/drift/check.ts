/**
 * One drift check of one Region or one account: collect, then compare. What the runner's tasks
 * (and the benchmark) call.
 */
import { collectAccount, collectRegion, type AccountClients, type Call, type RegionClients } from './collect';
import { compareAccount, compareRegion, type Difference } from './compare';
import type { ExpectedAccount, ExpectedRegion } from './expected';

/** What one check found: differences, and what could not be read. */
export interface CheckResult {
  readonly differences: readonly Difference[];
  readonly errors: readonly string[];
}

/** Reads one Region of one account and compares it with the expected state. */
export async function checkRegion(clients: RegionClients, expected: ExpectedRegion, call?: Call): Promise<CheckResult> {
  const observed = await collectRegion(clients, expected, call);
  return { differences: compareRegion(expected, observed), errors: observed.errors };
}

/** Reads an account's managed policies, roles and instance profiles and compares them with the plan. */
export async function checkAccount(clients: AccountClients, expected: ExpectedAccount, call?: Call): Promise<CheckResult> {
  const observed = await collectAccount(clients, expected, call);
  return { differences: compareAccount(expected, observed), errors: observed.errors };
}
