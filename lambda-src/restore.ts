/**
 * Delete: put the document back the way it was before our first touch, as recorded in the
 * snapshot tag. Idempotent; without a tag the document is left alone (never reset to AWS defaults).
 */
import { distinctForm, sameContent } from './apply';
import { isSsmError } from './retry';
import type { DeleteResult } from '../src/updater/contract';
import { snapshotFromTagValue } from './snapshot';
import { deleteDocument, describeDocument, getDocument, readSnapshotTag, removeSnapshotTag, setDefaultVersion, updateDocument, type SsmCtx } from './ssm';

export async function restorePreferences(ctx: SsmCtx, name: string): Promise<DeleteResult> {
  const base = { documentName: name, version: null, defaultVersion: null, snapshot: null };
  const described = await describeDocument(ctx, name);
  if (!described) {
    ctx.log.info('document does not exist; nothing to restore', { action: 'unchanged' });
    return { ...base, action: 'unchanged', reason: 'document does not exist' };
  }
  const tag = await readSnapshotTag(ctx, name);
  const snapshot = snapshotFromTagValue(tag);
  if (!snapshot) {
    ctx.log.warn('no usable restore snapshot tag; leaving the document as it is', {
      action: 'unchanged',
      snapshotTag: tag ?? null,
      defaultVersion: described.defaultVersion,
    });
    return {
      ...base,
      action: 'unchanged',
      version: described.defaultVersion,
      defaultVersion: described.defaultVersion,
      reason: 'no restore snapshot tag',
    };
  }

  if (!snapshot.existed) {
    const deleted = await deleteDocument(ctx, name);
    ctx.log.info('document deleted (it did not exist before)', { action: 'deleted', alreadyGone: !deleted });
    return { ...base, action: 'deleted', snapshot };
  }

  const target = snapshot.version as string;
  const original = await getDocument(ctx, name, target);
  if (!original) {
    ctx.log.warn('snapshot version no longer exists; leaving the document as it is', { snapshot: target });
    await removeSnapshotTag(ctx, name);
    return {
      ...base,
      action: 'unchanged',
      version: described.defaultVersion,
      defaultVersion: described.defaultVersion,
      snapshot,
      reason: `snapshot version ${target} no longer exists`,
    };
  }

  const current = await getDocument(ctx, name, described.defaultVersion);
  let action: DeleteResult['action'] = 'unchanged';
  let defaultVersion = described.defaultVersion;
  if (!current || !sameContent(current.content, original.content)) {
    let version: string;
    try {
      version = await updateDocument(ctx, name, original.content, original.format);
    } catch (e) {
      if (!isSsmError(e, 'DuplicateDocumentContent')) throw e;
      // The original content is an earlier version (the snapshot's): add it again in a form no
      // version has, so $LATEST and the default both hold it; else point the default at the snapshot.
      const again = distinctForm(original.content, Number(described.latestVersion) + 1);
      version = target;
      try {
        if (again !== undefined) {
          version = await updateDocument(ctx, name, again, original.format);
          ctx.log.info('original content equals an earlier version; added it again as a new version', { version });
        }
      } catch (e2) {
        if (!isSsmError(e2, 'DuplicateDocumentContent')) throw e2;
      }
      if (version === target) ctx.log.info('UpdateDocument reported DuplicateDocumentContent; pointing the default at the snapshot version');
    }
    await setDefaultVersion(ctx, name, version);
    defaultVersion = version;
    action = 'restored';
  }
  await removeSnapshotTag(ctx, name);
  ctx.log.info('restore finished', { action, snapshot: target, version: defaultVersion, defaultVersion });
  return { ...base, action, version: defaultVersion, defaultVersion, snapshot };
}
