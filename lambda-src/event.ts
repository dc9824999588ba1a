/**
 * Validation of the event written by Terraform's aws_lambda_invocation (lifecycle_scope CRUD,
 * terraform_key "tf"). Every error names the offending field.
 */
export type TfAction = 'create' | 'update' | 'delete';

export interface PreferencesInput {
  documentName: string;
  documentFormat: 'JSON';
  documentType: 'Session';
  content: Record<string, unknown>;
}

export interface PreferencesEvent extends PreferencesInput {
  tf: { action: TfAction; prev_input: Record<string, unknown> | null };
}

const NAME_RE = /^[a-zA-Z0-9_.\-:/]{3,128}$/;
const ACTIONS: readonly string[] = ['create', 'update', 'delete'];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(field: string, problem: string): never {
  throw new Error(`Invalid event: field "${field}" ${problem}`);
}

export function validateEvent(event: unknown): PreferencesEvent {
  if (!isPlainObject(event)) fail('(root)', 'must be a JSON object');
  const { documentName, documentFormat, documentType, content, tf } = event;
  if (documentName === undefined) fail('documentName', 'is missing');
  if (typeof documentName !== 'string' || !NAME_RE.test(documentName))
    fail('documentName', 'must be an SSM document name (3-128 chars of a-zA-Z0-9_.-:/)');
  if (documentFormat === undefined) fail('documentFormat', 'is missing');
  if (documentFormat !== 'JSON') fail('documentFormat', `must be "JSON" (got ${JSON.stringify(documentFormat)})`);
  if (documentType === undefined) fail('documentType', 'is missing');
  if (documentType !== 'Session') fail('documentType', `must be "Session" (got ${JSON.stringify(documentType)})`);
  if (content === undefined) fail('content', 'is missing');
  if (!isPlainObject(content)) fail('content', 'must be a JSON object (the session document), not a string or array');
  if (tf === undefined) fail('tf', 'is missing (set terraform_key = "tf" and lifecycle_scope = "CRUD")');
  if (!isPlainObject(tf)) fail('tf', 'must be an object');
  if (tf.action === undefined) fail('tf.action', 'is missing');
  if (typeof tf.action !== 'string' || !ACTIONS.includes(tf.action))
    fail('tf.action', `must be one of create, update, delete (got ${JSON.stringify(tf.action)})`);
  const prev = tf.prev_input ?? null;
  if (prev !== null && !isPlainObject(prev)) fail('tf.prev_input', 'must be an object or null');
  return {
    documentName,
    documentFormat,
    documentType,
    content,
    tf: { action: tf.action as TfAction, prev_input: prev },
  };
}
