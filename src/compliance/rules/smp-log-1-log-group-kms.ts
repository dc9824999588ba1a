import type { Rule } from '../rule';
import { isSetString } from '../inspect/values';

/** CloudWatch log groups are encrypted with a KMS key (kms_key_id set; a reference counts). */
export const logGroupKms: Rule = {
  id: 'SMP-LOG-1',
  description: 'CloudWatch log groups are encrypted with a customer managed KMS key.',
  severity: 'error',
  controls: ['Checkov CKV_AWS_158', 'Trivy AVD-AWS-0017', 'Prowler cloudwatch_log_group_kms_encryption_enabled'],
  appliesTo: (element) => element.kind === 'resource' && element.type === 'aws_cloudwatch_log_group',
  check: (element) => (isSetString(element.config.kms_key_id) ? [] : ['has no kms_key_id: log events are encrypted only with a CloudWatch Logs owned key']),
};
