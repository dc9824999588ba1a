import { join } from 'node:path';
import type { App, TerraformStack } from 'cdktf';
import { bundleLambdaSync } from '../scripts/bundle-lambda';
import type { Model } from '../src/config/model';
import { planStacks } from '../src/config/stack-plan';
import { AccountGlobalStack } from './account-global-stack';
import { RegionGroupStack } from './region-group-stack';

/** Where synthesis bundles the updater Lambda (git-ignored; copied into each stack as an asset). */
export const LAMBDA_BUNDLE_DIR = join(__dirname, '..', 'dist', 'lambda');

function usesLambda(model: Model): boolean {
  return model.accounts.some((a) => a.regions.some((r) => r.documentManagement === 'lambda'));
}

/** The DHMC role each Region's service setting names, when the configuration asks for the setting. */
function dhmcSetting(model: Model): { defaultHostManagementRole?: string } {
  const dhmc = model.access.instance.defaultHostManagement;
  return dhmc.createRole && dhmc.setServiceSetting ? { defaultHostManagementRole: dhmc.roleName } : {};
}

let bundled: string | undefined;

/** Bundles the updater once per process. */
function lambdaBundle(): string {
  if (bundled === undefined) {
    bundleLambdaSync(LAMBDA_BUNDLE_DIR);
    bundled = LAMBDA_BUNDLE_DIR;
  }
  return bundled;
}

/** Adds every stack of `model` to `app` (see src/config/stack-plan.ts) and returns them by name. */
export function addStacks(app: App, model: Model): Map<string, TerraformStack> {
  const stacks = new Map<string, TerraformStack>();
  const lambdaBundleDir = usesLambda(model) ? lambdaBundle() : undefined;
  for (const plan of planStacks(model)) {
    const common = { account: plan.account, tags: model.tags, backend: model.backend };
    stacks.set(
      plan.name,
      plan.kind === 'global'
        ? new AccountGlobalStack(app, plan.name, { ...common, access: model.access })
        : new RegionGroupStack(app, plan.name, { ...common, regions: plan.regions, ...(lambdaBundleDir ? { lambdaBundleDir } : {}), ...dhmcSetting(model) }),
    );
  }
  return stacks;
}
