import type { Rule, Violation } from '../rule';
import { carriesIamPolicies, iamPolicyArguments } from '../inspect/iam';
import { readPolicy, statementName } from '../inspect/policy-document';
import { UNSCOPABLE_ACTIONS } from '../../model/unscopable-actions';

/** IAM action names are case-insensitive; the documented list is matched that way. */
const UNSCOPABLE = new Set(Object.keys(UNSCOPABLE_ACTIONS).map((a) => a.toLowerCase()));

/**
 * No IAM statement allows an action on `Resource: "*"` unless the action is in the documented list
 * of actions that have no resource type (src/model/unscopable-actions.ts, each with its reason).
 * Trust policies (no Resource) and Deny statements are not concerned.
 */
export const noWildcardResource: Rule = {
  id: 'SMP-IAM-2',
  description: 'IAM policy statements allow Resource "*" only for the documented unscopable actions (src/model/unscopable-actions.ts).',
  severity: 'error',
  controls: ['Checkov CKV_AWS_355, CKV_AWS_290', 'Trivy AVD-AWS-0057'],
  appliesTo: carriesIamPolicies,
  check(element, { stack }) {
    return iamPolicyArguments(element)
      .filter((p) => !p.trust)
      .flatMap(({ argument, value }): (string | Violation)[] => {
        const read = readPolicy(value, stack);
        if (!read.ok) return [{ message: `${argument}: ${read.reason}: Resource "*" cannot be ruled out`, severity: 'warning' }];
        return read.statements.flatMap((s, i) => {
          if (s.effect !== 'Allow' || !(s.resources ?? []).includes('*')) return [];
          const scopable = s.actions.filter((a) => !UNSCOPABLE.has(a.toLowerCase()));
          return scopable.length > 0
            ? [`${argument}: ${statementName(s, i)} allows ${scopable.join(', ')} on Resource "*": name the resources, or document the action in src/model/unscopable-actions.ts`]
            : [];
        });
      });
  },
};
