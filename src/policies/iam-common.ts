/**
 * Pieces shared by the instance and user access policies (iam-instance.ts, iam-user.ts): the
 * session documents of a Region, KMS key grants computed from the model, and the split of a
 * policy across several managed policies when IAM's size limit requires it. Pure functions.
 */
import type { PreferencesModel, RegionModel } from '../model/model';
import type { PolicyDocument, Statement } from './types';

/** IAM's limit on a managed policy document, in characters without white space. */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/** The preferences of every Session document of a Region: SSM-SessionManagerRunShell first, then the custom ones. */
export function sessionPreferences(region: RegionModel): PreferencesModel[] {
  return [region.preferences, ...region.customDocuments.map((d) => d.preferences)];
}

/** Sorted unique strings. */
export function unique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** A single value stays a string; several become a list (smaller policies, same meaning). */
export function oneOrMany(values: readonly string[]): string | string[] {
  return values.length === 1 ? values[0] : [...values];
}

/** How a KMS key is granted: by key ARN, or by alias through the kms:ResourceAliases condition. */
export type KeyGrant = { readonly kind: 'key'; readonly arn: string } | { readonly kind: 'alias'; readonly alias: string; readonly keys: string };

const KEY_ARN = /^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:key\/.+$/;
const ALIAS_ARN = /^arn:([a-z-]+):kms:([a-z0-9-]+):(\d{12}):(alias\/.+)$/;

/**
 * How to grant a key given as key ID, key ARN, alias name or alias ARN, used in `region` of
 * `accountId`. Key ARNs are used as they are and bare key IDs become key ARNs in the Region.
 * Aliases cannot be an IAM resource for key operations (KMS authorizes against the key ARN), so
 * an alias becomes `key/*` of its Region and account plus the condition that the key carries it.
 */
export function keyGrant(ref: string, partition: string, region: string, accountId: string): KeyGrant {
  if (KEY_ARN.test(ref)) return { kind: 'key', arn: ref };
  const aliasArn = ALIAS_ARN.exec(ref);
  if (aliasArn) return { kind: 'alias', alias: aliasArn[4], keys: `arn:${aliasArn[1]}:kms:${aliasArn[2]}:${aliasArn[3]}:key/*` };
  if (ref.startsWith('alias/')) return { kind: 'alias', alias: ref, keys: `arn:${partition}:kms:${region}:${accountId}:key/*` };
  return { kind: 'key', arn: `arn:${partition}:kms:${region}:${accountId}:key/${ref}` };
}

/** Grants of the session-data keys of every Session document in `regions` (created or existing). */
export function sessionKeyGrants(regions: readonly RegionModel[], accountId: string): KeyGrant[] {
  return regions.flatMap((r) =>
    sessionPreferences(r).flatMap((p): KeyGrant[] => {
      switch (p.sessionKey.mode) {
        case 'none':
          return [];
        case 'create':
          return [keyGrant(p.sessionKey.alias, r.partition, r.region, accountId)];
        case 'existing':
          return [keyGrant(p.sessionKey.keyId, r.partition, r.region, accountId)];
      }
    }),
  );
}

/**
 * Allow statements for `action` on the keys of `grants`: one statement for the key ARNs, and one
 * per distinct set of Regions for the aliases (each alias stays confined to the Regions it was
 * configured in). Sids are `<sid>`, `<sid>ByAlias`, `<sid>ByAlias2`, ... `condition` is added to
 * every statement (kms:ViaService, encryption context keys).
 */
export function keyStatements(sid: string, action: string | readonly string[], grants: readonly KeyGrant[], condition: NonNullable<Statement['Condition']> = {}): Statement[] {
  const statements: Statement[] = [];
  const actions = typeof action === 'string' ? action : oneOrMany(action);
  const extra = Object.keys(condition).length > 0 ? condition : undefined;
  const arns = unique(grants.flatMap((g) => (g.kind === 'key' ? [g.arn] : [])));
  if (arns.length > 0) statements.push({ Sid: sid, Effect: 'Allow', Action: actions, Resource: oneOrMany(arns), ...(extra ? { Condition: extra } : {}) });
  const keysByAlias = new Map<string, Set<string>>();
  for (const g of grants) if (g.kind === 'alias') keysByAlias.set(g.alias, (keysByAlias.get(g.alias) ?? new Set()).add(g.keys));
  const aliasesByKeys = new Map<string, { keys: string[]; aliases: string[] }>();
  for (const alias of [...keysByAlias.keys()].sort()) {
    const keys = unique(keysByAlias.get(alias) ?? []);
    const id = keys.join(' ');
    aliasesByKeys.set(id, { keys, aliases: [...(aliasesByKeys.get(id)?.aliases ?? []), alias] });
  }
  [...aliasesByKeys.values()].forEach(({ keys, aliases }, i) =>
    statements.push({
      Sid: `${sid}ByAlias${i === 0 ? '' : i + 1}`,
      Effect: 'Allow',
      Action: actions,
      Resource: oneOrMany(keys),
      Condition: { ...condition, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': oneOrMany(aliases) } },
    }),
  );
  return statements;
}

/** Size of a policy as IAM counts it (no white space). */
export function policySize(doc: PolicyDocument): number {
  return JSON.stringify(doc).length;
}

/** One managed policy of a split: the Regions it covers and its document. */
export interface PolicyPart<T> {
  readonly regions: readonly T[];
  readonly document: PolicyDocument;
}

/**
 * Builds one policy for all `regions` when it fits IAM's managed policy limit; otherwise cuts the
 * Regions (in their order) into the fewest equal groups whose policies each fit. Statements that
 * do not depend on the Region (unscopable actions, explicit denies) are repeated in every part.
 */
export function fitRegions<T>(regions: readonly T[], build: (regions: readonly T[]) => PolicyDocument, limit = MANAGED_POLICY_MAX_CHARS): PolicyPart<T>[] {
  for (let parts = 1; parts <= Math.max(1, regions.length); parts++) {
    const size = Math.ceil(regions.length / parts);
    const groups = parts === 1 ? [regions] : Array.from({ length: Math.ceil(regions.length / size) }, (_, i) => regions.slice(i * size, (i + 1) * size));
    const built = groups.map((group) => ({ regions: group, document: build(group) }));
    if (built.every((p) => policySize(p.document) <= limit)) return built;
  }
  throw new Error(`fitRegions: the policy for a single Region exceeds ${limit} characters`);
}

/** The Region of a KMS key ARN or `key/*` pattern (`arn:aws:kms:eu-west-1:...`). */
export function keyRegion(grant: KeyGrant): string {
  return (grant.kind === 'key' ? grant.arn : grant.keys).split(':')[3];
}

/**
 * Encryption context every Session Manager data key carries (session-manager-plugin
 * src/datachannel/streaming.go ProcessKMSEncryptionHandshakeAction calls GenerateDataKey with
 * aws:ssm:SessionId and aws:ssm:TargetId; SSM Agent agent/session/crypto/blockcipher.go
 * UpdateEncryptionKey calls Decrypt with the same two keys, plus aws:ssm:RandomChallenge for newer
 * clients). Requiring both keys confines the session-data key to session encryption: it cannot
 * encrypt or decrypt anything else with these policies.
 */
export const SESSION_ENCRYPTION_CONTEXT = {
  Null: { 'kms:EncryptionContext:aws:ssm:SessionId': 'false', 'kms:EncryptionContext:aws:ssm:TargetId': 'false' },
} as const;
