import type { Rule } from '../rule';
import { inputsOf, isPreferencesDocument, sessionDocumentOf } from '../inspect/session-document';
import { isSetString } from '../inspect/values';

/** Inputs SSM reads as booleans: a string such as "false" is not one (and is truthy to naive checks). */
const BOOLEAN_INPUTS = ['s3EncryptionEnabled', 'cloudWatchEncryptionEnabled', 'cloudWatchStreamingEnabled', 'runAsEnabled'] as const;

/**
 * Session logs go somewhere, and everywhere they go is encrypted. Stricter than Checkov
 * CKV_AWS_113: flags must be JSON booleans (the string "false" passes Checkov), and every
 * configured destination must be encrypted, not just one.
 */
export const sessionDocumentLogging: Rule = {
  id: 'SMP-SSM-2',
  description: 'Session preferences documents log to S3 or CloudWatch Logs, every destination encrypted, flags as JSON booleans.',
  severity: 'error',
  controls: ['Checkov CKV_AWS_113'],
  appliesTo: (element) => isPreferencesDocument(sessionDocumentOf(element)),
  check(element) {
    const read = sessionDocumentOf(element);
    if (read.kind === 'unreadable') return [`${read.reason}, so session logging cannot be verified`];
    if (read.kind !== 'document') return [];
    const inputs = inputsOf(read.content);
    const problems: string[] = [];
    for (const name of BOOLEAN_INPUTS) {
      const value = inputs[name];
      if (value !== undefined && typeof value !== 'boolean') {
        problems.push(`inputs.${name} is ${JSON.stringify(value)}, not a JSON boolean (true or false)`);
      }
    }
    const s3 = isSetString(inputs.s3BucketName);
    const cloudWatch = isSetString(inputs.cloudWatchLogGroupName);
    if (!s3 && !cloudWatch) {
      problems.push('sends session logs nowhere: set inputs.s3BucketName or inputs.cloudWatchLogGroupName');
    }
    if (s3 && inputs.s3EncryptionEnabled !== true) {
      problems.push('logs to S3 without inputs.s3EncryptionEnabled: true (session logs may land in an unencrypted bucket)');
    }
    if (cloudWatch && inputs.cloudWatchEncryptionEnabled !== true) {
      problems.push('logs to CloudWatch Logs without inputs.cloudWatchEncryptionEnabled: true (session logs may land in an unencrypted log group)');
    }
    return problems;
  },
};
