import type { App, TerraformStack } from 'cdktf';
import type { Model } from '../src/config/model';
import { planStacks } from '../src/config/stack-plan';
import { AccountGlobalStack } from './account-global-stack';
import { RegionGroupStack } from './region-group-stack';

/** Adds every stack of `model` to `app` (see src/config/stack-plan.ts) and returns them by name. */
export function addStacks(app: App, model: Model): Map<string, TerraformStack> {
  const stacks = new Map<string, TerraformStack>();
  for (const plan of planStacks(model)) {
    const common = { account: plan.account, tags: model.tags, backend: model.backend };
    stacks.set(
      plan.name,
      plan.kind === 'global'
        ? new AccountGlobalStack(app, plan.name, common)
        : new RegionGroupStack(app, plan.name, { ...common, regions: plan.regions }),
    );
  }
  return stacks;
}
