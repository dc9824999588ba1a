import type { Rule } from '../rule';
import { inputsOf, isPreferencesDocument, sessionDocumentOf } from '../inspect/session-document';

/** Whole minutes from a Session document input (SSM writes them as strings such as "20"). */
function minutes(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/**
 * Idle sessions end, and every session ends. No scanner checks this; it is the session
 * termination requirement of NIST SP 800-53 AC-12 (and the idle limit of PCI DSS v4.0 8.2.8).
 */
export const sessionDocumentTimeouts: Rule = {
  id: 'SMP-SSM-3',
  description: 'Session preferences documents set idleSessionTimeout at most the configured limit and set maxSessionDuration.',
  severity: 'error',
  controls: ['NIST SP 800-53 AC-12 (no scanner check)', 'PCI DSS v4.0 8.2.8'],
  appliesTo: (element) => isPreferencesDocument(sessionDocumentOf(element)),
  check(element, { settings }) {
    const read = sessionDocumentOf(element);
    if (read.kind === 'unreadable') return [`${read.reason}, so session timeouts cannot be verified`];
    if (read.kind !== 'document') return [];
    const inputs = inputsOf(read.content);
    const problems: string[] = [];
    const idle = minutes(inputs.idleSessionTimeout);
    const limit = settings.maxIdleSessionTimeout;
    if (inputs.idleSessionTimeout === undefined) problems.push(`inputs.idleSessionTimeout is missing: set it to at most ${limit} minutes`);
    else if (idle === undefined || idle < 1) problems.push(`inputs.idleSessionTimeout is ${JSON.stringify(inputs.idleSessionTimeout)}, not a whole number of minutes`);
    else if (idle > limit) problems.push(`inputs.idleSessionTimeout is ${idle} minutes, above the limit of ${limit} (compliance.maxIdleSessionTimeout)`);
    const max = minutes(inputs.maxSessionDuration);
    if (inputs.maxSessionDuration === undefined || inputs.maxSessionDuration === '') problems.push('inputs.maxSessionDuration is not set: sessions never end on their own');
    else if (max === undefined || max < 1 || max > 1440)
      problems.push(`inputs.maxSessionDuration is ${JSON.stringify(inputs.maxSessionDuration)}, not a whole number of minutes between 1 and 1440`);
    return problems;
  },
};
