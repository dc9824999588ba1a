/**
 * Account groups and Region-level overrides: for each account and Region, the preferences, custom
 * documents and access it gets. The layers, most general first:
 *
 *   DEFAULTS < preferences < regionOverrides.<region> < accountGroups.<g>.preferences
 *            < accountGroups.<g>.regionOverrides.<region>
 *
 * Layers are merged field by field (objects merge, everything else, lists included, replaces),
 * and the merged input is resolved exactly like the top-level preferences. Every merged field
 * remembers the layer it came from, so a problem is reported at the path where the value was
 * written (e.g. `accountGroups.prod.preferences.s3.bucketName`), naming the group.
 * With a log archive (logArchive), S3 logging goes to the archive bucket of the Region unless the
 * layers choose another bucket (see resolve-log-archive.ts).
 */
import type { AccountGroupInput, ConfigInput, PreferencesInput } from './schema';
import type { AccessInput } from './schema-access';
import type { AccessModel, CustomDocumentModel, PreferencesModel, SessionKindModel } from '../model/model';
import type { LogArchiveModel } from '../model/model-log-archive';
import { resolveAccess } from './resolve-access';
import { sessionKindOf, sessionTypeOf, setsSessionType } from './resolve-documents';
import { archiveS3, archiveS3ForDocument } from './resolve-log-archive';
import type { Report } from './issues';

type Json = Record<string, unknown>;

/** One layer of overrides: where it is written, what it holds, and the group it belongs to. */
export interface Layer {
  /** Path of the layer in the configuration file, e.g. `accountGroups.prod.preferences`. */
  readonly path: string;
  readonly value: Json | undefined;
  readonly group?: string;
}

/** A merged input and, for every field set, the layer it came from. */
export interface Merged {
  readonly value: Json;
  /** Field path relative to the layers (`s3.bucketName`) -> the layer that set it last. */
  readonly origin: ReadonlyMap<string, Layer>;
  readonly layers: readonly Layer[];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges `layers` in order, field by field, remembering where each field came from. */
export function mergeLayers(layers: readonly Layer[]): Merged {
  const origin = new Map<string, Layer>();
  const into = (target: Json, source: Json, prefix: string, layer: Layer) => {
    for (const [key, value] of Object.entries(source)) {
      if (value === undefined) continue;
      const at = prefix === '' ? key : `${prefix}.${key}`;
      origin.set(at, layer);
      if (isObject(value) && isObject(target[key])) {
        into(target[key] as Json, value, at, layer);
      } else {
        for (const known of [...origin.keys()]) if (known.startsWith(`${at}.`)) origin.delete(known);
        target[key] = isObject(value) ? into({}, value, at, layer) : Array.isArray(value) ? [...value] : value;
      }
    }
    return target;
  };
  const value: Json = {};
  for (const layer of layers) if (layer.value !== undefined) into(value, layer.value, '', layer);
  return { value, origin, layers };
}

/**
 * Where a problem at `relative` (a field path below the layers) belongs: the layer that set the
 * field, or else the layer that set its nearest parent (where the missing field would go), or the
 * first layer. Returns the full path and the group to name.
 */
export function locate(merged: Merged, relative: string): { path: string; group?: string } {
  const parts = relative === '' ? [] : relative.split('.');
  for (let n = parts.length; n > 0; n--) {
    // `attachToRoles[0]` was set with its list, `attachToRoles`.
    const layer = merged.origin.get(
      parts
        .slice(0, n)
        .join('.')
        .replace(/\[\d+\]$/, ''),
    );
    if (layer) return { path: `${layer.path}.${relative}`, ...(layer.group ? { group: layer.group } : {}) };
  }
  const first = merged.layers[0];
  return { path: relative === '' ? first.path : `${first.path}.${relative}` };
}

/** True when some layer set the field at `relative` or one of its parents. */
function touches(merged: Merged, relative: string): boolean {
  const parts = relative === '' ? [] : relative.split('.');
  for (let n = parts.length; n > 0; n--)
    if (
      merged.origin.has(
        parts
          .slice(0, n)
          .join('.')
          .replace(/\[\d+\]$/, ''),
      )
    )
      return true;
  return false;
}

/**
 * A report function for problems found in a merged input resolved under the pseudo-path `base`.
 * With `inherited` (a custom document's base preferences), a problem in a field no layer of the
 * document touches belongs to the base preferences, where it is reported (once) instead.
 */
export function relocatingReport(merged: Merged, base: string, report: Report, inherited?: Merged): Report {
  return (path, message) => {
    const relative = path === base ? '' : path.startsWith(`${base}.`) ? path.slice(base.length + 1) : undefined;
    if (relative === undefined) return report(path, message);
    const at = inherited !== undefined && !touches(merged, relative) ? locate(inherited, relative) : locate(merged, relative);
    report(at.path, at.group ? `${message} (account group ${at.group})` : message);
  };
}

/** What a Region of an account gets. */
export interface RegionResolution {
  readonly preferences: PreferencesModel;
  readonly customDocuments: readonly CustomDocumentModel[];
}

type ResolvePreferences = (input: PreferencesInput | undefined, region: string, path: string, report: Report, base?: PreferencesModel) => PreferencesModel;

/** The group-independent result of one (group, Region), before the archive is applied. */
interface Resolved {
  readonly preferences: PreferencesModel;
  readonly baseInput: Json;
  readonly documents: readonly { readonly model: CustomDocumentModel; readonly input: Json }[];
}

/** Resolves accounts' Regions through the layers; caches what does not depend on the account. */
export class GroupResolver {
  private readonly cache = new Map<string, Resolved>();
  private readonly accessCache = new Map<string, AccessModel>();

