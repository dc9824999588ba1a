/**
 * Checks of the whole planned app against what AWS would refuse at apply, run on the resolved
 * model (with the parsed configuration for paths): every name the app creates against AWS's
 * naming rules (src/model/aws-names.ts), names that would collide in one account and Region (or
 * account, or partition), ARNs whose partition, Region, account or resource type cannot work,
 * backend names HCP Terraform refuses, and settings that would silently do nothing.
 */
import { NAME_RULES, arnProblem, nameRule, roleNameProblem, tagKeyProblem, tagValueProblem, tfcOrganizationProblem } from '../model/aws-names';
import { DEFAULTS } from './defaults';
import { MANAGED_BY_STACK_TAG } from '../model/resource-names';
import { DEFAULT_COMMERCIAL_REGIONS, partitionOf } from '../model/regions';
import { plannedNames, type PlannedName } from './planned-names';
import { layerEncryption, settingsLayers, type KeyInput, type SettingsLayer } from './cross-checks';
import type { ConfigInput, PreferencesInput } from './schema';
import type { Model, PreferencesModel, RegionModel } from '../model/model';
import type { Report } from './issues';

/** Collects one message per path and problem, naming the first place and how many more. */
class Grouped {
  private readonly groups = new Map<string, { path: string; message: string; where: string[] }>();

  add(path: string, key: string, message: string, where?: string): void {
    const id = `${path}\u0000${key}`;
    const group = this.groups.get(id) ?? { path, message, where: [] };
    if (where !== undefined && !group.where.includes(where)) group.where.push(where);
    this.groups.set(id, group);
  }

  flush(report: Report): void {
    for (const { path, message, where } of this.groups.values()) {
      const more = where.length > 1 ? ` and ${where.length - 1} more` : '';
      report(path, where.length > 0 ? message.replace('{where}', `${where[0]}${more}`) : message.replace(' ({where})', ''));
    }
  }
}

function whereOf(n: PlannedName): string | undefined {
  if (n.account === undefined) return undefined;
  return n.region !== undefined ? `${n.account.name} ${n.region}` : n.account.name;
}

/** Every created name against its rule. */
function checkNames(names: readonly PlannedName[], report: Report): void {
  const grouped = new Grouped();
  for (const n of names) {
    const rule = nameRule(n.kind);
    const problem = rule.check(n.name);
    if (problem === undefined) continue;
    if (n.path === undefined) {
      grouped.add('', `${n.kind}:${problem}`, `internal error: ${n.what} would be named ${n.name} ({where}), and the ${rule.title} ${problem}; please report this`, whereOf(n));
    } else {
      grouped.add(n.path, problem, `makes the ${rule.title} ${n.name} for ${n.what} ({where}), which ${problem}: choose another value (${rule.url})`, whereOf(n));
    }
  }
  grouped.flush(report);
}

function scopeKey(n: PlannedName): string | undefined {
  const unique = NAME_RULES.find((r) => r.kind === n.kind)?.unique;
  switch (unique) {
    // Accounts by position: an account listed twice is reported by the duplicate check.
    case 'account and Region':
      return n.account && n.region ? `${n.account.index}/${n.region}` : undefined;
    case 'account':
      return n.account ? String(n.account.index) : undefined;
    case 'partition':
      return n.partition;
    case 'organization':
      return 'backend';
    default:
      return undefined;
  }
}

const CUSTOM_DOCUMENT_NAME = /^customDocuments\[\d+\]\.name$/;

