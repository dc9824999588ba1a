/**
 * Compares what is observed in AWS with what the configuration synthesizes. Pure: from an expected
 * and an observed snapshot to a list of differences, each naming the account, Region, resource,
 * field, the expected and the actual value.
 */
import { deepEqual } from '../model/json-equal';
import { withoutRevision } from '../documents/build-session-document';
import type { TrustPolicyDocument } from '../policies/types';
import type { ExpectedAccount, ExpectedBucket, ExpectedDocument, ExpectedRegion } from './expected';
import { CREATED_KEY_PLACEHOLDER } from './expected';
import type { ObservedAccount, ObservedBucket, ObservedDocumentVersion, ObservedKey, ObservedRegion } from './observed';

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

/** The key ID the default version of a document names, when it can be read. */
function documentKeyId(observed: ObservedRegion, name: string): string | undefined {
  const seen = observed.documents[name];
  if (!seen) return undefined;
  try {
    const id = (JSON.parse(seen.default.content) as { inputs?: { kmsKeyId?: unknown } }).inputs?.kmsKeyId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The ID the documents must name for the created key. Its ID is random and lives only in AWS, so
 * no single live value is taken as the truth: the key-ID parameter, the alias and the documents
 * naming the key each vote, a key that does not exist gets no vote, and a tie goes to the
 * parameter (Terraform wrote it from the key it created). Each source that disagrees is named,
 * with the sources it disagrees with and the repair (terraform apply rewrites the parameter and
 * repoints the alias; the documents are reported against the winner by compareDocuments).
 */
function createdKeyId(expected: ExpectedRegion, observed: ObservedRegion, emit: Emit): string | undefined {
  const created = expected.createdKey;
  if (!created) return undefined;
  const param = observed.parameters[created.keyIdParameter];
  const aliasKey = observed.keys[created.alias];
  if (param === null) emit(`ssm-parameter ${created.keyIdParameter}`, 'exists', true, false);
  if (aliasKey === null) emit(`kms-alias ${created.alias}`, 'exists', true, false);
  const sources: { label: string; id: string }[] = [
    ...(param ? [{ label: 'the parameter', id: param }] : []),
    ...(aliasKey ? [{ label: 'the alias', id: aliasKey.keyId }] : []),
    ...expected.documents.flatMap((d) => {
      const id = d.createdKeyAlias !== undefined ? documentKeyId(observed, d.name) : undefined;
      return id !== undefined ? [{ label: `document ${d.name}`, id }] : [];
    }),
  ];
  const exists = (id: string) => observed.keys[id] !== null || aliasKey?.keyId === id;
  const votes = new Map<string, number>();
  for (const s of sources) if (exists(s.id)) votes.set(s.id, (votes.get(s.id) ?? 0) + 1);
  const best = Math.max(0, ...votes.values());
  const winners = [...votes].filter(([, n]) => n === best).map(([id]) => id);
  const keyId = winners.length === 1 ? winners[0] : param && winners.includes(param) ? param : (winners[0] ?? param ?? aliasKey?.keyId);
  if (keyId !== undefined) {
    const agreeing = sources.filter((s) => s.id === keyId).map((s) => s.label);
    const why = (id: string) =>
      `${agreeing.length > 0 ? `${agreeing.join(', ')} name ${keyId}` : `${keyId} is the key`}${observed.keys[id] === null ? `; key ${id} does not exist` : ''}`;
    if (param && param !== keyId) emit(`ssm-parameter ${created.keyIdParameter}`, `value (${why(param)}: terraform apply rewrites the parameter)`, keyId, param);
    if (aliasKey && aliasKey.keyId !== keyId) emit(`kms-alias ${created.alias}`, `targetKeyId (${why(aliasKey.keyId)}: terraform apply repoints the alias)`, keyId, aliasKey.keyId);
    const key = aliasKey && aliasKey.keyId === keyId ? aliasKey : observed.keys[keyId];
    if (key !== undefined) keyProblems(`kms-key ${keyId} (${created.alias})`, key, emit, true);
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

/** A value IAM treats as a set (a string or a list): sorted, without repeats. */
function asSet(value: unknown): unknown {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return [...new Set(value as string[])].sort();
  return value;
}

/** Each key of an object mapped through `f` (anything else as it is). */
function mapValues(value: unknown, f: (v: unknown) => unknown): unknown {
  return isRecord(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, f(v)])) : value;
}

/**
 * A policy document as IAM means it: the order of statements, of actions, resources and
 * principals, and of condition values does not matter, and one value equals a list of that one.
 */
export function canonicalPolicy(doc: unknown): unknown {
  if (!isRecord(doc)) return doc;
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? [] : [doc.Statement];
  const canonical = statements.map((s) => {
    if (!isRecord(s)) return s;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s)) {
      if (['Action', 'NotAction', 'Resource', 'NotResource'].includes(k)) out[k] = asSet(v);
      else if (k === 'Principal' || k === 'NotPrincipal') out[k] = v === '*' ? v : mapValues(v, asSet);
      else if (k === 'Condition') out[k] = mapValues(v, (op) => mapValues(op, asSet));
      else out[k] = v;
    }
    return out;
  });
  return { ...doc, Statement: canonical.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0)) };
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
      else if (isRecord(p)) for (const [type, values] of Object.entries(p)) for (const v of asSet(values) as unknown[]) out.add(`${prefix}${type} ${String(v)}`);
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
