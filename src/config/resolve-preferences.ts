/**
 * Preferences of one Region: the input over the base (for overrides and custom documents) over
 * DEFAULTS, with the checks that span several fields of the preferences.
 */
import { DEFAULTS } from './defaults';
import { RUN_AS_USER_REQUIRED, type PreferenceOverridesInput, type PreferencesInput } from './schema';
import { kmsArnRegion } from './field-formats';
import type { Report } from './issues';
import type { CloudWatchModel, PreferencesModel, S3Model, SessionKeyModel } from '../model/model';

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

function resolveS3(input: PreferencesInput['s3'] | PreferenceOverridesInput['s3'], base: S3Model | undefined, path: string, report: Report): S3Model {
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
  const inherited = base.enabled ? base : { ...d, bucket: { mode: 'existing' as const, name: '' } };
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
