/**
 * Every AWS (and HCP Terraform) name the app will create for a model, read from the resource plan
 * (src/plan/resource-plan.ts) the constructs build from, and the stack plan. Each name carries where it is unique and the configuration field it comes from, so a
 * broken rule or a collision can be reported at that field. __tests__/aws-names.test.ts checks
 * that this list equals the names found in the synthesized Terraform.
 */
import type { NameKind } from '../model/aws-names';
import { ACCESS_IAM_PATH, workspaceName } from '../model/resource-names';
import type { Model } from '../model/model';
import { planStacks } from '../model/stack-plan';
import { accountWideResources, planResources, regionResources, type AccountPlan, type ArchivePlan, type PlannedResource } from '../plan/resource-plan';

/** One name the app creates. */
export interface PlannedName {
  readonly kind: NameKind;
  readonly name: string;
  /** Account name and ID; absent for names of the backend. */
  readonly account?: { readonly name: string; readonly id: string; readonly index: number };
  /** Region of a Regional resource; absent for account-wide (IAM) and backend names. */
  readonly region?: string;
  /** ARN partition the name lives in. */
  readonly partition?: string;
  /** The configuration field the name comes from; absent for names the project fixes. */
  readonly path?: string;
  /** What carries the name, for messages ("the alias of the log encryption key"). */
  readonly what: string;
}

/** Plan kinds that carry a name AWS checks (keys are named by their aliases, settings by AWS). */
const NAMED_KINDS: ReadonlySet<string> = new Set<NameKind>([
  'ssmDocument',
  'kmsAlias',
  'ssmParameter',
  'logGroup',
  's3Bucket',
  'lambdaFunction',
  'iamRole',
  'iamPolicy',
  'iamInstanceProfile',
]);

/** The names of the plan's own resources (created, adopted, or written by the updater), not those it only references. */
function namesOf(resources: readonly PlannedResource[], account: NonNullable<PlannedName['account']>): PlannedName[] {
  return resources
    .filter((r) => r.disposition !== 'referenced' && NAMED_KINDS.has(r.kind))
    .map((r) => ({
      kind: r.kind as NameKind,
      name: r.name,
      account,
      ...(r.global ? {} : { region: r.region }),
      partition: r.partition,
      what: r.what,
      ...(r.path !== undefined ? { path: r.path } : {}),
    }));
}

function accountNames(plan: AccountPlan, index: number): PlannedName[] {
  const at = { name: plan.account.name, id: plan.account.id, index };
  const accountWide = accountWideResources(plan);
  const iamPath = accountWide.some((r) => r.attributes.path === ACCESS_IAM_PATH)
    ? [{ kind: 'iamPath' as const, name: ACCESS_IAM_PATH, account: at, partition: accountWide[0]!.partition, what: 'the access policies' }]
    : [];
  return [...namesOf(plan.regions.flatMap(regionResources), at), ...iamPath, ...namesOf(accountWide, at)];
}

/** The central log archive's buckets and keys (stacks/log-archive-stack.ts), in the archive account. */
function archiveNames(model: Model, plans: readonly ArchivePlan[]): PlannedName[] {
  const archive = model.logArchive;
  if (archive === undefined) return [];
  // The archive account may also be a member: then its names share that member's scope.
  const member = model.accounts.findIndex((a) => a.id === archive.accountId);
  const account = { name: archive.name, id: archive.accountId, index: member >= 0 ? member : -1 };
  const prefix = model.backend.type === 'cloud' ? model.backend.workspacePrefix : undefined;
  return plans.flatMap((plan): PlannedName[] => [
    ...(prefix !== undefined
      ? [
          {
            kind: 'tfcWorkspace' as const,
            name: workspaceName(prefix, plan.stack),
            what: `the workspace of the log archive stack in ${plan.bucket.region}`,
            path: 'logArchive.name',
          },
        ]
      : []),
    ...namesOf([plan.bucketResource, plan.key.alias], account),
  ]);
}

/** Every name the app creates for `model`. */
export function plannedNames(model: Model): PlannedName[] {
  const plan = planResources(model);
  const names = [...plan.accounts.flatMap((account, index) => accountNames(account, index)), ...archiveNames(model, plan.archive)];
  if (model.backend.type === 'cloud') {
    const prefix = model.backend.workspacePrefix;
    for (const stack of planStacks(model)) {
      names.push({ kind: 'tfcWorkspace', name: workspaceName(prefix, stack.name), what: `the workspace of the stack ${stack.name}`, path: 'backend.workspacePrefix' });
    }
  }
  return names;
}
