import { App } from 'cdktf';
import type { Model } from '../src/config/model';
import { AccountStack } from './account-stack';

/** Adds one stack per account of `model` to `app` and returns them by stack name. */
export function addStacks(app: App, model: Model): Map<string, AccountStack> {
  const stacks = new Map<string, AccountStack>();
  for (const account of model.accounts) {
    stacks.set(account.name, new AccountStack(app, account.name, { account, tags: model.tags }));
  }
  return stacks;
}