/** Per kind and scope, no two created resources may share a name. */
function checkCollisions(names: readonly PlannedName[], report: Report): void {
  const groups = new Map<string, PlannedName[]>();
  for (const n of names) {
    const scope = scopeKey(n);
    if (scope === undefined) continue;
    const rule = nameRule(n.kind);
    const key = `${n.kind}\u0000${scope}\u0000${rule.caseInsensitive ? n.name.toLowerCase() : n.name}`;
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  const grouped = new Grouped();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const rule = nameRule(group[0].kind);
    const sameCase = rule.caseInsensitive ? ' (IAM compares names regardless of letter case)' : '';
    const withPath = group.filter((n) => n.path !== undefined);
    if (withPath.length === 0) {
      grouped.add(
        '',
        `${group[0].kind}:${group[0].name}`,
        `internal error: ${group.map((n) => n.what).join(' and ')} would share the ${rule.title} ${group[0].name} ({where}); please report this`,
        whereOf(group[0]),
      );
      continue;
    }
    for (const n of withPath) {
      const other = group.find((o) => o !== n && !(o.path === n.path && o.what === n.what));
      if (other === undefined) continue;
      // Custom documents listed twice are reported by the duplicate check already.
      if (other.path !== undefined && CUSTOM_DOCUMENT_NAME.test(other.path) && n.path !== undefined && CUSTOM_DOCUMENT_NAME.test(n.path)) continue;
      const otherName = other.path !== undefined && other.path !== n.path ? `${other.what} (${other.path})` : other.what;
      grouped.add(
        n.path as string,
        `${n.kind}:${other.what}`,
        `${n.name} is also the ${rule.title} of ${otherName} ({where}): ${rule.title}s must be unique per ${rule.unique}${sameCase}; choose another name`,
        whereOf(n),
      );
    }
  }
  grouped.flush(report);
}

function checkTags(config: ConfigInput, report: Report): void {
  for (const [key, value] of Object.entries(config.tags ?? {})) {
    const problem = tagKeyProblem(key) ?? tagValueProblem(value);
    if (problem !== undefined) report(`tags.${key}`, problem);
  }
  // IAM compares tag keys regardless of case (InvalidInput "Duplicate tag keys found"), and the
  // provider's default_tags reach every role and policy; see aws/aws-cdk#26253.
  // The stacks add ManagedByStack (the stack's name) themselves: it is not the configuration's to set.
  const ours = [...Object.keys(DEFAULTS.tags), MANAGED_BY_STACK_TAG];
  const first = new Map<string, string>(ours.map((k) => [k.toLowerCase(), k]));
  for (const key of Object.keys(config.tags ?? {})) {
    if (key === MANAGED_BY_STACK_TAG) {
      report(
        `tags.${key}`,
        `is the tag this project adds with the name of each resource's stack (preflight tells deployments apart by it), and it would replace this value: choose another key`,
      );
      continue;
    }
    const other = first.get(key.toLowerCase());
    if (other === undefined) first.set(key.toLowerCase(), key);
    else if (other !== key) {
      const whose = ours.includes(other) ? `the tag ${other} this project adds` : `tags.${other}`;
      const write = other === MANAGED_BY_STACK_TAG ? 'choose another key' : `write ${other} (or another key)`;
      report(`tags.${key}`, `differs from ${whose} only in letter case, and IAM refuses two such tag keys on one role or policy: ${write}`);
    }
  }
  // The instance tags that user policies require, in every layer that writes access.
  for (const { prefix, access } of settingsLayers(config)) {
    const targets = [
      { path: `${prefix}access.user.targetTag.key`, key: access?.user?.targetTag?.key },
      ...(access?.documentPolicies ?? []).map((policy, i) => ({ path: `${prefix}access.documentPolicies[${i}].targetTag.key`, key: policy.targetTag?.key })),
    ];
    for (const { path, key } of targets) {
      const keyProblem = key === undefined ? undefined : tagKeyProblem(key);
      if (keyProblem !== undefined) report(path, `${keyProblem.replace(/^tag keys /, '')}: instances cannot carry such a tag`);
    }
  }
}

