/** The IAM policy documents a resource carries, by argument. */
import type { ElementView } from '../rule';
import { blocks } from './values';

/** One IAM policy document a resource carries, by argument. */
export interface IamPolicyArgument {
  /** Argument path, such as `policy` or `inline_policy[0].policy`. */
  readonly argument: string;
  readonly value: unknown;
  /** A trust (assume-role) policy: statements name principals, not resources. */
  readonly trust: boolean;
}

/** Resource types whose `policy` argument is an identity policy. */
const IDENTITY_POLICY_TYPES = new Set(['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy']);

/** True for resources that carry IAM policy documents (identity or trust). */
export function carriesIamPolicies(element: ElementView): boolean {
  return (
    element.kind === 'resource' && (IDENTITY_POLICY_TYPES.has(element.type) || element.type === 'aws_iam_role' || element.type === 'aws_ssoadmin_permission_set_inline_policy')
  );
}

/** The IAM policy documents of a resource (identity policies, inline role policies, trust policy). */
export function iamPolicyArguments(element: ElementView): IamPolicyArgument[] {
  const c = element.config;
  if (IDENTITY_POLICY_TYPES.has(element.type)) return [{ argument: 'policy', value: c.policy, trust: false }];
  if (element.type === 'aws_ssoadmin_permission_set_inline_policy') return [{ argument: 'inline_policy', value: c.inline_policy, trust: false }];
  if (element.type === 'aws_iam_role') {
    return [
      { argument: 'assume_role_policy', value: c.assume_role_policy, trust: true },
      ...blocks(c.inline_policy).map((p, i) => ({ argument: `inline_policy[${i}].policy`, value: p.policy, trust: false })),
    ];
  }
  return [];
}
