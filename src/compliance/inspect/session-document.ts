/** The Session document an element writes (an aws_ssm_document, or the updater's invocation input). */
import { parse as parseYaml } from 'yaml';
import type { ElementView } from '../rule';
import { inputDocument } from '../../updater/contract';
import { parseJsonObject } from './values';

/** Content of a Session document an element writes, when it writes one. */
export type SessionDocumentRead =
  | { readonly kind: 'none' }
  /** The content cannot be read at synth (a reference, a function call, bad JSON/YAML). */
  | { readonly kind: 'unreadable'; readonly reason: string }
  | { readonly kind: 'document'; readonly content: Record<string, unknown> };

function readContent(text: unknown, format: unknown): SessionDocumentRead {
  if (typeof text !== 'string') return { kind: 'unreadable', reason: 'content is not a string' };
  if (format === 'YAML') {
    try {
      const parsed: unknown = parseYaml(text);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return { kind: 'document', content: parsed as Record<string, unknown> };
    } catch {
      // fall through
    }
    return { kind: 'unreadable', reason: 'content is not a YAML object known at synth' };
  }
  const parsed = parseJsonObject(text);
  return parsed
    ? { kind: 'document', content: parsed }
    : { kind: 'unreadable', reason: 'content is not a JSON object known at synth (a reference or function call cannot be checked)' };
}

/**
 * The Session document an element writes: `aws_ssm_document` with document_type Session, or the
 * preferences updater's `aws_lambda_invocation` whose input carries a Session document.
 */
export function sessionDocumentOf(element: ElementView): SessionDocumentRead {
  let read = sessionDocuments.get(element);
  if (read === undefined) {
    read = readSessionDocument(element);
    sessionDocuments.set(element, read);
  }
  return read;
}

const sessionDocuments = new WeakMap<ElementView, SessionDocumentRead>();

function readSessionDocument(element: ElementView): SessionDocumentRead {
  if (element.kind !== 'resource') return { kind: 'none' };
  const c = element.config;
  if (element.type === 'aws_ssm_document') {
    if (c.document_type !== 'Session') return { kind: 'none' };
    return readContent(c.content, c.document_format ?? 'JSON');
  }
  if (element.type === 'aws_lambda_invocation' && typeof c.input === 'string') {
    const input = parseJsonObject(c.input);
    const carried = input ? inputDocument(input) : undefined;
    if (carried === undefined) return { kind: 'none' };
    const { content } = carried;
    if (typeof content === 'string') return readContent(content, carried.format);
    if (content !== null && typeof content === 'object' && !Array.isArray(content)) return { kind: 'document', content: content as Record<string, unknown> };
    return { kind: 'unreadable', reason: 'input.content is not a Session document' };
  }
  return { kind: 'none' };
}

/**
 * Whether a Session document holds Session Manager preferences (sessionType Standard_Stream).
 * Unreadable documents count: what cannot be read cannot be shown to comply.
 */
export function isPreferencesDocument(read: SessionDocumentRead): boolean {
  return read.kind === 'unreadable' || (read.kind === 'document' && read.content.sessionType === 'Standard_Stream');
}

/** The `inputs` object of a preferences document ({} when absent or not an object). */
export function inputsOf(content: Record<string, unknown>): Record<string, unknown> {
  const inputs = content.inputs;
  return inputs !== null && typeof inputs === 'object' && !Array.isArray(inputs) ? (inputs as Record<string, unknown>) : {};
}

/** Whether an element writes a readable Session document of one of `types` (sessionType). */
export function isSessionOfType(element: ElementView, ...types: readonly string[]): boolean {
  const read = sessionDocumentOf(element);
  return read.kind === 'document' && types.includes(read.content.sessionType as string);
}
