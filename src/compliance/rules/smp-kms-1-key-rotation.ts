import type { Rule } from '../rule';
import { isExpression } from '../inspect/values';

/** Only symmetric encryption keys can rotate automatically. */
function isSymmetric(spec: unknown): boolean {
  return spec === undefined || spec === null || spec === 'SYMMETRIC_DEFAULT';
}

/** Symmetric KMS keys rotate automatically, at least once a year. */
export const keyRotation: Rule = {
  id: 'SMP-KMS-1',
  description: 'Symmetric KMS keys have automatic rotation on, at most every 365 days.',
  severity: 'error',
  controls: ['Checkov CKV_AWS_7', 'Trivy AVD-AWS-0065', 'Security Hub KMS.4', 'Prowler kms_cmk_rotation_enabled'],
  appliesTo: (element) =>
    element.kind === 'resource' && element.type === 'aws_kms_key' && isSymmetric(element.config.customer_master_key_spec) && isSymmetric(element.config.key_spec),
  check(element) {
    const { enable_key_rotation: rotation, rotation_period_in_days: period } = element.config;
    if (isExpression(rotation)) return [{ message: `enable_key_rotation is ${rotation}, known only at apply: rotation cannot be verified`, severity: 'warning' }];
    if (rotation !== true) return ['does not rotate: set enable_key_rotation to true'];
    if (typeof period === 'number' && period > 365) return [`rotates every ${period} days: at most 365`];
    return [];
  },
};