function checkArns(config: ConfigInput, model: Model, report: Report): void {
  config.accounts.forEach((account, a) => {
    const arn = account.assumeRoleArn;
    const resolved = model.accounts[a];
    if (arn === undefined || resolved === undefined || resolved.id !== account.id) return;
    const first = resolved.regions[0]?.region;
    const partition = first !== undefined ? partitionOf(first) : undefined;
    const problem = arnProblem(arn, { service: 'iam', resourceTypes: ['role'], regional: false, ...(partition ? { partition } : {}), account: account.id });
    const path = `accounts[${a}].assumeRoleArn`;
    if (problem !== undefined) {
      const why = problem.startsWith('names the account')
        ? `: the provider of this account accepts only credentials of ${account.id} (allowed_account_ids), so every plan would fail; name a role in ${account.id}`
        : '';
      report(path, `${problem}${why}`);
      return;
    }
    const roleName = arn.split(':role/')[1]?.split('/').pop() ?? '';
    const nameProblem = roleNameProblem(roleName);
    if (nameProblem !== undefined) report(path, `ends in ${roleName}, which ${nameProblem}`);
  });

  const kmsArn = (ref: string, path: string, partition?: string) => {
    if (!ref.startsWith('arn:')) return;
    const problem = arnProblem(ref, { service: 'kms', resourceTypes: ['key', 'alias'], regional: true, ...(partition ? { partition } : {}) });
    if (problem !== undefined) report(path, problem);
  };
  // Every layer that names keys: the top level and each group, and their Region-level overrides
  // (where kmsKeyId is used in that Region only, so it must have the Region's partition).
  for (const layer of settingsLayers(config)) {
    const encryption: { path: string; input: KeyInput; region?: string }[] = [
      ...layerEncryption(layer),
      ...Object.entries(layer.regionOverrides).map(([region, override]) => ({
        path: `${layer.prefix}regionOverrides.${region}.preferences.sessionEncryption`,
        input: override?.preferences?.sessionEncryption,
        region,
      })),
    ];
    for (const { path, input, region } of encryption) {
      if (input?.kmsKeyId !== undefined) kmsArn(input.kmsKeyId, `${path}.kmsKeyId`, region !== undefined ? partitionOf(region) : undefined);
      for (const [keyRegion, ref] of Object.entries(input?.kmsKeyIdByRegion ?? {})) {
        if (ref !== undefined) kmsArn(ref, `${path}.kmsKeyIdByRegion.${keyRegion}`, partitionOf(keyRegion));
      }
    }
    (layer.access?.instance?.bucketKmsKeys ?? []).forEach((ref, i) => kmsArn(ref, `${layer.prefix}access.instance.bucketKmsKeys[${i}]`));
  }
}

/** The account-wide stack's provider works only in a Region the account has enabled. */
function checkHomeRegions(config: ConfigInput, model: Model, report: Report): void {
  config.accounts.forEach((account, a) => {
    const resolved = model.accounts[a];
    if (resolved === undefined) return;
    const home = resolved.homeRegion;
    const listed = resolved.regions.some((r) => r.region === home);
    if (listed || partitionOf(home) !== 'aws' || DEFAULT_COMMERCIAL_REGIONS.includes(home)) return;
    const path = account.homeRegion !== undefined ? `accounts[${a}].homeRegion` : 'stacks.homeRegion';
    report(
      path,
      `is ${home}, an opt-in Region that accounts[${a}] (${account.name}) does not list, so its account-wide stack could not reach AWS unless ${home} is enabled there: choose one of the account's Regions or a Region enabled by default (for example us-east-1)`,
    );
  });
}

function checkBackend(config: ConfigInput, model: Model, report: Report): void {
  if (model.backend.type !== 'cloud' || model.backend.organization === '') return;
  const problem = tfcOrganizationProblem(model.backend.organization);
  if (problem === undefined) return;
  const fromEnv = config.backend?.type === 'cloud' && config.backend.organization === undefined;
  report('backend.organization', `${fromEnv ? `(from TF_CLOUD_ORGANIZATION: ${model.backend.organization}) ` : ''}${problem}`);
}

/** A section's switch and what the section would do, for the "has no effect" checks. */
const SECTIONS = [
  { key: 'cloudWatch', what: 'CloudWatch logging', on: (p: PreferencesModel) => p.cloudWatch.enabled },
  { key: 's3', what: 'S3 logging', on: (p: PreferencesModel) => p.s3.enabled },
  { key: 'sessionEncryption', what: 'session encryption', on: (p: PreferencesModel) => p.sessionKey.mode !== 'none' },
  { key: 'runAs', what: 'Run As', on: (p: PreferencesModel) => p.runAs.enabled },
] as const;

/**
 * Settings that would be silently dropped: refuse them with what to write instead. The settings
 * of preferences and custom documents are judged in every layer that writes them (the top level
 * and each account group), against the Regions of the accounts that get the layer.
 */
