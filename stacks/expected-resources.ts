/**
 * What the stacks would create, with the names they would use, for `npm run preflight`: built from
 * the same stacks as `cdktf synth` (addStacks, in memory), never from copies of the naming rules. Each
 * named resource whose name must be unused for its create to succeed is listed with its account,
 * Region, stack, Terraform address, whether an import block adopts it, and which configuration
 * switch would adopt it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformResource, TerraformStack, Token } from 'cdktf';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Model } from '../src/model/model';
import type { ExpectedKind, ExpectedResource } from '../src/preflight/expected';
import { allResources, planResources, TERRAFORM_TYPE_OF, type PlannedResource, type ResourceKind, type ResourcePlan } from '../src/plan/resource-plan';
import { addStacks } from './app';
import { AccountGlobalStack } from './account-global-stack';
import { RegionGroupStack } from './region-group-stack';
import { LogArchiveStack } from './log-archive-stack';

/** The resource plan's kind of each preflight kind (IAM names are account-wide). */
const PLAN_KIND: Readonly<Record<ExpectedKind, ResourceKind>> = {
  document: 'ssmDocument',
  kmsAlias: 'kmsAlias',
  parameter: 'ssmParameter',
  logGroup: 'logGroup',
  bucket: 's3Bucket',
  serviceSetting: 'serviceSetting',
  iamPolicy: 'iamPolicy',
  iamRole: 'iamRole',
  instanceProfile: 'iamInstanceProfile',
  lambdaFunction: 'lambdaFunction',
};
const GLOBAL_KINDS: ReadonlySet<ExpectedKind> = new Set(['iamPolicy', 'iamRole', 'instanceProfile']);

/** Preflight's kind, the name argument and scope of each Terraform type it checks (the types from the plan's TERRAFORM_TYPE_OF). */
const KIND_OF_TYPE: Readonly<Record<string, { kind: ExpectedKind; nameArg: string; global?: boolean }>> = Object.fromEntries(
  (Object.entries(PLAN_KIND) as [ExpectedKind, ResourceKind][]).map(([kind, planKind]) => [
    TERRAFORM_TYPE_OF[planKind].type,
    { kind, nameArg: TERRAFORM_TYPE_OF[planKind].nameArg!, ...(GLOBAL_KINDS.has(kind) ? { global: true } : {}) },
  ]),
);

const planKey = (stack: string, kind: ResourceKind, name: string) => `${stack}\u0000${kind}\u0000${name}`;

/** The plan's entries by stack, kind and name: which switch adopts each (src/plan/resource-plan.ts decides it). */
function planIndex(plan: ResourcePlan): Map<string, PlannedResource> {
  return new Map(allResources(plan).flatMap((r) => (r.stack !== undefined && r.disposition !== 'referenced' ? [[planKey(r.stack, r.kind, r.name), r] as const] : [])));
}

function settingsOf(kind: ExpectedKind, config: Record<string, unknown>): Record<string, unknown> {
  switch (kind) {
    case 'logGroup':
      return { retentionDays: config.retention_in_days, encrypted: config.kms_key_id !== undefined };
    case 'serviceSetting':
      return { value: config.setting_value };
    case 'iamPolicy':
    case 'iamRole':
    case 'instanceProfile':
      return config.path !== undefined ? { path: config.path } : {};
    default:
      return {};
  }
}

/**
 * Every named resource of the given stacks (already built). Each resource is rendered on its own
 * (`toTerraform()`, the same arguments and import block the stack's JSON gets): rendering whole
 * stacks would resolve every policy of the organization only to read a few names.
 */
export function expectedInStacks(stacks: ReadonlyMap<string, TerraformStack>, plan: ResourcePlan): ExpectedResource[] {
  const out: ExpectedResource[] = [];
  const planned = planIndex(plan);
  for (const [stackName, stack] of stacks) {
    const accountId = stack instanceof RegionGroupStack || stack instanceof AccountGlobalStack || stack instanceof LogArchiveStack ? accountOf(stack) : undefined;
    if (accountId === undefined) continue;
    for (const resource of stack.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource)) {
      const known = KIND_OF_TYPE[resource.terraformResourceType];
      if (known === undefined) continue;
      const rendered = resource.toTerraform() as {
        resource?: Record<string, Record<string, Record<string, unknown>>>;
        import?: { to: string }[];
      };
      const config = rendered.resource?.[resource.terraformResourceType]?.[resource.friendlyUniqueId];
      const name = config?.[known.nameArg];
      // A name only known at apply (a reference) cannot be looked up; none of the stacks' names is one today.
      if (config === undefined || typeof name !== 'string' || Token.isUnresolved(name)) continue;
      const region = (resource.provider as AwsProvider | undefined)?.region;
      if (region === undefined) continue;
      const address = `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
      const entry = planned.get(planKey(stackName, PLAN_KIND[known.kind], name));
      const adoptSwitch = entry?.adoptSwitch;
      out.push({
        kind: known.kind,
        name,
        accountId,
        region,
        global: known.global === true,
        stack: stackName,
        address,
        imported: (rendered.import ?? []).some((i) => i.to === address),
        ...(adoptSwitch ? { adoptSwitch } : {}),
        ...(adoptSwitch === 'adoptExisting' ? { preferencesDocument: true } : {}),
        ...(entry?.path !== undefined ? { namePath: entry.path } : {}),
        settings: settingsOf(known.kind, config),
      });
    }
  }
  return out;
}

function accountOf(stack: RegionGroupStack | AccountGlobalStack | LogArchiveStack): string | undefined {
  const provider = stack instanceof RegionGroupStack ? [...stack.providers.values()][0] : stack.provider;
  const ids = provider?.allowedAccountIds;
  return Array.isArray(ids) && typeof ids[0] === 'string' ? ids[0] : undefined;
}

/** Every named resource the stacks of `model` would create (the app is built in memory, nothing is written). */
export function expectedResources(model: Model): ExpectedResource[] {
  const outdir = mkdtempSync(join(tmpdir(), 'session-prefs-preflight-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    return expectedInStacks(addStacks(app, model), planResources(model));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
