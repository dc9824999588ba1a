/** Which stacks `npm run diff` plans: --stack, --account and --region filters over the app's stack plan. Pure. */
import type { StackPlan } from '../model/stack-plan';

export interface StackFilters {
  /** Stack names, as `npm run stacks` lists them. */
  readonly stacks?: readonly string[];
  /** Account names or IDs. */
  readonly accounts?: readonly string[];
  /** Regions: a Region-group stack holding one of them (account-wide stacks have none). */
  readonly regions?: readonly string[];
}

/** The stacks that pass every given filter (all of them without filters), and the filter values that matched nothing. */
export function selectStacks(plans: readonly StackPlan[], filters: StackFilters): { readonly stacks: string[]; readonly unmatched: string[] } {
  const has = (list: readonly string[] | undefined) => list !== undefined && list.length > 0;
  const chosen = plans.filter(
    (p) =>
      (!has(filters.stacks) || filters.stacks!.includes(p.name)) &&
      (!has(filters.accounts) || filters.accounts!.includes(p.account.name) || filters.accounts!.includes(p.account.id)) &&
      (!has(filters.regions) || (p.kind === 'regions' && p.regions.some((r) => filters.regions!.includes(r.region)))),
  );
  const unmatched = [
    ...(filters.stacks ?? []).filter((s) => !plans.some((p) => p.name === s)).map((s) => `--stack ${s}`),
    ...(filters.accounts ?? []).filter((a) => !plans.some((p) => p.account.name === a || p.account.id === a)).map((a) => `--account ${a}`),
    ...(filters.regions ?? []).filter((r) => !plans.some((p) => p.kind === 'regions' && p.regions.some((x) => x.region === r))).map((r) => `--region ${r}`),
  ];
  return { stacks: chosen.map((p) => p.name), unmatched };
}

/** The stack name of a saved plan's JSON file: `sandbox-shard0.json`, `sandbox-shard0.plan.json` -> `sandbox-shard0`. */
export function stackOfPlanFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.json$/, '').replace(/\.(plan|tfplan)$/, '');
}
