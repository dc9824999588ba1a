/**
 * Create/update: converge the document's $LATEST and default version on the desired content,
 * recording the restore snapshot (tag) on the first touch without ever overwriting one.
 */
import { parseJson, sameJsonContent } from '../src/model/json-equal';
import { isSsmError } from './retry';
import type { ApplyResult, Snapshot } from '../src/updater/contract';
import { snapshotFromTagValue, snapshotToTagValue, SNAPSHOT_NONE } from './snapshot';
import { addSnapshotTag, createDocument, describeDocument, getDocument, readSnapshotTag, setDefaultVersion, updateDocument, type DocVersion, type SsmCtx } from './ssm';

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

async function updateExisting(ctx: SsmCtx, name: string, content: string, latest: DocVersion, firstTouch: boolean): Promise<ApplyResult> {
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
      version = await equalContentVersion(ctx, name, content);
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

/**
 * SSM refuses (DuplicateDocumentContent) a new version whose content equals ANY existing version,
 * not only $LATEST: going back to earlier preferences (A -> B -> A) hits this. Returns a version
 * that holds `content`, to be made the default:
 * 1. a concurrent writer may have made $LATEST equal to it: use that;
 * 2. otherwise add a new version with the same JSON value in a form no other version has
 *    (distinctForm), so $LATEST and the default version both hold the wanted preferences;
 * 3. should SSM refuse that too, the newest earlier version with equal content (sessions read the
 *    default version; $LATEST then keeps other content, which is logged).
 */
async function equalContentVersion(ctx: SsmCtx, name: string, content: string): Promise<string> {
  const now = await describeDocument(ctx, name);
  if (!now) throw new Error(`SSM document ${name} disappeared while being updated; retry the apply`);
  const latest = await getDocument(ctx, name, now.latestVersion);
  if (latest && sameContent(latest.content, content)) {
    ctx.log.info('UpdateDocument reported DuplicateDocumentContent; $LATEST already holds the content', { version: latest.version });
    return latest.version;
  }
  const next = Number(now.latestVersion) + 1;
  try {
    const version = await updateDocument(ctx, name, distinctForm(content, next) ?? content, 'JSON');
    ctx.log.info('content equals an earlier version; added it again as a new version', { version });
    return version;
  } catch (e) {
    if (!isSsmError(e, 'DuplicateDocumentContent')) throw e;
  }
  for (let v = Number(now.latestVersion) - 1; v >= 1 && v >= Number(now.latestVersion) - EARLIER_VERSIONS_SCANNED; v--) {
    const earlier = await getDocument(ctx, name, String(v));
    if (earlier && sameContent(earlier.content, content)) {
      ctx.log.warn('SSM refused a new version equal to an earlier one; making that earlier version the default ($LATEST keeps other content)', {
        version: earlier.version,
        latestVersion: now.latestVersion,
      });
      return earlier.version;
    }
  }
  throw new Error(
    `SSM UpdateDocument refused the content of ${name} as a duplicate of an earlier version (DuplicateDocumentContent), ` +
      `and none of the last ${EARLIER_VERSIONS_SCANNED} versions holds it: change the preferences or set the default version by hand ` +
      `(aws ssm update-document-default-version --name ${name} --document-version N)`,
  );
}

/** How many versions before $LATEST the last resort of equalContentVersion reads. */
const EARLIER_VERSIONS_SCANNED = 50;

/**
 * The same JSON value as `content`, written with `n` spaces after the opening brace: a form that
 * differs from every version written with another `n` (n is the version number it will get).
 * undefined when `content` is not a JSON object (e.g. a YAML document).
 */
export function distinctForm(content: string, n: number): string | undefined {
  const parsed = parseJson(content);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) return undefined;
  return `{${' '.repeat(Math.max(1, n))}${JSON.stringify(parsed.value).slice(1)}`;
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
