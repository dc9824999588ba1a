/**
 * Turns a structurally valid configuration into the model: fills in defaults (from defaults.ts
 * only), merges custom-document overrides over the base preferences, expands accounts × Regions,
 * and checks the rules that span several fields. Problems are collected, never thrown one by one.
 */
import { DEFAULTS } from './defaults';
import { RUN_AS_USER_REQUIRED, type ConfigInput, type PreferenceOverridesInput, type PreferencesInput } from './schema';
import { isSingleRegionKeyId, kmsArnRegion } from './field-formats';
import { partitionOf } from '../model/regions';
import { resolveAccess } from './resolve-access';
import { resolveCompliance } from './resolve-compliance';
import { GroupResolver } from './resolve-groups';
import { resolveLogArchive } from './resolve-log-archive';
import type { AdoptableResource, AccountModel, BackendModel, CloudWatchModel, Model, PreferencesModel, RegionModel, S3Model, SessionKeyModel } from '../model/model';

/** Environment variable naming the role assumed in every account instead of the configured ones. */
export const ROLE_NAME_ENV_VAR = 'SESSION_PREFS_ROLE_NAME';

/** One problem in the configuration, at a dotted path such as `preferences.runAs.defaultUser`. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

type Report = (path: string, message: string) => void;

function duplicates<T>(items: readonly T[]): Map<T, number[]> {
  const seen = new Map<T, number[]>();
  items.forEach((item, index) => seen.set(item, [...(seen.get(item) ?? []), index]));
  return new Map([...seen].filter(([, at]) => at.length > 1));
}

function resolveSessionKey(
  input: PreferencesInput['sessionEncryption'] | PreferenceOverridesInput['sessionEncryption'],
  region: string,
  base: SessionKeyModel | undefined,
  path: string,
  report: Report,
): SessionKeyModel {
  const d = DEFAULTS.sessionEncryption;
  const enabled = input?.enabled ?? (base ? base.mode !== 'none' : d.enabled);
  if (!enabled) return { mode: 'none' };
  const existing = input?.kmsKeyIdByRegion?.[region] ?? input?.kmsKeyId;
  const createKey = input && 'createKey' in input ? input.createKey : undefined;
  if (existing !== undefined) {
    if (createKey === true) {
      report(`${path}.createKey`, 'must not be true together with kmsKeyId or kmsKeyIdByRegion: either create a key or name an existing one');
    }
    const arnRegion = kmsArnRegion(existing);
    if (arnRegion !== undefined && arnRegion !== region) {
      const field = input?.kmsKeyIdByRegion?.[region] !== undefined ? `kmsKeyIdByRegion.${region}` : 'kmsKeyId';
      report(`${path}.${field}`, `names a key in ${arnRegion} but is used in ${region}: KMS keys are Regional, so use an alias or kmsKeyIdByRegion`);
    }
    return { mode: 'existing', keyId: existing };
  }
  if (base !== undefined) {
    // An override never creates a key: it inherits the base key or names an existing one.
    if (base.mode !== 'none') return base;
    report(`${path}.kmsKeyId`, 'is required: the base preferences create no session key to inherit');
    return { mode: 'none' };
  }
  if (createKey ?? d.createKey) {
    const alias = (input && 'alias' in input ? input.alias : undefined) ?? d.alias;
    return { mode: 'create', alias };
  }
  report(`${path}.kmsKeyId`, 'is required when encryption is enabled and createKey is false (or name a key per Region in kmsKeyIdByRegion)');
  return { mode: 'none' };
}

function resolveCloudWatch(
  input: PreferencesInput['cloudWatch'] | PreferenceOverridesInput['cloudWatch'],
  base: CloudWatchModel | undefined,
  path: string,
  report: Report,
): CloudWatchModel {
  const d = DEFAULTS.cloudWatch;
  const enabled = input?.enabled ?? base?.enabled ?? d.enabled;
  if (!enabled) return { enabled: false };
  if (base === undefined) {
    const create = (input && 'createLogGroup' in input ? input.createLogGroup : undefined) ?? d.createLogGroup;
    const retentionDays = (input && 'retentionDays' in input ? input.retentionDays : undefined) ?? d.retentionDays;
    return {
      enabled: true,
      logGroupName: input?.logGroupName ?? d.logGroupName,
      create,
      retentionDays,
      encrypted: input?.encrypted ?? d.encrypted,
      streaming: input?.streaming ?? d.streaming,
    };
  }
  // An override: it may point at another (existing) log group, but never creates one.
  if (!base.enabled && input?.logGroupName === undefined) {
    report(`${path}.logGroupName`, 'is required: the base preferences create no log group to inherit');
  }
  const inherited = base.enabled ? base : { ...d, create: false };
  const logGroupName = input?.logGroupName ?? inherited.logGroupName;
  return {
    enabled: true,
    logGroupName,
    create: base.enabled && base.create && logGroupName === base.logGroupName,
    retentionDays: inherited.retentionDays,
    encrypted: input?.encrypted ?? inherited.encrypted,
    streaming: input?.streaming ?? inherited.streaming,
  };
}

function resolveS3(
  input: PreferencesInput['s3'] | PreferenceOverridesInput['s3'],
  base: S3Model | undefined,
  path: string,
  report: Report,
): S3Model {
  const d = DEFAULTS.s3;
  const enabled = input?.enabled ?? base?.enabled ?? d.enabled;
  if (!enabled) return { enabled: false };
  if (base === undefined) {
    const full = input as PreferencesInput['s3'];
    const create = full?.createBucket ?? (full?.bucketName === undefined ? d.createBucket : false);
    if (create && full?.bucketName !== undefined) {
      report(`${path}.bucketName`, 'must not be set when createBucket is true: created buckets are named <bucketNamePrefix>-<account>-<region>');
    }
    if (!create && full?.bucketName === undefined) {
      report(`${path}.bucketName`, 'is required when createBucket is false');
    }
    return {
      enabled: true,
      bucket: create ? { mode: 'create', namePrefix: full?.bucketNamePrefix ?? d.bucketNamePrefix } : { mode: 'existing', name: full?.bucketName ?? '' },
      keyPrefix: full?.keyPrefix ?? d.keyPrefix,
      encrypted: full?.encrypted ?? d.encrypted,
      expirationDays: full?.expirationDays ?? d.expirationDays,
      noncurrentVersionExpirationDays: full?.noncurrentVersionExpirationDays ?? d.noncurrentVersionExpirationDays,
    };
  }
  if (!base.enabled && input?.bucketName === undefined) {
    report(`${path}.bucketName`, 'is required: the base preferences create no bucket to inherit');
  }
  const inherited = base.enabled
    ? base
    : { ...d, bucket: { mode: 'existing' as const, name: '' } };
  return {
    enabled: true,
    bucket: input?.bucketName !== undefined ? { mode: 'existing', name: input.bucketName } : inherited.bucket,
    keyPrefix: input?.keyPrefix ?? inherited.keyPrefix,
    encrypted: input?.encrypted ?? inherited.encrypted,
    expirationDays: inherited.expirationDays,
    noncurrentVersionExpirationDays: inherited.noncurrentVersionExpirationDays,
  };
}

/** Resolves preferences for one Region; with `base`, `input` is an override merged over it. */
export function resolvePreferences(
  input: PreferencesInput | PreferenceOverridesInput | undefined,
  region: string,
  path: string,
  report: Report,
  base?: PreferencesModel,
): PreferencesModel {
  const runAs = {
    enabled: input?.runAs?.enabled ?? base?.runAs.enabled ?? DEFAULTS.runAs.enabled,
    defaultUser: input?.runAs?.defaultUser ?? base?.runAs.defaultUser ?? DEFAULTS.runAs.defaultUser,
  };
  if (runAs.enabled && runAs.defaultUser === '') {
    report(`${path}.runAs.defaultUser`, RUN_AS_USER_REQUIRED);
  }
  const maxSessionDuration = input?.maxSessionDuration ?? (base ? base.maxSessionDuration : DEFAULTS.maxSessionDuration);
  return {
    idleSessionTimeout: input?.idleSessionTimeout ?? base?.idleSessionTimeout ?? DEFAULTS.idleSessionTimeout,
    ...(maxSessionDuration !== undefined ? { maxSessionDuration } : {}),
    runAs,
    shellProfile: {
      linux: input?.shellProfile?.linux ?? base?.shellProfile.linux ?? DEFAULTS.shellProfile.linux,
      windows: input?.shellProfile?.windows ?? base?.shellProfile.windows ?? DEFAULTS.shellProfile.windows,
    },
    sessionKey: resolveSessionKey(input?.sessionEncryption, region, base?.sessionKey, `${path}.sessionEncryption`, report),
    cloudWatch: resolveCloudWatch(input?.cloudWatch, base?.cloudWatch, `${path}.cloudWatch`, report),
    s3: resolveS3(input?.s3, base?.s3, `${path}.s3`, report),
  };
}

