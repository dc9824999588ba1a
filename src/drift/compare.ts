/**
 * Compares what is observed in AWS with what the configuration synthesizes. Pure: from an expected
 * and an observed snapshot to a list of differences, each naming the account, Region, resource,
 * field, the expected and the actual value.
 */
import { deepEqual } from '../model/json-equal';
import { canonicalJson } from '../model/policy-canonical';
import { withoutRevision } from '../documents/build-session-document';
import type { TrustPolicyDocument } from '../policies/types';
import type { ExpectedAccount, ExpectedBucket, ExpectedCreatedKey, ExpectedDocument, ExpectedRegion } from './expected';
import { CREATED_KEY_PLACEHOLDER } from './expected';
import { documentKeyId, type ObservedAccount, type ObservedBucket, type ObservedDocumentVersion, type ObservedKey, type ObservedRegion } from './observed';

/** A value in a difference; null means "absent". */
export type DriftValue = string | number | boolean | null;

/** Region of account-wide resources (IAM) in differences. */
export const GLOBAL_REGION = 'global';

/** One difference between the configuration and AWS. */
export interface Difference {
  /** Account ID. */
  readonly account: string;
  /** Account name from the configuration. */
  readonly accountName: string;
  /** Region, or `global` for IAM. */
  readonly region: string;
  /** The resource: `ssm-document SSM-SessionManagerRunShell`, `kms-key alias/session-manager/data`, ... */
  readonly resource: string;
  /** What differs, such as `version 1 (default): inputs.idleSessionTimeout`. */
  readonly field: string;
  readonly expected: DriftValue;
  readonly actual: DriftValue;
}

type Emit = (resource: string, field: string, expected: DriftValue, actual: DriftValue) => void;

function asValue(v: unknown): DriftValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

/** Leaves of a JSON value by path (`inputs.shellProfile.linux`); arrays are leaves. */
function leaves(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      for (const [path, leaf] of leaves(v, prefix === '' ? k : `${prefix}.${k}`)) out.set(path, leaf);
    }
    if (out.size === 0 && prefix !== '') out.set(prefix, value);
    return out;
  }
  out.set(prefix, value);
  return out;
}

/** The expected paths first, in their order, then paths only the actual value has. */
function compareLeaves(expected: unknown, actual: unknown, emit: (path: string, e: DriftValue, a: DriftValue) => void): void {
  const e = leaves(expected);
  const a = leaves(actual);
  for (const path of [...e.keys(), ...[...a.keys()].filter((k) => !e.has(k)).sort()]) {
    const ev = e.get(path);
    const av = a.get(path);
    if (!deepEqual(ev, av)) emit(path, asValue(ev), asValue(av));
  }
}

function keyProblems(resource: string, key: ObservedKey | null, emit: Emit, rotation: boolean): void {
  if (key === null) {
    emit(resource, 'exists', true, false);
    return;
  }
  if (key.keyState !== 'Enabled') emit(resource, 'keyState', 'Enabled', key.keyState);
  if (rotation && key.rotationEnabled === false) emit(resource, 'rotationEnabled', true, false);
}

/** Whether a key carries the created session-data key's mark: the project's ManagedBy tag and that key's description. */
interface Mark {
  readonly marked: boolean;
  /** What it carries: `ManagedBy=x and another description ("...")`. */
  readonly carries: string;
  /** The same as a value: `ManagedBy=x, description "..."`. */
  readonly value: string;
}

