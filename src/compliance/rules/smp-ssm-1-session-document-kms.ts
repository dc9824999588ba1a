import type { Rule } from '../rule';
import { inputsOf, isPreferencesDocument, sessionDocumentOf } from '../inspect/session-document';
import { isSetString } from '../inspect/values';

/**
 * Session data is encrypted with a customer managed key. Stricter than Checkov CKV_AWS_112, which
 * passes a document whose inputs are empty: here a missing, empty or non-string kmsKeyId fails,
 * and so does content that cannot be read at synth.
 */
export const sessionDocumentKms: Rule = {
  id: 'SMP-SSM-1',
  description: 'Session preferences documents encrypt session data with a KMS key (inputs.kmsKeyId set).',
  severity: 'error',
  controls: ['Checkov CKV_AWS_112'],
  appliesTo: (element) => isPreferencesDocument(sessionDocumentOf(element)),
  check(element) {
    const read = sessionDocumentOf(element);
    if (read.kind === 'unreadable') return [`${read.reason}, so inputs.kmsKeyId cannot be verified`];
    if (read.kind !== 'document') return [];
    const key = inputsOf(read.content).kmsKeyId;
    if (key === undefined) return ['inputs.kmsKeyId is missing: session data is not encrypted with a KMS key'];
    if (!isSetString(key)) return [`inputs.kmsKeyId is ${JSON.stringify(key)}: session data is not encrypted with a KMS key`];
    if (/(^|:)alias\/aws\//.test(key)) return [`inputs.kmsKeyId is ${key}: Session Manager needs a customer managed key, not an AWS managed one`];
    return [];
  },
};
