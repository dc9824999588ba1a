/**
 * Checks that span several entries of the configuration and need nothing resolved: names and
 * lists that repeat, the role-name override, key IDs that cannot serve several Regions. The
 * checks of what preferences, custom documents and access say run once over every layer that
 * writes them (the top level and each account group, see resolve-groups.ts), each with the
 * accounts it serves; the AWS checks of aws-checks.ts walk the same layers.
 */
import { isSingleRegionKeyId } from './field-formats';
import { duplicates, type Report } from './issues';
import { ROLE_NAME_ENV_VAR } from './roles';
import type { ConfigInput } from './schema';
import type { AccessInput } from './schema-access';

/** A `sessionEncryption` as a layer writes it: the fields that name an existing key. */
export type KeyInput = { readonly kmsKeyId?: string; readonly kmsKeyIdByRegion?: Partial<Record<string, string>> } | undefined;

/** Preferences as a layer writes them (the top level's or a group's override): only what the layer checks read. */
type LayerPreferences = { readonly sessionEncryption?: KeyInput } & Readonly<Record<string, unknown>>;

/** A layer that writes preferences, custom documents and access: the top level, or an account group. */
export interface SettingsLayer {
  /** Where the layer is written: `` for the top level, `accountGroups.<name>.` for a group. */
  readonly prefix: string;
  /** The group, for a group's layer. */
  readonly group?: string;
  /** The layer's own preferences (a group's: its overrides). */
  readonly preferences: LayerPreferences | undefined;
  /** The layer's own preferences' session encryption. */
  readonly sessionEncryption: KeyInput;
  readonly customDocuments: readonly { readonly name: string; readonly preferences?: LayerPreferences }[];
  /** The layer's own access (a group's: its overrides). */
  readonly access: AccessInput | undefined;
  /** The layer's Region-level overrides (`regionOverrides.<region>.preferences`). */
  readonly regionOverrides: Readonly<Partial<Record<string, { readonly preferences?: LayerPreferences }>>>;
  /** The accounts that get the layer: every account for the top level, a group's members for a group. */
  readonly accounts: readonly { readonly regions?: readonly string[] }[];
  /** Their positions in `accounts` of the configuration (and of the model). */
  readonly accountIndexes: readonly number[];
}

/** The top level and every account group, in the order of the file. */
export function settingsLayers(config: ConfigInput): SettingsLayer[] {
  return [
    {
      prefix: '',
      preferences: config.preferences,
      sessionEncryption: config.preferences?.sessionEncryption,
      customDocuments: config.customDocuments ?? [],
      access: config.access,
      regionOverrides: config.regionOverrides ?? {},
      accounts: config.accounts,
      accountIndexes: config.accounts.map((_, a) => a),
    },
    ...Object.entries(config.accountGroups ?? {}).map(([name, group]) => {
      const members = config.accounts.flatMap((a, i) => (a.group === name ? [i] : []));
      return {
        prefix: `accountGroups.${name}.`,
        group: name,
        preferences: group.preferences as LayerPreferences | undefined,
        sessionEncryption: (group.preferences as LayerPreferences | undefined)?.sessionEncryption,
        customDocuments: group.customDocuments ?? [],
        access: group.access,
        regionOverrides: group.regionOverrides ?? {},
        accounts: members.map((i) => config.accounts[i]),
        accountIndexes: members,
      };
    }),
  ];
}

/** The session encryption a layer writes: its preferences' and each of its custom documents', with their paths. */
export function layerEncryption(layer: SettingsLayer): { readonly path: string; readonly input: KeyInput }[] {
  return [
    { path: `${layer.prefix}preferences.sessionEncryption`, input: layer.sessionEncryption },
    ...layer.customDocuments.map((doc, i) => ({ path: `${layer.prefix}customDocuments[${i}].preferences.sessionEncryption`, input: doc.preferences?.sessionEncryption })),
  ];
}

/** Reports each repeat of a Region list where it is written (an account that inherits the list repeats nothing). */
export function reportListedTwice(list: readonly string[] | undefined, path: string, report: Report): void {
  duplicates(list ?? []).forEach((at, region) => at.slice(1).forEach((i) => report(`${path}[${i}]`, `lists ${region} twice (first at ${path}[${at[0]}]): remove one`)));
}

/** Account IDs and names, the Region lists and, in each layer, custom document names are each unique. */
export function checkUniqueness(config: ConfigInput, report: Report): void {
  duplicates(config.accounts.map((a) => a.id)).forEach((at, id) => at.slice(1).forEach((i) => report(`accounts[${i}].id`, `duplicates accounts[${at[0]}].id (${id})`)));
  duplicates(config.accounts.map((a) => a.name)).forEach((at, name) => at.slice(1).forEach((i) => report(`accounts[${i}].name`, `duplicates accounts[${at[0]}].name (${name})`)));
  reportListedTwice(config.regions, 'regions', report);
  reportListedTwice(config.retiredRegions, 'retiredRegions', report);
  for (const { prefix, customDocuments } of settingsLayers(config)) {
    const documents = `${prefix}customDocuments`;
    duplicates(customDocuments.map((d) => d.name)).forEach((at, name) =>
      at.slice(1).forEach((i) => report(`${documents}[${i}].name`, `duplicates ${documents}[${at[0]}].name (${name})`)),
    );
  }
}

/** $SESSION_PREFS_ROLE_NAME, when set, is an IAM role name. */
export function checkRoleNameOverride(env: Readonly<Record<string, string | undefined>>, report: Report): void {
  const roleOverride = env[ROLE_NAME_ENV_VAR];
  if (roleOverride !== undefined && roleOverride !== '' && !/^[\w+=,.@-]{1,64}$/.test(roleOverride)) {
    report(ROLE_NAME_ENV_VAR, 'must be an IAM role name (1-64 characters of letters, digits and +=,.@_-)');
  }
}

/**
 * A bare (single-Region) key ID cannot serve several Regions; kmsKeyIdByRegion can. Checked in
 * each layer against the Regions of the accounts that get it.
 */
export function checkSingleRegionKeyIds(config: ConfigInput, report: Report): void {
  for (const layer of settingsLayers(config)) {
    const used = layer.group === undefined ? 'is used in several' : `accounts of group ${layer.group} use it in several`;
    for (const { path, input } of layerEncryption(layer)) {
      if (input?.kmsKeyId === undefined || !isSingleRegionKeyId(input.kmsKeyId)) continue;
      const uncovered = (regions: readonly string[]) => regions.filter((r) => input.kmsKeyIdByRegion?.[r] === undefined);
      if (layer.accounts.some((account) => uncovered(account.regions ?? config.regions).length > 1)) {
        report(`${path}.kmsKeyId`, `is a key ID, which names a key in one Region, but ${used}: use an alias, a multi-Region key (mrk-...) or kmsKeyIdByRegion`);
      }
    }
  }
}