  constructor(
    private readonly config: ConfigInput,
    private readonly report: Report,
    private readonly resolvePreferences: ResolvePreferences,
    private readonly archive?: LogArchiveModel,
  ) {
    const groups = config.accountGroups ?? {};
    // Duplicate document names and single-Region key IDs of a group are checked with the top level's (cross-checks.ts),
    // and so are its key ARNs, tag keys and settings without effect (aws-checks.ts, over settingsLayers).
    config.accounts.forEach((account, a) => {
      if (account.group !== undefined && groups[account.group] === undefined) {
        const known = Object.keys(groups);
        report(`accounts[${a}].group`, `names no account group: define accountGroups.${account.group}${known.length > 0 ? ` or use one of ${known.join(', ')}` : ''}`);
      }
    });
  }

  private group(name: string | undefined): AccountGroupInput | undefined {
    return name === undefined ? undefined : this.config.accountGroups?.[name];
  }

  /** The access of accounts of group `name`; undefined when the group does not override access. */
  access(name: string | undefined): AccessModel | undefined {
    const group = this.group(name);
    if (name === undefined || group?.access === undefined) return undefined;
    const cached = this.accessCache.get(name);
    if (cached) return cached;
    const merged = mergeLayers([
      { path: 'access', value: this.config.access as Json | undefined },
      { path: `accountGroups.${name}.access`, value: group.access as Json, group: name },
    ]);
    // The group's accounts have the top-level custom documents and the group's own.
    const documentNames = [...new Set([...(this.config.customDocuments ?? []), ...(group.customDocuments ?? [])].map((d) => d.name))];
    const docs = [...(this.config.customDocuments ?? []), ...(group.customDocuments ?? [])];
    // A group entry that sets the session type replaces the top-level one (as in resolved()).
    const portDocuments = documentNames.filter((n) => {
      const last = [...docs].reverse().find((d) => d.name === n && setsSessionType(d)) ?? docs.find((d) => d.name === n);
      return last !== undefined && sessionTypeOf(last) === 'Port';
    });
    const access = resolveAccess(merged.value as AccessInput, relocatingReport(merged, 'access', this.report), documentNames, portDocuments);
    this.accessCache.set(name, access);
    return access;
  }

  private resolved(groupName: string | undefined, region: string): Resolved {
    const key = `${groupName ?? ''}\u0000${region}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const group = this.group(groupName);
    const layers: Layer[] = [
      // With a log archive, S3 logging is on unless a layer turns it off.
      ...(this.archive ? [{ path: 'preferences', value: { s3: { enabled: true } } }] : []),
      { path: 'preferences', value: this.config.preferences as Json | undefined },
      { path: `regionOverrides.${region}.preferences`, value: this.config.regionOverrides?.[region]?.preferences as Json | undefined },
      ...(groupName !== undefined && group
        ? [
            { path: `accountGroups.${groupName}.preferences`, value: group.preferences as Json | undefined, group: groupName },
            { path: `accountGroups.${groupName}.regionOverrides.${region}.preferences`, value: group.regionOverrides?.[region]?.preferences as Json | undefined, group: groupName },
          ]
        : []),
    ];
    const merged = mergeLayers(layers);
    const preferences = this.resolvePreferences(merged.value as PreferencesInput, region, 'preferences', relocatingReport(merged, 'preferences', this.report));

    const topDocs = this.config.customDocuments ?? [];
    const groupDocs = group?.customDocuments ?? [];
    const docs: { name: string; description?: string; session: SessionKindModel; layers: Layer[] }[] = topDocs.map((doc, i) => ({
      name: doc.name,
      ...(doc.description !== undefined ? { description: doc.description } : {}),
      session: sessionKindOf(doc),
      layers: [{ path: `customDocuments[${i}].preferences`, value: doc.preferences as Json | undefined }],
    }));
    groupDocs.forEach((doc, j) => {
      const layer: Layer = { path: `accountGroups.${groupName}.customDocuments[${j}].preferences`, value: doc.preferences as Json | undefined, group: groupName };
      const existing = docs.find((d) => d.name === doc.name);
      if (existing) {
        existing.layers.push(layer);
        if (doc.description !== undefined) existing.description = doc.description;
        // A group entry that sets the session type replaces the top-level document's.
        if (setsSessionType(doc)) existing.session = sessionKindOf(doc);
      } else {
        docs.push({ name: doc.name, ...(doc.description !== undefined ? { description: doc.description } : {}), session: sessionKindOf(doc), layers: [layer] });
      }
    });
    const documents = docs.map((doc) => {
      const m = mergeLayers(doc.layers);
      const model: CustomDocumentModel = {
        name: doc.name,
        ...(doc.description !== undefined ? { description: doc.description } : {}),
        preferences: this.resolvePreferences(m.value as PreferencesInput, region, 'document', relocatingReport(m, 'document', this.report, merged), preferences),
        session: doc.session,
      };
      return { model, input: m.value };
    });
    const result: Resolved = { preferences, baseInput: merged.value, documents };
    this.cache.set(key, result);
    return result;
  }

  /** The preferences and custom documents of `region` of the account `accountId` in group `groupName`. */
  region(groupName: string | undefined, accountId: string, region: string, accountPath: string): RegionResolution {
    const r = this.resolved(groupName, region);
    if (this.archive === undefined) return { preferences: r.preferences, customDocuments: r.documents.map((d) => d.model) };
    const preferences = archiveS3(r.preferences, r.baseInput, this.archive, accountId, region, accountPath, this.report);
    return {
      preferences,
      customDocuments: r.documents.map((d) => ({
        ...d.model,
        preferences: archiveS3ForDocument(d.model.preferences, d.input, r.preferences, preferences, this.archive!, accountId),
      })),
    };
  }
}