/** The mark of `key`, or undefined when it cannot be told (no ManagedBy tag configured, the tags not read). */
function markOf(created: ExpectedCreatedKey, key: ObservedKey | null | undefined): Mark | undefined {
  const tag = created.managedBy;
  if (!tag || !key || key.tags === undefined) return undefined;
  const value = key.tags[tag.key];
  const tagged = value === tag.value;
  const described = key.description === created.description;
  const tagText = value === undefined ? `no ${tag.key} tag` : `${tag.key}=${value}${tagged ? '' : ` (not ${tag.value})`}`;
  const descriptionText = described ? "the session-data key's description" : key.description === undefined ? 'no description' : `another description ("${key.description}")`;
  return {
    marked: tagged && described,
    carries: tagged && described ? `the session-data key's ${tag.key} tag and description` : `${tagText} and ${descriptionText}`,
    value: `${value === undefined ? `no ${tag.key} tag` : `${tag.key}=${value}`}, ${key.description === undefined ? 'no description' : `description "${key.description}"`}`,
  };
}

/**
 * The ID the documents must name for the created key. Its ID is random and lives only in AWS, so
 * no single live value is taken as the truth: the key-ID parameter, the alias, the documents
 * naming the key and the key's own mark (the project's ManagedBy tag with the session-data key's
 * description; the log key is tagged too but described otherwise) each vote, a key that does not
 * exist gets no vote, and a tie goes to the parameter (Terraform wrote it from the key it
 * created). Each source that disagrees is named, with the sources it disagrees with, what its key
 * carries, and the repair (terraform apply rewrites the parameter and repoints the alias; the
 * documents are reported against the winner by compareDocuments). A winner without the mark, and
 * a marked key neither the parameter nor the alias names, are findings of their own.
 */
function createdKeyId(expected: ExpectedRegion, observed: ObservedRegion, emit: Emit): string | undefined {
  const created = expected.createdKey;
  if (!created) return undefined;
  const param = observed.parameters[created.keyIdParameter];
  const aliasKey = observed.keys[created.alias];
  if (param === null) emit(`ssm-parameter ${created.keyIdParameter}`, 'exists', true, false);
  if (aliasKey === null) emit(`kms-alias ${created.alias}`, 'exists', true, false);
  const documents = expected.documents.flatMap((d) => {
    const id = d.createdKeyAlias !== undefined ? documentKeyId(observed.documents[d.name]) : undefined;
    return id !== undefined ? [{ label: `document ${d.name}`, id }] : [];
  });
  // The keys the parameter, the alias and the documents name (collectRegion read each), by key ID.
  const keyOf = (id: string): ObservedKey | null | undefined => (aliasKey && aliasKey.keyId === id ? aliasKey : observed.keys[id]);
  const candidates = new Map<string, ObservedKey>();
  for (const id of [...(aliasKey ? [aliasKey.keyId] : []), ...(param ? [param] : []), ...documents.map((d) => d.id)]) {
    const key = keyOf(id);
    if (key) candidates.set(key.keyId, key);
  }
  const marks = new Map([...candidates.keys()].map((id) => [id, markOf(created, candidates.get(id))] as const));
  const marked = [...marks].filter(([, m]) => m?.marked).map(([id]) => id);
  const markLabel = `the key's ${created.managedBy?.key ?? ''} tag and description`;
  const sources: { label: string; id: string }[] = [
    ...(param ? [{ label: 'the parameter', id: param }] : []),
    ...(aliasKey ? [{ label: 'the alias', id: aliasKey.keyId }] : []),
    ...documents,
    ...marked.map((id) => ({ label: markLabel, id })),
  ];
  const exists = (id: string) => observed.keys[id] !== null || aliasKey?.keyId === id;
  const votes = new Map<string, number>();
  for (const s of sources) if (exists(s.id)) votes.set(s.id, (votes.get(s.id) ?? 0) + 1);
  const best = Math.max(0, ...votes.values());
  const winners = [...votes].filter(([, n]) => n === best).map(([id]) => id);
  const keyId = winners.length === 1 ? winners[0] : param && winners.includes(param) ? param : (winners[0] ?? param ?? aliasKey?.keyId);
  if (keyId === undefined) return undefined;
  const agreeing = sources.filter((s) => s.id === keyId).map((s) => s.label);
  const named = agreeing.length > 0 ? `${agreeing.join(', ')} name${agreeing.length === 1 ? 's' : ''} ${keyId}` : `${keyId} is the key`;
  const about = (id: string) => {
    const key = keyOf(id);
    if (key === null) return `; key ${id} does not exist`;
    const mark = key ? marks.get(key.keyId) : undefined;
    return mark ? `; key ${id} carries ${mark.carries}${mark.marked ? ' too' : ''}` : '';
  };
  if (param && param !== keyId) emit(`ssm-parameter ${created.keyIdParameter}`, `value (${named}${about(param)}: terraform apply rewrites the parameter)`, keyId, param);
  if (aliasKey && aliasKey.keyId !== keyId)
    emit(`kms-alias ${created.alias}`, `targetKeyId (${named}${about(aliasKey.keyId)}: terraform apply repoints the alias)`, keyId, aliasKey.keyId);
  const resource = (id: string) => `kms-key ${id} (${created.alias})`;
  const key = keyOf(keyId);
  if (key !== undefined) keyProblems(resource(keyId), key, emit, true);
  const winnerMark = key ? marks.get(key.keyId) : undefined;
  const field = `${created.managedBy?.key ?? ''} tag and description`;
  const expectedMark = `${created.managedBy?.key}=${created.managedBy?.value}, description "${created.description}"`;
  // Marked keys neither the parameter nor the alias names (only documents do): not in their findings.
  const paramKeyId = param ? (keyOf(param)?.keyId ?? param) : undefined;
  const unnamed = marked.filter((id) => id !== keyId && id !== paramKeyId && id !== aliasKey?.keyId);
  if (winnerMark && !winnerMark.marked) {
    const elsewhere = marked.length > 0 ? `; key ${marked.join(', key ')} carries them` : '';
    emit(
      resource(keyId),
      `${field} (${named}, but it carries ${winnerMark.carries}${elsewhere}: terraform apply restores them on the key in its state)`,
      expectedMark,
      winnerMark.value,
    );
  }
  for (const id of unnamed) {
    const by = documents.filter((d) => d.id === id).map((d) => d.label);
    emit(
      resource(id),
      `${field} (the session-data key's, on a key only ${by.join(', ')} name${by.length === 1 ? 's' : ''}; ${named}: if ${id} is the key in the state, terraform apply points the parameter and the alias back at it)`,
      `not on ${id} (the key is ${keyId})`,
      marks.get(id)!.value,
    );
  }
  return keyId;
}

