/**
 * Builds the content of a Session Manager preferences document (sessionType Standard_Stream) from
 * validated preferences. Pure: no constructs, no I/O. References to created resources (the key ID,
 * the bucket name) come in as strings, which may be Terraform tokens.
 */
import type { PreferencesModel } from '../model/model';

/** The `inputs` of a Standard_Stream Session document, in the order the console writes them. */
export interface SessionDocumentInputs {
  readonly s3BucketName: string;
  readonly s3KeyPrefix: string;
  readonly s3EncryptionEnabled: boolean;
  readonly cloudWatchLogGroupName: string;
  readonly cloudWatchEncryptionEnabled: boolean;
  readonly cloudWatchStreamingEnabled: boolean;
  readonly idleSessionTimeout: string;
  readonly maxSessionDuration?: string;
  readonly kmsKeyId: string;
  readonly runAsEnabled: boolean;
  readonly runAsDefaultUser: string;
  readonly shellProfile?: { readonly linux?: string; readonly windows?: string };
}

/** A Session document as SSM stores it. */
export interface SessionDocumentContent {
  readonly schemaVersion: '1.0';
  readonly description: string;
  readonly sessionType: 'Standard_Stream';
  readonly inputs: SessionDocumentInputs;
}

/** Values known only once resources exist; required when the preferences create them. */
export interface SessionDocumentRefs {
  /** Key ID of the session-data key this project creates (a token in a stack). */
  readonly createdKeyId?: string;
  /** Name of the log bucket this project creates (a token in a stack). */
  readonly createdBucketName?: string;
}

export const DEFAULT_DESCRIPTION = 'Session Manager preferences managed as code (session-manager-preferences).';

function kmsKeyId(prefs: PreferencesModel, refs: SessionDocumentRefs): string {
  switch (prefs.sessionKey.mode) {
    case 'none':
      return '';
    case 'existing':
      return prefs.sessionKey.keyId;
    case 'create':
      if (refs.createdKeyId === undefined) throw new Error('buildSessionDocument: preferences create a session key but no createdKeyId was given');
      return refs.createdKeyId;
  }
}

function s3BucketName(prefs: PreferencesModel, refs: SessionDocumentRefs): string {
  if (!prefs.s3.enabled) return '';
  if (prefs.s3.bucket.mode !== 'create') return prefs.s3.bucket.name;
  if (refs.createdBucketName === undefined) throw new Error('buildSessionDocument: preferences create a log bucket but no createdBucketName was given');
  return refs.createdBucketName;
}

/** The Session document for `prefs`. Booleans are JSON booleans; timeouts are strings, as SSM expects. */
export function buildSessionDocument(prefs: PreferencesModel, refs: SessionDocumentRefs = {}, description = DEFAULT_DESCRIPTION): SessionDocumentContent {
  const shellProfile = {
    ...(prefs.shellProfile.linux !== '' ? { linux: prefs.shellProfile.linux } : {}),
    ...(prefs.shellProfile.windows !== '' ? { windows: prefs.shellProfile.windows } : {}),
  };
  return {
    schemaVersion: '1.0',
    description,
    sessionType: 'Standard_Stream',
    inputs: {
      s3BucketName: s3BucketName(prefs, refs),
      s3KeyPrefix: prefs.s3.enabled ? prefs.s3.keyPrefix : '',
      s3EncryptionEnabled: prefs.s3.enabled && prefs.s3.encrypted,
      cloudWatchLogGroupName: prefs.cloudWatch.enabled ? prefs.cloudWatch.logGroupName : '',
      cloudWatchEncryptionEnabled: prefs.cloudWatch.enabled && prefs.cloudWatch.encrypted,
      cloudWatchStreamingEnabled: prefs.cloudWatch.enabled && prefs.cloudWatch.streaming,
      idleSessionTimeout: String(prefs.idleSessionTimeout),
      ...(prefs.maxSessionDuration !== undefined ? { maxSessionDuration: String(prefs.maxSessionDuration) } : {}),
      kmsKeyId: kmsKeyId(prefs, refs),
      runAsEnabled: prefs.runAs.enabled,
      runAsDefaultUser: prefs.runAs.enabled ? prefs.runAs.defaultUser : '',
      ...(Object.keys(shellProfile).length > 0 ? { shellProfile } : {}),
    },
  };
}

/** The document as the JSON text given to `aws_ssm_document.content`. */
export function renderSessionDocument(content: { readonly description: string }): string {
  return JSON.stringify(content, null, 2);
}

/**
 * `content` with `revision` appended to its description. SSM refuses a version equal to any
 * earlier one, so a document that goes back to earlier preferences needs content no version has.
 */
export function withRevision<T extends { readonly description: string }>(content: T, revision: string): T {
  return { ...content, description: `${content.description} ${REVISION_MARKER}${revision})` };
}

/** Start of the revision in the description of every document Terraform writes (withRevision). */
export const REVISION_MARKER = '(revision ';

/** `description` without the revision withRevision appended (the revision is bookkeeping, not a preference). */
export function withoutRevision(description: string): string {
  const at = description.lastIndexOf(` ${REVISION_MARKER}`);
  return at >= 0 && description.endsWith(')') ? description.slice(0, at) : description;
}
