/**
 * Accounts × Regions: each active account with its Regions (retired ones kept, marked), home
 * Region, assumed role, group access, and per Region the resolved preferences and settings.
 */
import { DEFAULTS } from './defaults';
import { reportListedTwice } from './cross-checks';
import type { Report } from './issues';
import type { GroupResolver } from './resolve-groups';
import { assumedRoleArn } from './roles';
import type { ConfigInput } from './schema';
import { partitionOf } from '../model/regions';
import type { AccessModel, AccountModel, AdoptableResource, RegionModel } from '../model/model';

/** The model's accounts; closed accounts get none. */
export function resolveAccounts(
  config: ConfigInput,
  env: Readonly<Record<string, string | undefined>>,
  groups: GroupResolver,
  report: Report,
  topAccess: AccessModel,
): AccountModel[] {
  // Closed accounts (npm run accounts) keep their entry but get no stacks.
  return config.accounts
    .flatMap((account, a) => (account.closed === true ? [] : [{ account, a }]))
    .map(({ account, a }) => {
      const active = account.regions ?? config.regions;
      const retired = [...new Set([...(config.retiredRegions ?? []), ...(account.retiredRegions ?? [])])];
      for (const region of retired.filter((r) => active.includes(r))) {
        const where = account.retiredRegions?.includes(region) ? `accounts[${a}].retiredRegions` : 'retiredRegions';
        report(where, `lists ${region}, which is still an active Region of accounts[${a}]: remove it from regions when you retire it`);
      }
      const regions = [...active, ...retired.filter((r) => !active.includes(r))];
      if (regions.length === 0) report(`accounts[${a}].regions`, 'must list at least one Region');
      const partitions = [...new Set(regions.map(partitionOf))];
      if (partitions.length > 1) {
        report(`accounts[${a}].regions`, `mixes partitions (${partitions.join(', ')}): an account lives in exactly one partition`);
      }
      reportListedTwice(account.regions, `accounts[${a}].regions`, report);
      reportListedTwice(account.retiredRegions, `accounts[${a}].retiredRegions`, report);
      for (const region of Object.keys(account.regionSettings ?? {})) {
        if (!regions.includes(region)) report(`accounts[${a}].regionSettings.${region}`, `is not one of this account's regions (${regions.join(', ')})`);
      }
      const first = regions[0] ?? DEFAULTS.homeRegion;
      const homeRegion = account.homeRegion ?? config.stacks?.homeRegion ?? (partitionOf(first) === 'aws' ? DEFAULTS.homeRegion : first);
      if (partitionOf(homeRegion) !== partitionOf(first)) {
        report(account.homeRegion ? `accounts[${a}].homeRegion` : 'stacks.homeRegion', `${homeRegion} is not in the partition of the account's regions (${partitionOf(first)})`);
      }
      const assumeRoleArn = assumedRoleArn(partitionOf(first), account.id, { assumeRoleArn: account.assumeRoleArn, assumeRoleName: config.assumeRoleName }, env);
      const accessOf = (group: string | undefined) => {
        const own = groups.access(group);
        return own ? { access: own, accessPath: `accountGroups.${group}.access` } : { access: topAccess, accessPath: 'access' };
      };
      return withRegionSplit({
        id: account.id,
        name: account.name,
        ...(assumeRoleArn ? { assumeRoleArn } : {}),
        homeRegion,
        ...(account.group !== undefined ? { group: account.group } : {}),
        ...accessOf(account.group),
        regions: [...new Set(regions)].map((region): RegionModel => {
          // Top-level preferences, Region overrides and the account's group (resolve-groups.ts).
          const { preferences, customDocuments } = groups.region(account.group, account.id, region, `accounts[${a}]`);
          const settings = account.regionSettings?.[region];
          return {
            region,
            partition: partitionOf(region),
            retired: !active.includes(region),
            documentManagement: settings?.documentManagement ?? account.documentManagement ?? config.documentManagement ?? DEFAULTS.documentManagement,
            adoptExisting: settings?.adoptExisting ?? account.adoptExisting ?? config.adoptExisting ?? DEFAULTS.adoptExisting,
            adoptResources: [...new Set(settings?.adoptResources ?? account.adoptResources ?? config.adoptResources ?? (DEFAULTS.adoptResources as readonly AdoptableResource[]))],
            preferences,
            customDocuments,
          };
        }),
      });
    });
}

/** Keeps the active and retired Regions apart once, for every consumer. */
function withRegionSplit(account: Omit<AccountModel, 'activeRegions' | 'retiredRegions'>): AccountModel {
  return { ...account, activeRegions: account.regions.filter((r) => !r.retired), retiredRegions: account.regions.filter((r) => r.retired) };
}
