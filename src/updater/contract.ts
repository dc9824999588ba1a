/**
 * The preferences updater's contract, in one place: what Terraform's aws_lambda_invocation sends
 * (written by src/updater/construct.ts), how the handler (lambda-src/handler.ts)
 * validates it and what it returns, and how readers such as the compliance rules find the Session
 * document in it. Pure data and functions: the handler bundle includes this file.
 */

/** Node.js major version of the bundle target and of the Lambda runtime. */
export const UPDATER_NODE_MAJOR = 22;

/** Lambda runtime of the updater. */
export const UPDATER_RUNTIME = `nodejs${UPDATER_NODE_MAJOR}.x`;

/** aws_lambda_invocation `terraform_key`: the key under which Terraform adds the action and the previous input. */
export const UPDATER_TERRAFORM_KEY = 'tf';

/** aws_lambda_invocation `lifecycle_scope`: invoked on create, update and destroy. */
export const UPDATER_LIFECYCLE_SCOPE = 'CRUD';

/** What Terraform is doing when it invokes the function. */
export type TfAction = 'create' | 'update' | 'delete';

/** The invocation's `input`: the document the function upserts (`content` is the Session document). */
export interface PreferencesInput<Content extends object = Record<string, unknown>> {
  documentName: string;
  documentFormat: 'JSON';
  documentType: 'Session';
  content: Content;
}

/** The event the function receives: the input plus what Terraform adds under `tf`. */
export interface PreferencesEvent extends PreferencesInput {
  tf: { action: TfAction; prev_input: Record<string, unknown> | null };
}

/** The input for one document, as the construct writes it. */
export function preferencesInput<Content extends object>(documentName: string, content: Content): PreferencesInput<Content> {
  return { documentName, documentFormat: 'JSON', documentType: 'Session', content };
}

/**
 * The Session document a parsed invocation input carries (`content`, and its format, JSON unless
 * said otherwise), or undefined when the input is not a Session document's. Nothing else is checked.
 */
export function inputDocument(input: Record<string, unknown>): { format: unknown; content: unknown } | undefined {
  if (input.documentType !== 'Session') return undefined;
  return { format: input.documentFormat ?? 'JSON', content: input.content };
}

/** existed=false: created by the function. existed=true + version: restore that version. existed=true, no version: unknown. */
export interface Snapshot {
  existed: boolean;
  version?: string;
}

/** Result of a create or update. */
export interface ApplyResult {
  action: 'created' | 'updated' | 'unchanged';
  documentName: string;
  version: string;
  defaultVersion: string;
  snapshot: Snapshot;
}

/** Result of a delete (destroy restores what was there before). */
export interface DeleteResult {
  action: 'restored' | 'deleted' | 'unchanged';
  documentName: string;
  /** Default version after the restore; null when the document is (now) gone or was left alone unknown. */
  version: string | null;
  defaultVersion: string | null;
  snapshot: Snapshot | null;
  reason?: string;
}

/** What the function returns: an update that renamed the document also reports the old one's restore. */
export type HandlerResult = (ApplyResult & { previousDocument?: DeleteResult }) | DeleteResult;

const NAME_RE = /^[a-zA-Z0-9_.\-:/]{3,128}$/;
const ACTIONS: readonly string[] = ['create', 'update', 'delete'];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(field: string, problem: string): never {
  throw new Error(`Invalid event: field "${field}" ${problem}`);
}

/** Validates an event; every error names the offending field. */
export function validateEvent(event: unknown): PreferencesEvent {
  if (!isPlainObject(event)) fail('(root)', 'must be a JSON object');
  const { documentName, documentFormat, documentType, content, tf } = event;
  if (documentName === undefined) fail('documentName', 'is missing');
  if (typeof documentName !== 'string' || !NAME_RE.test(documentName)) fail('documentName', 'must be an SSM document name (3-128 chars of a-zA-Z0-9_.-:/)');
  if (documentFormat === undefined) fail('documentFormat', 'is missing');
  if (documentFormat !== 'JSON') fail('documentFormat', `must be "JSON" (got ${JSON.stringify(documentFormat)})`);
  if (documentType === undefined) fail('documentType', 'is missing');
  if (documentType !== 'Session') fail('documentType', `must be "Session" (got ${JSON.stringify(documentType)})`);
  if (content === undefined) fail('content', 'is missing');
  if (!isPlainObject(content)) fail('content', 'must be a JSON object (the session document), not a string or array');
  if (tf === undefined) fail('tf', 'is missing (set terraform_key = "tf" and lifecycle_scope = "CRUD")');
  if (!isPlainObject(tf)) fail('tf', 'must be an object');
  if (tf.action === undefined) fail('tf.action', 'is missing');
  if (typeof tf.action !== 'string' || !ACTIONS.includes(tf.action)) fail('tf.action', `must be one of create, update, delete (got ${JSON.stringify(tf.action)})`);
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
