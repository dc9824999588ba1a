/**
 * `npm run stacks`: which stack holds which account and Regions, and where its state lives. Pure:
 * model in, rows and text out.
 */
import type { Model } from '../model/model';
import { planStacks } from '../model/stack-plan';
import { workspaceName } from '../model/resource-names';
import { allResources, planResources } from '../plan/resource-plan';
import { stateFile } from '../state/local-state';

/** One stack of the app, as `npm run stacks -- --json` prints it. */
export interface StackRow {
  readonly stack: string;
  /** `global`: account-wide IAM stack; `regions`: a Region group (`shard<k>`); `archive`: a log-archive bucket stack. */
  readonly kind: 'global' | 'regions' | 'archive';
  readonly account: { readonly name: string; readonly id: string };
  /** Regions with a provider alias in the stack (for a global stack: the home Region of its provider). */
  readonly regions: readonly string[];
  /** Retired Regions of the stack (their data resources are forgotten, not destroyed). */
  readonly retiredRegions: readonly string[];
  /** How many resources of the resource plan the stack creates or adopts (keys, aliases, documents, IAM, ...). */
  readonly resources: number;
  /** Where the stack's state lives. */
  readonly state: { readonly type: 'local'; readonly path: string } | { readonly type: 'cloud'; readonly workspace: string };
}

/** Every stack of the model in synthesis order: member stacks, then the log archive's (stacks/app.ts). */
export function stackRows(model: Model, stateDir?: string): StackRow[] {
  const state = (name: string): StackRow['state'] =>
    model.backend.type === 'local' ? { type: 'local', path: stateFile(name, stateDir) } : { type: 'cloud', workspace: workspaceName(model.backend.workspacePrefix, name) };
  const plan = planResources(model);
  const counts = new Map<string, number>();
  for (const r of allResources(plan)) if (r.stack !== undefined && r.disposition !== 'referenced') counts.set(r.stack, (counts.get(r.stack) ?? 0) + 1);
  const resources = (name: string) => counts.get(name) ?? 0;
  const archiveRows = plan.archive.map((a): StackRow => ({
    stack: a.stack,
    kind: 'archive',
    account: { name: a.bucketResource.accountName, id: a.bucketResource.accountId },
    regions: [a.bucket.region],
    retiredRegions: [],
    resources: resources(a.stack),
    state: state(a.stack),
  }));
  return [...memberRows(model, state, resources), ...archiveRows];
}

function memberRows(model: Model, state: (name: string) => StackRow['state'], resources: (name: string) => number): StackRow[] {
  return planStacks(model).map((plan) => ({
    stack: plan.name,
    kind: plan.kind,
    account: { name: plan.account.name, id: plan.account.id },
    regions: plan.kind === 'global' ? [plan.account.homeRegion] : plan.regions.map((r) => r.region),
    retiredRegions: plan.kind === 'global' ? [] : plan.regions.filter((r) => r.retired).map((r) => r.region),
    resources: resources(plan.name),
    state: state(plan.name),
  }));
}

/** A plain table: STACK, ACCOUNT, REGIONS; the global stack says it is account-wide. */
export function renderStackTable(rows: readonly StackRow[]): string {
  const cells = rows.map((r) => [
    r.stack,
    `${r.account.name} (${r.account.id})`,
    r.kind === 'global'
      ? `account-wide IAM, provider in ${r.regions[0]}`
      : r.kind === 'archive'
        ? `log archive bucket in ${r.regions[0]}`
        : r.regions.map((x) => (r.retiredRegions.includes(x) ? `${x} (retired)` : x)).join(', '),
  ]);
  const header = ['STACK', 'ACCOUNT', 'REGIONS'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: readonly string[]) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]))).join('  ');
  const accounts = new Set(rows.map((r) => r.account.id)).size;
  return `${[line(header), ...cells.map(line)].join('\n')}\n${rows.length} stacks, ${accounts} account${accounts === 1 ? '' : 's'}\n`;
}
