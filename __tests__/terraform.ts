/** Terraform test gate (not a test file): run where Terraform and the mirror exist, say so where not. */
import { terraformUnavailableReason, type OfflinePlan } from '../src/terraform/offline';

const reason = terraformUnavailableReason();

/**
 * `describe` when Terraform and a provider mirror are available. Otherwise the block is replaced by
 * a `todo` entry (reported by jest as todo, never as passed) and a warning naming the reason;
 * with REQUIRE_TERRAFORM=1 a missing Terraform fails the suite instead.
 */
export function describeTerraform(name: string, body: () => void): void {
  describeWhen({ what: 'Terraform', requireVar: 'REQUIRE_TERRAFORM', unavailable: reason }, name, body);
}

/**
 * The gate itself, for any tier that needs a tool: `describe` when `unavailable` is undefined;
 * otherwise a `todo` and a warning naming the reason, or a failing test when `requireVar` is 1.
 */
export function describeWhen(gate: { readonly what: string; readonly requireVar: string; readonly unavailable: string | undefined }, name: string, body: () => void): void {
  const { what, requireVar, unavailable } = gate;
  if (unavailable === undefined) {
    describe(name, body);
    return;
  }
  if (process.env[requireVar] === '1') {
    it(`${name} (${what} required)`, () => {
      throw new Error(`${requireVar}=1 but ${unavailable}`);
    });
    return;
  }
  console.warn(`${what} checks were SKIPPED for "${name}": ${unavailable}`);
  it.todo(`${name}: ${what} checks skipped (${unavailable})`);
}

/** One entry of a plan's `resource_changes` (terraform show -json), with the fields the tests read. */
export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly change: { readonly actions: string[]; readonly after: Record<string, unknown>; readonly after_unknown?: Record<string, unknown> };
}

/** The planned resource changes of an offline plan (none when it produced no plan JSON). */
export function resourceChanges(plan: OfflinePlan): PlannedChange[] {
  return (plan.planJson?.resource_changes ?? []) as PlannedChange[];
}
