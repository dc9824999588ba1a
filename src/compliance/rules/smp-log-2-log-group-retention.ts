import type { Rule } from '../rule';
import { isExpression } from '../inspect/values';

/**
 * CloudWatch log groups keep events at least the configured number of days (default 365, the
 * Security Hub CloudWatch.16 default). 0 (never expire) passes; an unset retention fails, as
 * Checkov CKV_AWS_66 does, because it keeps logs forever by accident rather than by decision.
 */
export const logGroupRetention: Rule = {
  id: 'SMP-LOG-2',
  description: 'CloudWatch log groups set a retention of at least compliance.minLogRetentionDays (default 365) or 0 (never expire).',
  severity: 'error',
  controls: ['Checkov CKV_AWS_338', 'Checkov CKV_AWS_66', 'Security Hub CloudWatch.16', 'Prowler cloudwatch_log_group_retention_policy_specific_days_enabled'],
  appliesTo: (element) => element.kind === 'resource' && element.type === 'aws_cloudwatch_log_group',
  check(element, { settings }) {
    const days = element.config.retention_in_days;
    const min = settings.minLogRetentionDays;
    if (days === undefined || days === null) return [`has no retention_in_days: set at least ${min} days (or 0 to keep logs forever on purpose)`];
    if (isExpression(days)) return [{ message: `retention_in_days is ${days}, known only at apply: it cannot be checked against ${min} days`, severity: 'warning' }];
    if (typeof days !== 'number') return [`retention_in_days is ${JSON.stringify(days)}, not a number of days`];
    if (days !== 0 && days < min) return [`keeps log events ${days} days, below the minimum of ${min} (compliance.minLogRetentionDays)`];
    return [];
  },
};
