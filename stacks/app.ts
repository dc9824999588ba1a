import { join } from 'node:path';
import type { App, TerraformStack } from 'cdktf';
import type { Model } from '../src/model/model';
import { planAccount, planArchiveRegion, planRegion } from '../src/plan/resource-plan';
import { planStacks } from '../src/model/stack-plan';
import { ensureUpdaterBundle } from '../src/updater/bundle';
import { AccountGlobalStack } from './account-global-stack';
import { RegionGroupStack } from './region-group-stack';
import { LogArchiveStack } from './log-archive-stack';
import { turnOffTokenStackTraces } from './token-stack-traces';

/** Where synthesis bundles the updater Lambda (git-ignored; copied into each stack as an asset). */
export const LAMBDA_BUNDLE_DIR = join(__dirname, '..', 'dist', 'lambda');

function usesLambda(model: Model): boolean {
  return model.accounts.some((a) => a.regions.some((r) => r.documentManagement === 'lambda'));
}

/** Adds every stack of `model` to `app` (see src/model/stack-plan.ts) and returns them by name. */
export function addStacks(app: App, model: Model): Map<string, TerraformStack> {
  // No token creation stacks (error messages only): same output, a third less CPU (token-stack-traces.ts).
  turnOffTokenStackTraces();
  const stacks = new Map<string, TerraformStack>();
  const lambdaBundleDir = usesLambda(model) ? ensureUpdaterBundle(LAMBDA_BUNDLE_DIR) : undefined;
  for (const plan of planStacks(model)) {
    const common = { tags: model.tags, backend: model.backend };
    stacks.set(
      plan.name,
      plan.kind === 'global'
        ? new AccountGlobalStack(app, plan.name, { ...common, plan: planAccount(model, plan.account) })
        : new RegionGroupStack(app, plan.name, {
            ...common,
            account: plan.account,
            plans: plan.regions.map((region) => planRegion(model, plan.account, region)),
            ...(lambdaBundleDir ? { lambdaBundleDir } : {}),
          }),
    );
  }
  // The central log archive: one stack per archive Region, after the members (it depends on none of them).
  for (const bucket of model.logArchive?.buckets ?? []) {
    const plan = planArchiveRegion(model.logArchive!, bucket);
    stacks.set(plan.stack, new LogArchiveStack(app, plan.stack, { archive: model.logArchive!, plan, tags: model.tags, backend: model.backend }));
  }
  return stacks;
}
