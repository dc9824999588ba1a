import type { Rule } from '../rule';
import { allowsAnyone, hasCondition, readPolicy, statementName } from '../inspect/policy-document';

/**
 * No key policy lets anyone (`Principal: "*"` or `AWS: "*"`) use a key without a condition that
 * narrows who that is. Applies to aws_kms_key.policy and aws_kms_key_policy.
 */
export const keyPolicyPrincipal: Rule = {
  id: 'SMP-KMS-2',
  description: 'No KMS key policy allows a wildcard principal without a condition.',
  severity: 'error',
  controls: ['Checkov CKV_AWS_33', 'Prowler kms_key_not_publicly_accessible'],
  appliesTo: (element) => element.kind === 'resource' && (element.type === 'aws_kms_key' || element.type === 'aws_kms_key_policy'),
  check(element, { stack }) {
    const read = readPolicy(element.config.policy, stack);
    if (!read.ok) return [{ message: `${read.reason}: the key policy cannot be checked for wildcard principals`, severity: 'warning' }];
    return read.statements.flatMap((s, i) =>
      s.effect === 'Allow' && allowsAnyone(s.principals) && !hasCondition(s) ? [`${statementName(s, i)} allows principal "*" without a condition: anyone could use the key`] : [],
    );
  },
};
