/**
 * The restore snapshot lives in a tag on the document itself, because Terraform's delete
 * invocation only gets `input`/`prev_input`, never the previous result.
 *   value "none" -> the document did not exist before we created it (delete it on destroy)
 *   value "<n>"  -> version n was the default version before our first change (restore it)
 */
import type { Snapshot } from '../src/updater/contract';

export const SNAPSHOT_TAG_KEY = 'session-manager-preferences:restore-version';
export const SNAPSHOT_NONE = 'none';

export function snapshotToTagValue(s: Snapshot): string {
  if (!s.existed) return SNAPSHOT_NONE;
  if (!s.version || !/^\d+$/.test(s.version)) throw new Error(`invalid snapshot version ${JSON.stringify(s.version)}`);
  return s.version;
}

/** Parses a tag value; returns undefined for a value we did not write (treated like a missing tag). */
export function snapshotFromTagValue(value: string | undefined): Snapshot | undefined {
  if (value === SNAPSHOT_NONE) return { existed: false };
  if (value !== undefined && /^\d+$/.test(value)) return { existed: true, version: value };
  return undefined;
}

export function findSnapshotTag(tags: ReadonlyArray<{ Key?: string; Value?: string }> | undefined): string | undefined {
  return tags?.find((t) => t.Key === SNAPSHOT_TAG_KEY)?.Value;
}
