/**
 * Cuts the organization into stacks. Pure: from the model to a list of stack descriptions.
 *
 * Each account gets one account-wide stack (`<account>-global`, IAM) and one stack per Region
 * group (`<account>-shard<k>`). A Region's group is its position in the fixed KNOWN_REGIONS list
 * divided by the shard size, so adding or removing a Region never moves another Region to a
 * different stack; only changing the shard size does.
 */
import type { AccountModel, Model, RegionModel } from './model';
import { regionIndex } from './regions';
import { archiveStackNameOf } from './resource-names';

/** One stack of the app. */
export type StackPlan =
  | { readonly kind: 'global'; readonly name: string; readonly account: AccountModel }
  | { readonly kind: 'regions'; readonly name: string; readonly account: AccountModel; readonly shard: number; readonly regions: readonly RegionModel[] };

/** The group of a Region for a given shard size. */
export function shardOf(region: string, shardSize: number): number {
  return Math.floor(regionIndex(region) / shardSize);
}

/** Name of an account's Region-group stack. */
export function shardStackName(accountName: string, shard: number): string {
  return `${accountName}-shard${shard}`;
}

/** Name of an account's account-wide stack. */
export function globalStackName(accountName: string): string {
  return `${accountName}-global`;
}

/** Every stack of the model, accounts in file order, Region groups in ascending order. */
export function planStacks(model: Pick<Model, 'accounts' | 'shardSize'>): StackPlan[] {
  return model.accounts.flatMap((account): StackPlan[] => {
    const groups = new Map<number, RegionModel[]>();
    for (const region of account.regions) {
      const shard = shardOf(region.region, model.shardSize);
      groups.set(shard, [...(groups.get(shard) ?? []), region]);
    }
    const shards = [...groups.keys()].sort((x, y) => x - y);
    return [
      { kind: 'global', name: globalStackName(account.name), account },
      ...shards.map((shard): StackPlan => ({
        kind: 'regions',
        name: shardStackName(account.name, shard),
        account,
        shard,
        regions: [...(groups.get(shard) ?? [])].sort((x, y) => regionIndex(x.region) - regionIndex(y.region)),
      })),
    ];
  });
}

/** The name of every stack of the model: each account's (planStacks) and the log archive's, one per archive Region. */
export function stackNamesOf(model: Pick<Model, 'accounts' | 'shardSize' | 'logArchive'>): string[] {
  const archive = model.logArchive;
  return [...planStacks(model).map((p) => p.name), ...(archive ? archive.buckets.map((b) => archiveStackNameOf(archive.name, b.region)) : [])];
}
