/**
 * Checks that span several entries of the configuration and need nothing resolved: names and
 * lists that repeat, the role-name override, key IDs that cannot serve several Regions.
 */
import { isSingleRegionKeyId } from './field-formats';
import { duplicates, type Report } from './issues';
import { ROLE_NAME_ENV_VAR } from './roles';
import type { ConfigInput } from './schema';

/** Reports each repeat of a Region list where it is written (an account that inherits the list repeats nothing). */
export function reportListedTwice(list: readonly string[] | undefined, path: string, report: Report): void {
  duplicates(list ?? []).forEach((at, region) => at.slice(1).forEach((i) => report(`${path}[${i}]`, `lists ${region} twice (first at ${path}[${at[0]}]): remove one`)));
}

/** Account IDs and names, the Region lists and custom document names are each unique. */
export function checkUniqueness(config: ConfigInput, report: Report): void {
  duplicates(config.accounts.map((a) => a.id)).forEach((at, id) => at.slice(1).forEach((i) => report(`accounts[${i}].id`, `duplicates accounts[${at[0]}].id (${id})`)));
  duplicates(config.accounts.map((a) => a.name)).forEach((at, name) => at.slice(1).forEach((i) => report(`accounts[${i}].name`, `duplicates accounts[${at[0]}].name (${name})`)));
  reportListedTwice(config.regions, 'regions', report);
  reportListedTwice(config.retiredRegions, 'retiredRegions', report);
  duplicates((config.customDocuments ?? []).map((d) => d.name)).forEach((at, name) =>
    at.slice(1).forEach((i) => report(`customDocuments[${i}].name`, `duplicates customDocuments[${at[0]}].name (${name})`)),
  );
}

/** $SESSION_PREFS_ROLE_NAME, when set, is an IAM role name. */
export function checkRoleNameOverride(env: Readonly<Record<string, string | undefined>>, report: Report): void {
  const roleOverride = env[ROLE_NAME_ENV_VAR];
  if (roleOverride !== undefined && roleOverride !== '' && !/^[\w+=,.@-]{1,64}$/.test(roleOverride)) {
    report(ROLE_NAME_ENV_VAR, 'must be an IAM role name (1-64 characters of letters, digits and +=,.@_-)');
  }
}

/** A bare (single-Region) key ID cannot serve several Regions; kmsKeyIdByRegion can. */
export function checkSingleRegionKeyIds(config: ConfigInput, report: Report): void {
  const encryptionInputs = [
    { path: 'preferences.sessionEncryption', input: config.preferences?.sessionEncryption },
    ...(config.customDocuments ?? []).map((doc, i) => ({ path: `customDocuments[${i}].preferences.sessionEncryption`, input: doc.preferences?.sessionEncryption })),
  ];
  for (const { path, input } of encryptionInputs) {
    if (input?.kmsKeyId === undefined || !isSingleRegionKeyId(input.kmsKeyId)) continue;
    const uncovered = (regions: readonly string[]) => regions.filter((r) => input.kmsKeyIdByRegion?.[r] === undefined);
    if (config.accounts.some((account) => uncovered(account.regions ?? config.regions).length > 1)) {
      report(`${path}.kmsKeyId`, 'is a key ID, which names a key in one Region, but is used in several: use an alias, a multi-Region key (mrk-...) or kmsKeyIdByRegion');
    }
  }
}