function checkNoEffect(config: ConfigInput, model: Model, report: Report): void {
  for (const layer of settingsLayers(config)) {
    const regions = layer.accountIndexes.flatMap((a) => model.accounts[a]?.activeRegions ?? []);
    if (regions.length > 0) checkLayerNoEffect(layer, regions, report);
  }

  // adoptExisting imports the document for documentManagement terraform; the updater (lambda) never imports.
  const adoptions = new Map<string, boolean[]>();
  config.accounts.forEach((account, a) => {
    for (const region of model.accounts[a]?.activeRegions ?? []) {
      const settings = account.regionSettings?.[region.region];
      const source =
        settings?.adoptExisting !== undefined
          ? `accounts[${a}].regionSettings.${region.region}.adoptExisting`
          : account.adoptExisting !== undefined
            ? `accounts[${a}].adoptExisting`
            : config.adoptExisting !== undefined
              ? 'adoptExisting'
              : undefined;
      if (source !== undefined && region.adoptExisting) adoptions.set(source, [...(adoptions.get(source) ?? []), region.documentManagement === 'lambda']);
    }
  });
  for (const [path, lambda] of adoptions) {
    if (lambda.every(Boolean)) {
      report(
        path,
        'has no effect: documentManagement is lambda wherever this applies, and the updater takes over the existing document without an import; remove it (adoptExisting applies to documentManagement terraform)',
      );
    }
  }
}

/** The "has no effect" checks of one layer, whose accounts have `regions` (at least one). */
function checkLayerNoEffect(layer: SettingsLayer, regions: readonly RegionModel[], report: Report): void {
  const base = `${layer.prefix}preferences`;
  // How the messages name the accounts the layer reaches.
  const forAccounts = layer.group === undefined ? '' : ` for the accounts of group ${layer.group}`;

  // Fields of a section that is off because `enabled` was left out (an explicit enabled: false is a choice).
  const sections = (input: Record<string, unknown> | undefined, path: string, effective: (key: (typeof SECTIONS)[number]) => boolean, isBase: boolean) => {
    for (const section of SECTIONS) {
      const fields = input?.[section.key] as Record<string, unknown> | undefined;
      if (fields === undefined || fields.enabled !== undefined || effective(section)) continue;
      for (const field of Object.keys(fields).filter((f) => fields[f] !== undefined)) {
        report(
          `${path}.${section.key}.${field}`,
          isBase
            ? `has no effect: ${section.what} is off${forAccounts} unless ${path}.${section.key}.enabled is true; add enabled: true (or remove the field)`
            : `has no effect: the base preferences have ${section.what} off${forAccounts} and this document does not turn it on; add enabled: true to ${path}.${section.key} (or remove the field)`,
          [...new Set([`${path}.${section.key}.enabled`, `${base}.${section.key}.enabled`, `preferences.${section.key}.enabled`])],
        );
      }
    }
  };
  sections(layer.preferences, base, (s) => regions.some((r) => s.on(r.preferences)), true);
  layer.customDocuments.forEach((doc, i) =>
    sections(
      doc.preferences,
      `${layer.prefix}customDocuments[${i}].preferences`,
      // A group's entry may override a top-level document of the same name: found by name.
      (s) => regions.some((r) => s.on((layer.group === undefined ? r.customDocuments[i] : r.customDocuments.find((d) => d.name === doc.name))?.preferences ?? r.preferences)),
      false,
    ),
  );

  // Settings of created resources when nothing is created.
  const prefs = layer.preferences as PreferencesInput | undefined;
  const anyRegion = (test: (p: PreferencesModel) => boolean) => regions.some((r) => test(r.preferences));
  if (prefs?.sessionEncryption?.alias !== undefined && anyRegion((p) => p.sessionKey.mode !== 'none') && !anyRegion((p) => p.sessionKey.mode === 'create')) {
    report(
      `${base}.sessionEncryption.alias`,
      `has no effect: no key is created${forAccounts} (an existing key is named by kmsKeyId or kmsKeyIdByRegion); remove it, or set createKey: true`,
      [`${base}.sessionEncryption.enabled`, `${base}.sessionEncryption.createKey`],
    );
  }
  if (prefs?.cloudWatch?.retentionDays !== undefined && anyRegion((p) => p.cloudWatch.enabled) && !anyRegion((p) => p.cloudWatch.enabled && p.cloudWatch.create)) {
    report(
      `${base}.cloudWatch.retentionDays`,
      `has no effect on an existing log group (createLogGroup: false)${forAccounts}: set the retention where that group is managed, or set createLogGroup: true`,
      [`${base}.cloudWatch.enabled`, `${base}.cloudWatch.createLogGroup`],
    );
  }
  if (anyRegion((p) => p.s3.enabled) && !anyRegion((p) => p.s3.enabled && p.s3.bucket.mode === 'create')) {
    for (const field of ['bucketNamePrefix', 'expirationDays', 'noncurrentVersionExpirationDays'] as const) {
      if (prefs?.s3?.[field] !== undefined) {
        report(`${base}.s3.${field}`, `has no effect on an existing bucket (createBucket: false)${forAccounts}: configure it on that bucket, or set createBucket: true`, [
          `${base}.s3.enabled`,
          `${base}.s3.createBucket`,
        ]);
      }
    }
  }

  // Per-Region keys for Regions no account of the layer manages would never be used.
  const managed = [...new Set(regions.map((r) => r.region))];
  const noAccount = layer.group === undefined ? 'no account manages' : 'no account of this group manages';
  for (const { path, input } of layerEncryption(layer)) {
    for (const region of Object.keys(input?.kmsKeyIdByRegion ?? {})) {
      if (!managed.includes(region)) {
        report(`${path}.kmsKeyIdByRegion.${region}`, `is a key for ${region}, which ${noAccount} (${managed.join(', ')}): it would never be used; remove it or correct the Region`);
      }
    }
  }
}