/** Builds the model and returns it with every cross-field problem found. */
/** Backend settings: the file first, then the environment, then DEFAULTS. Tokens never come from the file. */
export function resolveBackend(input: ConfigInput['backend'], env: Readonly<Record<string, string | undefined>>, report: Report): BackendModel {
  if (input === undefined || input.type === 'local') return DEFAULTS.backend;
  const organization = input.organization ?? env.TF_CLOUD_ORGANIZATION ?? '';
  if (organization === '') report('backend.organization', 'is required for a cloud backend: set it here or in TF_CLOUD_ORGANIZATION');
  const project = input.project ?? env.TF_CLOUD_PROJECT;
  return {
    type: 'cloud',
    organization,
    ...(project ? { project } : {}),
    hostname: input.hostname ?? env.TF_CLOUD_HOSTNAME ?? DEFAULTS.cloudBackend.hostname,
    workspacePrefix: input.workspacePrefix ?? DEFAULTS.cloudBackend.workspacePrefix,
  };
}

export function resolveConfig(
  config: ConfigInput,
  env: Readonly<Record<string, string | undefined>> = process.env,
): { model: Model; issues: ConfigIssue[] } {
  const found = new Map<string, ConfigIssue>();
  const report: Report = (path, message) => found.set(`${path}\u0000${message}`, { path, message });

  duplicates(config.accounts.map((a) => a.id)).forEach((at, id) =>
    at.slice(1).forEach((i) => report(`accounts[${i}].id`, `duplicates accounts[${at[0]}].id (${id})`)),
  );
  duplicates(config.accounts.map((a) => a.name)).forEach((at, name) =>
    at.slice(1).forEach((i) => report(`accounts[${i}].name`, `duplicates accounts[${at[0]}].name (${name})`)),
  );
  // Each repeat is reported where it is written (an account that inherits the list repeats nothing).
  const listedTwice = (list: readonly string[] | undefined, path: string) =>
    duplicates(list ?? []).forEach((at, region) => at.slice(1).forEach((i) => report(`${path}[${i}]`, `lists ${region} twice (first at ${path}[${at[0]}]): remove one`)));
  listedTwice(config.regions, 'regions');
  listedTwice(config.retiredRegions, 'retiredRegions');
  const documents = config.customDocuments ?? [];
  const roleOverride = env[ROLE_NAME_ENV_VAR];
  if (roleOverride !== undefined && roleOverride !== '' && !/^[\w+=,.@-]{1,64}$/.test(roleOverride)) {
    report(ROLE_NAME_ENV_VAR, 'must be an IAM role name (1-64 characters of letters, digits and +=,.@_-)');
  }
  duplicates(documents.map((d) => d.name)).forEach((at, name) =>
    at.slice(1).forEach((i) => report(`customDocuments[${i}].name`, `duplicates customDocuments[${at[0]}].name (${name})`)),
  );

  // A bare (single-Region) key ID cannot serve several Regions; kmsKeyIdByRegion can.
  const encryptionInputs = [
    { path: 'preferences.sessionEncryption', input: config.preferences?.sessionEncryption },
    ...documents.map((doc, i) => ({ path: `customDocuments[${i}].preferences.sessionEncryption`, input: doc.preferences?.sessionEncryption })),
  ];
  for (const { path, input } of encryptionInputs) {
    if (input?.kmsKeyId === undefined || !isSingleRegionKeyId(input.kmsKeyId)) continue;
    const uncovered = (regions: readonly string[]) => regions.filter((r) => input.kmsKeyIdByRegion?.[r] === undefined);
    if (config.accounts.some((account) => uncovered(account.regions ?? config.regions).length > 1)) {
      report(`${path}.kmsKeyId`, 'is a key ID, which names a key in one Region, but is used in several: use an alias, a multi-Region key (mrk-...) or kmsKeyIdByRegion');
    }
  }

  const logArchive = resolveLogArchive(config, env, report);
  const groups = new GroupResolver(config, report, resolvePreferences, logArchive);
  // Closed accounts (npm run accounts) keep their entry but get no stacks.
  const accounts: AccountModel[] = config.accounts.flatMap((account, a) => (account.closed === true ? [] : [{ account, a }])).map(({ account, a }) => {
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
    listedTwice(account.regions, `accounts[${a}].regions`);
    listedTwice(account.retiredRegions, `accounts[${a}].retiredRegions`);
    for (const region of Object.keys(account.regionSettings ?? {})) {
      if (!regions.includes(region)) report(`accounts[${a}].regionSettings.${region}`, `is not one of this account's regions (${regions.join(', ')})`);
    }
    const first = regions[0] ?? DEFAULTS.homeRegion;
    const homeRegion = account.homeRegion ?? config.stacks?.homeRegion ?? (partitionOf(first) === 'aws' ? DEFAULTS.homeRegion : first);
    if (partitionOf(homeRegion) !== partitionOf(first)) {
      report(account.homeRegion ? `accounts[${a}].homeRegion` : 'stacks.homeRegion', `${homeRegion} is not in the partition of the account's regions (${partitionOf(first)})`);
    }
    // SESSION_PREFS_ROLE_NAME (for example a read-only role for pull-request plans) wins over the file.
    const roleName = env[ROLE_NAME_ENV_VAR];
    const assumeRoleArn = roleName
      ? `arn:${partitionOf(first)}:iam::${account.id}:role/${roleName}`
      : account.assumeRoleArn ?? (config.assumeRoleName ? `arn:${partitionOf(first)}:iam::${account.id}:role/${config.assumeRoleName}` : undefined);
    return {
      id: account.id,
      name: account.name,
      ...(assumeRoleArn ? { assumeRoleArn } : {}),
      homeRegion,
      ...(account.group !== undefined ? { group: account.group } : {}),
      ...(groups.access(account.group) ? { access: groups.access(account.group) } : {}),
      regions: [...new Set(regions)].map((region): RegionModel => {
        // Top-level preferences, Region overrides and the account's group (resolve-groups.ts).
        const { preferences, customDocuments } = groups.region(account.group, account.id, region, `accounts[${a}]`);
        const settings = account.regionSettings?.[region];
        return {
          region,
          partition: partitionOf(region),
          retired: !active.includes(region),
          documentManagement: settings?.documentManagement ?? account.documentManagement ?? config.documentManagement ?? DEFAULTS.documentManagement,
          adoptExisting:
            settings?.adoptExisting ?? account.adoptExisting ?? config.adoptExisting ?? DEFAULTS.adoptExisting,
          adoptResources: [...new Set(settings?.adoptResources ?? account.adoptResources ?? config.adoptResources ?? (DEFAULTS.adoptResources as readonly AdoptableResource[]))],
          preferences,
          customDocuments,
        };
      }),
    };
  });

  return {
    model: {
      tags: { ...DEFAULTS.tags, ...(config.tags ?? {}) },
      accounts,
      shardSize: config.stacks?.shardSize ?? DEFAULTS.shardSize,
      backend: resolveBackend(config.backend, env, report),
      access: resolveAccess(config.access, report, documents.map((d) => d.name)),
      compliance: resolveCompliance(config.compliance, report),
      ...(logArchive ? { logArchive } : {}),
    },
    issues: [...found.values()],
  };
}
