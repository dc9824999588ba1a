/**
 * Thin SSM helpers: every call goes through withRetry and is logged (name/versions only,
 * never content). "Not found" style errors are mapped to undefined where callers need it.
 */
import {
  AddTagsToResourceCommand,
  CreateDocumentCommand,
  DeleteDocumentCommand,
  DescribeDocumentCommand,
  GetDocumentCommand,
  ListTagsForResourceCommand,
  RemoveTagsFromResourceCommand,
  UpdateDocumentCommand,
  UpdateDocumentDefaultVersionCommand,
  type DocumentDescription,
  type DocumentFormat,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { Logger } from './log';
import { isSsmError, withRetry, type RetryOptions } from './retry';
import { findSnapshotTag, SNAPSHOT_TAG_KEY } from './snapshot';

export interface SsmCtx {
  client: SSMClient;
  retry: RetryOptions;
  log: Logger;
}

export interface DocVersion {
  content: string;
  version: string;
  format: string;
}

function call<T>(ctx: SsmCtx, operation: string, fields: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
  ctx.log.debug('ssm call', { operation, ...fields });
  return withRetry(operation, fn, {
    ...ctx.retry,
    onRetry: (i) => ctx.log.warn('ssm call throttled or failed transiently; retrying', { ...i }),
  });
}

function required(value: string | undefined, what: string): string {
  if (!value) throw new Error(`SSM response is missing ${what}`);
  return value;
}

/** undefined when the document (or that version) does not exist. */
export async function getDocument(ctx: SsmCtx, name: string, version: string): Promise<DocVersion | undefined> {
  try {
    const r = await call(ctx, 'GetDocument', { version }, () => ctx.client.send(new GetDocumentCommand({ Name: name, DocumentVersion: version })));
    return {
      content: required(r.Content, 'GetDocument Content'),
      version: required(r.DocumentVersion, 'GetDocument DocumentVersion'),
      format: r.DocumentFormat ?? 'JSON',
    };
  } catch (e) {
    if (isSsmError(e, 'InvalidDocument', 'InvalidDocumentVersion')) return undefined;
    throw e;
  }
}

/** undefined when the document does not exist. */
export async function describeDocument(ctx: SsmCtx, name: string): Promise<{ defaultVersion: string; latestVersion: string } | undefined> {
  try {
    const r = await call(ctx, 'DescribeDocument', {}, () => ctx.client.send(new DescribeDocumentCommand({ Name: name })));
    return {
      defaultVersion: required(r.Document?.DefaultVersion, 'DescribeDocument Document.DefaultVersion'),
      latestVersion: required(r.Document?.LatestVersion, 'DescribeDocument Document.LatestVersion'),
    };
  } catch (e) {
    if (isSsmError(e, 'InvalidDocument')) return undefined;
    throw e;
  }
}

export async function createDocument(ctx: SsmCtx, name: string, content: string, snapshotTag: string): Promise<DocumentDescription> {
  const r = await call(ctx, 'CreateDocument', {}, () =>
    ctx.client.send(
      new CreateDocumentCommand({
        Name: name,
        Content: content,
        DocumentType: 'Session',
        DocumentFormat: 'JSON',
        Tags: [{ Key: SNAPSHOT_TAG_KEY, Value: snapshotTag }],
      }),
    ),
  );
  return r.DocumentDescription ?? {};
}

/** Returns the new version number. Throws SsmCallError (DuplicateDocumentContent etc.). */
export async function updateDocument(ctx: SsmCtx, name: string, content: string, format: string): Promise<string> {
  const r = await call(ctx, 'UpdateDocument', { format }, () =>
    ctx.client.send(new UpdateDocumentCommand({ Name: name, Content: content, DocumentVersion: '$LATEST', DocumentFormat: format as DocumentFormat })),
  );
  const d = r.DocumentDescription;
  return required(d?.DocumentVersion ?? d?.LatestVersion, 'UpdateDocument DocumentDescription.DocumentVersion');
}

export async function setDefaultVersion(ctx: SsmCtx, name: string, version: string): Promise<void> {
  await call(ctx, 'UpdateDocumentDefaultVersion', { version }, () => ctx.client.send(new UpdateDocumentDefaultVersionCommand({ Name: name, DocumentVersion: version })));
}

/** Value of the snapshot tag, or undefined if absent (or the document vanished). */
export async function readSnapshotTag(ctx: SsmCtx, name: string): Promise<string | undefined> {
  try {
    const r = await call(ctx, 'ListTagsForResource', {}, () => ctx.client.send(new ListTagsForResourceCommand({ ResourceType: 'Document', ResourceId: name })));
    return findSnapshotTag(r.TagList);
  } catch (e) {
    if (isSsmError(e, 'InvalidResourceId')) return undefined;
    throw e;
  }
}

export async function addSnapshotTag(ctx: SsmCtx, name: string, value: string): Promise<void> {
  await call(ctx, 'AddTagsToResource', { tag: value }, () =>
    ctx.client.send(new AddTagsToResourceCommand({ ResourceType: 'Document', ResourceId: name, Tags: [{ Key: SNAPSHOT_TAG_KEY, Value: value }] })),
  );
}

export async function removeSnapshotTag(ctx: SsmCtx, name: string): Promise<void> {
  await call(ctx, 'RemoveTagsFromResource', {}, () =>
    ctx.client.send(new RemoveTagsFromResourceCommand({ ResourceType: 'Document', ResourceId: name, TagKeys: [SNAPSHOT_TAG_KEY] })),
  );
}

/** false when the document was already gone. */
export async function deleteDocument(ctx: SsmCtx, name: string): Promise<boolean> {
  try {
    await call(ctx, 'DeleteDocument', {}, () => ctx.client.send(new DeleteDocumentCommand({ Name: name })));
    return true;
  } catch (e) {
    if (isSsmError(e, 'InvalidDocument')) return false;
    throw e;
  }
}
