/**
 * Create/update: converge the document's $LATEST and default version on the desired content,
 * recording the restore snapshot (tag) on the first touch without ever overwriting one.
 */
import { sameJsonContent } from './normalize';
import { isSsmError } from './retry';
import { snapshotFromTagValue, snapshotToTagValue, SNAPSHOT_NONE, type Snapshot } from './snapshot';
import {
  addSnapshotTag,
  createDocument,
  describeDocument,
  getDocument,
  readSnapshotTag,
  setDefaultVersion,
  updateDocument,
  type DocVersion,
  type SsmCtx,
} from './ssm';

export interface ApplyResult {
  action: 'created' | 'updated' | 'unchanged';
  documentName: string;
  version: string;
  defaultVersion: string;
  snapshot: Snapshot;
}

export function sameContent(a: string, b: string): boolean {
  return a === b || sameJsonContent(a, b);
}

/** @param firstTouch true for tf.action "create": record the restore snapshot if none exists yet. */
export async function applyPreferences(ctx: SsmCtx, name: string, content: string, firstTouch: boolean): Promise<ApplyResult> {
  let latest = await getDocument(ctx, name, '$LATEST');
  if (!latest) {
    try {
      const d = await createDocument(ctx, name, content, SNAPSHOT_NONE);
      const version = d.DocumentVersion ?? d.LatestVersion ?? '1';
      let defaultVersion = d.DefaultVersion ?? version;
      if (defaultVersion !== version) {
        await setDefaultVersion(ctx, name, version);
        defaultVersion = version;
      }
      ctx.log.info('document created', { action: 'created', version, defaultVersion, snapshot: SNAPSHOT_NONE });
      return { action: 'created', documentName: name, version, defaultVersion, snapshot: { existed: false } };
    } catch (e) {
      if (!isSsmError(e, 'DocumentAlreadyExists')) throw e;
      ctx.log.warn('document was created concurrently; switching to the update path');
      latest = await getDocument(ctx, name, '$LATEST');
      if (!latest) throw new Error(`SSM CreateDocument reported DocumentAlreadyExists for ${name} but GetDocument cannot find it`);
    }
  }
  return updateExisting(ctx, name, content, latest, firstTouch);
}

async function updateExisting(
  ctx: SsmCtx,
  name: string,
  content: string,
  latest: DocVersion,
  firstTouch: boolean,
): Promise<ApplyResult> {
  const described = await describeDocument(ctx, name);
  if (!described) throw new Error(`SSM document ${name} disappeared while being updated; retry the apply`);
  let defaultVersion = described.defaultVersion;
  const snapshot = await ensureSnapshot(ctx, name, firstTouch, defaultVersion);

  let action: ApplyResult['action'] = 'unchanged';
  let version = latest.version;
  if (!sameContent(latest.content, content)) {
    try {
      version = await updateDocument(ctx, name, content, 'JSON');
      action = 'updated';
    } catch (e) {
      if (!isSsmError(e, 'DuplicateDocumentContent')) throw e;
      // The content already exists as a version (e.g. a concurrent writer): treat as unchanged,
      // re-reading the versions so the default can still be pointed at the latest one.
      const again = await describeDocument(ctx, name);
      if (again) ({ latestVersion: version, defaultVersion } = again);
      ctx.log.info('UpdateDocument reported DuplicateDocumentContent; treating as unchanged', { version, defaultVersion });
    }
  }
  if (version !== defaultVersion) {
    ctx.log.info('setting default version', { from: defaultVersion, to: version });
    await setDefaultVersion(ctx, name, version);
    defaultVersion = version;
    action = 'updated';
  }
  ctx.log.info('document converged', { action, version, defaultVersion, snapshot });
  return { action, documentName: name, version, defaultVersion, snapshot };
}

async function ensureSnapshot(ctx: SsmCtx, name: string, firstTouch: boolean, defaultVersion: string): Promise<Snapshot> {
  const tag = await readSnapshotTag(ctx, name);
  if (tag !== undefined) {
    const existing = snapshotFromTagValue(tag);
    if (existing) {
      ctx.log.info('restore snapshot tag already present; keeping it', { snapshot: tag });
      return existing;
    }
    ctx.log.warn('restore snapshot tag has an unexpected value; leaving it untouched', { snapshot: tag });
    return { existed: true };
  }
  if (!firstTouch) {
    ctx.log.warn('no restore snapshot tag on update; the original state is unknown, not recording one');
    return { existed: true };
  }
  const snapshot: Snapshot = { existed: true, version: defaultVersion };
  await addSnapshotTag(ctx, name, snapshotToTagValue(snapshot));
  ctx.log.info('restore snapshot recorded', { snapshot: defaultVersion });
  return snapshot;
}