function resolvedContent(doc: ExpectedDocument, keyId: string | undefined): unknown {
  // Port documents have no inputs (nothing to encrypt or log).
  if (!('inputs' in doc.content) || doc.content.inputs.kmsKeyId !== CREATED_KEY_PLACEHOLDER) return doc.content;
  const resolved = keyId ?? `(the key of ${doc.createdKeyAlias ?? 'the created alias'}: not found)`;
  return { ...doc.content, inputs: { ...doc.content.inputs, kmsKeyId: resolved } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compareVersion(resource: string, label: string, expected: unknown, version: ObservedDocumentVersion, emit: Emit): void {
  let actual: unknown;
  try {
    actual = JSON.parse(version.content);
    // Terraform appends a revision to the description (withRevision) so that going back makes a new version.
    if (isRecord(actual) && typeof actual.description === 'string') actual = { ...actual, description: withoutRevision(actual.description) };
  } catch {
    emit(resource, `${label}: content`, 'JSON', `not JSON (${version.content.slice(0, 60)})`);
    return;
  }
  compareLeaves(expected, actual, (path, e, a) => emit(resource, `${label}: ${path}`, e, a));
}

function compareDocuments(expected: ExpectedRegion, observed: ObservedRegion, keyId: string | undefined, emit: Emit): void {
  for (const doc of expected.documents) {
    const resource = `ssm-document ${doc.name}`;
    const seen = observed.documents[doc.name];
    if (seen === undefined) continue; // not read (an error is reported)
    if (seen === null) {
      emit(resource, 'exists', true, false);
      continue;
    }
    if (seen.documentType !== undefined && seen.documentType !== 'Session') emit(resource, 'documentType', 'Session', seen.documentType);
    const content = resolvedContent(doc, keyId);
    if (seen.defaultVersion !== seen.latestVersion) {
      // Stated as the rule, not as a version to switch to: the latest may hold content written outside.
      emit(resource, 'default version is the latest', true, `false (default ${seen.defaultVersion}, latest ${seen.latestVersion})`);
      compareVersion(resource, `version ${seen.default.version} (default)`, content, seen.default, emit);
      if (seen.latest) compareVersion(resource, `version ${seen.latest.version} (latest)`, content, seen.latest, emit);
    } else {
      compareVersion(resource, `version ${seen.default.version} (default, latest)`, content, seen.default, emit);
    }
  }
}

function compareLogs(expected: ExpectedRegion, observed: ObservedRegion, emit: Emit): void {
  const logsKey = expected.logsKeyAlias !== undefined ? observed.keys[expected.logsKeyAlias] : undefined;
  if (expected.logsKeyAlias !== undefined && logsKey !== undefined) keyProblems(`kms-key ${expected.logsKeyAlias}`, logsKey, emit, true);
  const logsKeyArn = (alias: string) => (observed.keys[alias] ? observed.keys[alias]!.arn : `(the key of ${alias}: not found)`);
  for (const group of expected.logGroups) {
    const resource = `log-group ${group.name}`;
    const seen = observed.logGroups[group.name];
    if (seen === undefined) continue;
    if (seen === null) {
      emit(resource, 'exists', true, false);
      continue;
    }
    // retentionDays 0 means "never expire": CloudWatch Logs then reports no retention at all.
    const retention = group.retentionDays === 0 ? null : group.retentionDays;
    if ((seen.retentionDays ?? null) !== retention) emit(resource, 'retentionInDays', retention, seen.retentionDays ?? null);
    const expectedKey = group.kmsKeyAlias !== undefined ? logsKeyArn(group.kmsKeyAlias) : null;
    if ((seen.kmsKeyId ?? null) !== expectedKey) emit(resource, 'kmsKeyId', expectedKey, seen.kmsKeyId ?? null);
  }
  for (const name of expected.referencedLogGroups) {
    if (observed.logGroups[name] === null) emit(`log-group ${name}`, 'exists', true, false);
  }
  for (const bucket of expected.buckets) {
    const resource = `s3-bucket ${bucket.name}`;
    const seen = observed.buckets[bucket.name];
    if (seen === undefined) continue;
    if (seen === null) {
      emit(resource, 'exists', true, false);
      continue;
    }
    const enc = seen.encryption;
    if (enc?.sseAlgorithm !== 'aws:kms') emit(resource, 'encryption.sseAlgorithm', 'aws:kms', enc?.sseAlgorithm ?? null);
    const keyArn = logsKeyArn(bucket.kmsKeyAlias);
    if (enc?.kmsKeyId !== keyArn) emit(resource, 'encryption.kmsMasterKeyId', keyArn, enc?.kmsKeyId ?? null);
    if (enc?.bucketKeyEnabled !== true) emit(resource, 'encryption.bucketKeyEnabled', true, enc?.bucketKeyEnabled ?? null);
    if (seen.versioning !== 'Enabled') emit(resource, 'versioning', 'Enabled', seen.versioning ?? null);
    for (const field of ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const) {
      const actual = seen.publicAccessBlock?.[field] ?? null;
      if (actual !== true) emit(resource, `publicAccessBlock.${field}`, true, actual);
    }
    compareBucketPolicy(resource, bucket.policy, seen.policy, emit);
    if (seen.objectOwnership !== bucket.objectOwnership) emit(resource, 'ownershipControls.objectOwnership', bucket.objectOwnership, seen.objectOwnership ?? null);
    compareObjectLock(resource, bucket.objectLock, seen.objectLock, emit);
    if (seen.lifecycle === undefined) emit(resource, 'lifecycle', 'configured', null);
    else {
      if (seen.lifecycle.expirationDays !== bucket.expirationDays) emit(resource, 'lifecycle.expiration.days', bucket.expirationDays, seen.lifecycle.expirationDays ?? null);
      if (seen.lifecycle.noncurrentDays !== bucket.noncurrentVersionExpirationDays)
        emit(resource, 'lifecycle.noncurrentVersionExpiration.noncurrentDays', bucket.noncurrentVersionExpirationDays, seen.lifecycle.noncurrentDays ?? null);
    }
  }
}

/** Object Lock: enabled with the planned default retention, or not enabled at all (years only when set outside). */
function compareObjectLock(resource: string, expected: ExpectedBucket['objectLock'], actual: ObservedBucket['objectLock'], emit: Emit): void {
  const fields: [string, DriftValue, DriftValue][] = [
    ['objectLock.objectLockEnabled', expected ? 'Enabled' : null, actual?.enabled ?? null],
    ['objectLock.defaultRetention.mode', expected?.mode ?? null, actual?.mode ?? null],
    ['objectLock.defaultRetention.days', expected?.retentionDays ?? null, actual?.days ?? null],
    ['objectLock.defaultRetention.years', null, actual?.years ?? null],
  ];
  for (const [field, e, a] of fields) if (e !== a) emit(resource, field, e, a);
}

/** The bucket policy, statement by statement (Sid); a deleted policy is named as such. */
function compareBucketPolicy(resource: string, expected: unknown, actual: string | undefined, emit: Emit): void {
  if (actual === undefined) {
    emit(resource, 'policy', `present (statements ${[...statementsBySid(expected).keys()].join(', ')})`, null);
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(actual);
  } catch {
    emit(resource, 'policy', 'JSON', 'not JSON');
    return;
  }
  const want = statementsBySid(JSON.parse(JSON.stringify(expected)));
  const have = statementsBySid(parsed);
  for (const sid of [...want.keys(), ...[...have.keys()].filter((k) => !want.has(k)).sort()]) {
    if (!deepEqual(want.get(sid), have.get(sid))) emit(resource, `policy: Statement ${sid}`, asValue(want.get(sid)), asValue(have.get(sid)));
  }
}

/** The updater Lambda: exists, its runtime, its role, the log group it logs to, its handler, timeout and memory. */
function compareFunction(expected: ExpectedRegion, observed: ObservedRegion, emit: Emit): void {
  const fn = expected.lambdaFunction;
  const seen = observed.lambdaFunction;
  if (!fn || seen === undefined) return;
  const resource = `lambda-function ${fn.name}`;
  if (seen === null) {
    emit(resource, 'exists', true, false);
    return;
  }
  if (seen.runtime !== fn.runtime) emit(resource, 'runtime', fn.runtime, seen.runtime ?? null);
  if (seen.roleArn !== fn.roleArn) emit(resource, 'role', fn.roleArn, seen.roleArn ?? null);
  if (seen.logGroup !== fn.logGroup) emit(resource, 'loggingConfig.logGroup', fn.logGroup, seen.logGroup ?? null);
  if (seen.handler !== fn.handler) emit(resource, 'handler', fn.handler, seen.handler ?? null);
  if (seen.timeout !== fn.timeoutSeconds) emit(resource, 'timeout', fn.timeoutSeconds, seen.timeout ?? null);
  if (seen.memorySize !== fn.memorySize) emit(resource, 'memorySize', fn.memorySize, seen.memorySize ?? null);
}

/** Differences in one Region of one account. */
export function compareRegion(expected: ExpectedRegion, observed: ObservedRegion): Difference[] {
  const out: Difference[] = [];
  const emit: Emit = (resource, field, e, a) =>
    out.push({ account: expected.accountId, accountName: expected.accountName, region: expected.region, resource, field, expected: e, actual: a });
  const keyId = createdKeyId(expected, observed, emit);
  for (const ref of expected.existingKeys) {
    const key = observed.keys[ref];
    if (key !== undefined) keyProblems(`kms-key ${ref}`, key, emit, false);
  }
  compareDocuments(expected, observed, keyId, emit);
  compareLogs(expected, observed, emit);
  compareFunction(expected, observed, emit);
  if (expected.sharing && observed.sharing !== undefined && observed.sharing !== expected.sharing.value) {
    emit(`ssm-service-setting ${expected.sharing.settingId}`, 'settingValue', expected.sharing.value, observed.sharing);
  }
  if (expected.dhmc && observed.dhmc !== undefined && observed.dhmc !== expected.dhmc.value) {
    emit(`ssm-service-setting ${expected.dhmc.settingId}`, 'settingValue', expected.dhmc.value, observed.dhmc);
  }
  return out;
}

function statementsBySid(doc: unknown): Map<string, unknown> {
  const statements = (doc as { Statement?: unknown })?.Statement;
  const list = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
  return new Map(list.map((s, i) => [typeof (s as { Sid?: unknown })?.Sid === 'string' ? (s as { Sid: string }).Sid : `#${i}`, s]));
}

/** Differences in an account's IAM: managed policies (their default versions against the synthesized documents), roles (path, trust, attached and inline policies) and instance profiles. */
export function compareAccount(expected: ExpectedAccount, observed: ObservedAccount): Difference[] {
  const out: Difference[] = [];
  const emit: Emit = (resource, field, e, a) =>
    out.push({ account: expected.accountId, accountName: expected.accountName, region: GLOBAL_REGION, resource, field, expected: e, actual: a });
  for (const policy of expected.policies) {
    const resource = `iam-policy ${policy.name}`;
    const seen = observed.policies[policy.arn];
    if (seen === undefined) continue;
    if (seen === null) {
      emit(resource, 'exists', true, false);
      continue;
    }
    let actual: unknown;
    try {
      actual = JSON.parse(seen.document);
    } catch {
      emit(resource, `${seen.defaultVersionId} (default): document`, 'JSON', 'not JSON');
      continue;
    }
    if (deepEqual(JSON.parse(JSON.stringify(policy.document)), actual)) continue;
    const label = `${seen.defaultVersionId} (default)`;
    if ((actual as { Version?: unknown })?.Version !== policy.document.Version)
      emit(resource, `${label}: Version`, policy.document.Version, asValue((actual as { Version?: unknown })?.Version));
    const want = statementsBySid(JSON.parse(JSON.stringify(policy.document)));
    const have = statementsBySid(actual);
    for (const sid of [...want.keys(), ...[...have.keys()].filter((k) => !want.has(k)).sort()]) {
      if (!deepEqual(want.get(sid), have.get(sid))) emit(resource, `${label}: Statement ${sid}`, asValue(want.get(sid)), asValue(have.get(sid)));
    }
  }
  for (const role of expected.roles) {
    const resource = `iam-role ${role.name}`;
    const seen = observed.roles[role.name];
    if (seen === undefined) continue;
    if (seen === null) {
      emit(resource, 'exists', true, false);
      continue;
    }
    if (seen.path !== role.path) emit(resource, 'path', role.path, seen.path);
    compareTrust(resource, role.trustPolicy, seen.trustPolicy, emit);
    if (seen.managedPolicyArns) compareNames(resource, 'attachedPolicies', role.managedPolicyArns, seen.managedPolicyArns, emit);
    if (seen.inlinePolicyNames) compareNames(resource, 'inlinePolicies', role.inlinePolicyNames, seen.inlinePolicyNames, emit);
  }
  for (const profile of expected.instanceProfiles) {
    const resource = `iam-instance-profile ${profile.name}`;
    const seen = observed.instanceProfiles[profile.name];
    if (seen === undefined) continue;
    if (seen === null) {
      emit(resource, 'exists', true, false);
      continue;
    }
    if (seen.path !== profile.path) emit(resource, 'path', profile.path, seen.path);
    if (seen.roles.length !== 1 || seen.roles[0] !== profile.role) emit(resource, 'roles', profile.role, seen.roles.length > 0 ? seen.roles.join(', ') : null);
  }
  return out;
}

/**
 * A policy document as IAM means it: each statement canonical (canonicalJson: the order of
 * actions, resources, principals and condition values does not matter, nor repeats, and one value
 * equals a list of that one), and the order of statements does not matter either.
 */
export function canonicalPolicy(doc: unknown): unknown {
  if (!isRecord(doc)) return doc;
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? [] : [doc.Statement];
  const sorted = statements.map((s) => ({ key: JSON.stringify(canonicalJson(s)), value: canonicalJson(s) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { ...doc, Statement: sorted.map((s) => s.value) };
}

/** Who the Allow statements of a trust policy let assume the role: `Service ec2.amazonaws.com`, `AWS arn:...`, `*`; NotPrincipal as `everyone but ...`. */
export function trustedPrincipals(doc: unknown): Set<string> {
  const out = new Set<string>();
  const statements = isRecord(doc) ? (Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? [] : [doc.Statement]) : [];
  for (const s of statements) {
    if (!isRecord(s) || s.Effect !== 'Allow') continue;
    for (const [key, prefix] of [
      ['Principal', ''],
      ['NotPrincipal', 'everyone but '],
    ] as const) {
      const p = s[key];
      if (p === undefined) continue;
      if (p === '*') out.add(`${prefix}*`);
      else if (isRecord(p)) for (const [type, values] of Object.entries(p)) for (const v of [values].flat()) out.add(`${prefix}${type} ${String(v)}`);
    }
  }
  return out;
}

/**
 * The trust policy: compared as parsed JSON, in IAM's sense (canonicalPolicy). When it differs,
 * the whole document is one difference, and every principal it now trusts that the configuration
 * does not is a difference of its own (`assumeRolePolicy: trusts another principal`): someone
 * else can assume the role.
 */
function compareTrust(resource: string, expected: TrustPolicyDocument, actual: string | undefined, emit: Emit): void {
  const want = JSON.parse(JSON.stringify(expected)) as unknown;
  if (actual === undefined) {
    emit(resource, 'assumeRolePolicy', JSON.stringify(want), null);
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(actual);
  } catch {
    emit(resource, 'assumeRolePolicy', 'JSON', `not JSON (${actual.slice(0, 60)})`);
    return;
  }
  if (deepEqual(canonicalPolicy(want), canonicalPolicy(parsed))) return;
  emit(resource, 'assumeRolePolicy', JSON.stringify(want), JSON.stringify(parsed));
  const trusted = trustedPrincipals(want);
  for (const principal of [...trustedPrincipals(parsed)].filter((p) => !trusted.has(p)).sort()) {
    emit(resource, 'assumeRolePolicy: trusts another principal', null, principal);
  }
}

/** A set of names (policy ARNs, inline policy names): each one missing, then each one added outside, as `<label>: <name>` attached true/false. */
function compareNames(resource: string, label: string, expected: readonly string[], actual: readonly string[], emit: Emit): void {
  const want = new Set(expected);
  const have = new Set(actual);
  for (const name of [...want].filter((n) => !have.has(n))) emit(resource, `${label}: ${name}`, true, false);
  for (const name of [...have].filter((n) => !want.has(n)).sort()) emit(resource, `${label}: ${name}`, false, true);
}
