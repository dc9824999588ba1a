import type { Rule, Violation } from '../rule';
import { carriesIamPolicies, iamPolicyArguments } from '../inspect/iam';
import { readPolicy, statementName } from '../inspect/policy-document';

/**
 * No IAM statement allows every action: `Action: "*"` (or `*:*`), or an Allow with `NotAction`,
 * which allows everything not listed. Covers managed, inline (role, user, group) and trust policies,
 * literal JSON or aws_iam_policy_document data sources of the same stack.
 */
export const noWildcardAction: Rule = {
  id: 'SMP-IAM-1',
  description: 'No IAM policy statement allows Action "*" (or uses NotAction in an Allow).',
  severity: 'error',
  controls: [
    'Checkov CKV_AWS_63, CKV_AWS_62, CKV_AWS_1',
    'Trivy AVD-AWS-0057',
    'Security Hub IAM.1',
    'Prowler iam_customer_attached_policy_no_administrative_privileges, iam_inline_policy_no_administrative_privileges',
  ],
  appliesTo: carriesIamPolicies,
  check(element, { stack }) {
    return iamPolicyArguments(element).flatMap(({ argument, value }): (string | Violation)[] => {
      const read = readPolicy(value, stack);
      if (!read.ok) return [{ message: `${argument}: ${read.reason}: wildcard actions cannot be ruled out`, severity: 'warning' }];
      return read.statements.flatMap((s, i) => {
        if (s.effect !== 'Allow') return [];
        if (s.actions.some((a) => a === '*' || a === '*:*')) return [`${argument}: ${statementName(s, i)} allows Action "*": name the actions`];
        if (s.notActions.length > 0) return [`${argument}: ${statementName(s, i)} allows every action except ${s.notActions.join(', ')} (NotAction): name the actions`];
        return [];
      });
    });
  },
};