/** Every check of this module; problems go to `report`. */
export function checkPlannedApp(config: ConfigInput, model: Model, report: Report): void {
  const names = plannedNames(model);
  checkNames(names, report);
  checkCollisions(names, report);
  checkTags(config, report);
  checkArns(config, model, report);
  checkBackend(config, model, report);
  checkHomeRegions(config, model, report);
  checkNoEffect(config, model, report);
}

/** What this module checks, in words (docs/configuration-rules.md). */
export const PLANNED_APP_CHECKS: readonly string[] = [
  'Collisions: per account and Region, no two created KMS aliases, log groups, SSM documents, SSM parameters or Lambda functions share a name (for example `sessionEncryption.alias` and the log key alias `' +
    "alias/session-manager/logs`, or `cloudWatch.logGroupName` and the updater's own `/aws/lambda/session-manager-preferences-updater`); per account, no two IAM roles, policies or instance profiles (IAM is global and ignores letter case: `access.instance.roleName` and the updater role of every Region); per partition, no two buckets; per HCP Terraform organization, no two workspaces. The central log archive's buckets, key aliases and stack workspaces count too (its account may also be a member).",
  "ARNs: `assumeRoleArn` must be an IAM role ARN in the partition of the account's Regions (aws, aws-us-gov for GovCloud, aws-cn for China) and in the account it deploys (the provider allows only that account); KMS key and alias ARNs (`kmsKeyId`, `kmsKeyIdByRegion`, `access.instance.bucketKmsKeys`) must have the partition of their Region (a `kmsKeyId` in `regionOverrides.<region>`, the partition of that Region), and a key ARN must be in the Region it is used in. These are checked in every layer that writes them: the top level, each account group and their Region overrides.",
  "Home Region: the account-wide (IAM) stack's provider must use a Region the account lists or one enabled by default; an opt-in Region the account does not list is refused.",
  'Backend: `backend.organization` (or `TF_CLOUD_ORGANIZATION`) and every computed workspace name must be names HCP Terraform accepts.',
  'Settings without effect are refused with what to write instead: fields of a section that is off because `enabled` was left out (S3 and Run As are off by default; in a custom document, whatever the base preferences have off); `retentionDays` without a created log group; `bucketNamePrefix` and the expiration settings without a created bucket; `alias` without a created key; a `kmsKeyIdByRegion` entry for a Region no account manages; `adoptExisting: true` where every Region it applies to uses documentManagement lambda. The settings of preferences and custom documents are judged in each layer that writes them: at the top level against every account, in an account group against the accounts of that group (a `kmsKeyIdByRegion` entry for a Region no account of the group manages is refused there).',
  "Tags: keys must not start with `aws:` in any letter case (also the instance tags of user policies, `access.user.targetTag.key` and `access.documentPolicies[].targetTag.key`, at the top level and in each account group); keys and values within AWS's length and character limits; no two keys that differ only in letter case, the project's own `ManagedBy` and `ManagedByStack` included (IAM refuses them together, and default_tags reach every role and policy); no `ManagedByStack` (the stacks set it to their own name).",
];
