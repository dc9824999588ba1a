/**
 * The one list of actions the access policies allow on `Resource: "*"`, each with the reason.
 * These actions have no resource type in the Service Authorization Reference, so IAM accepts
 * nothing but "*" for them; every other action in the generated policies names its resources.
 * `unscopableStatement()` (src/policies/unscopable.ts) refuses any action that is not listed here,
 * and compliance rule SMP-IAM-2 accepts `Resource: "*"` only for them.
 */
export const UNSCOPABLE_ACTIONS = {
  'ssmmessages:CreateControlChannel': 'SSM Agent opens the control channel of Session Manager; ssmmessages has no resource types.',
  'ssmmessages:CreateDataChannel': 'SSM Agent opens the data channel of a session; ssmmessages has no resource types.',
  'ssmmessages:OpenControlChannel': 'SSM Agent connects the control channel; ssmmessages has no resource types.',
  'ssmmessages:OpenDataChannel':
    "SSM Agent connects the data channel; ssmmessages has no resource types (people get it only on their own sessions' ARNs, as AWS's end-user policy does).",
  'logs:DescribeLogGroups': 'SSM Agent checks that the session log group exists (and is encrypted when required); listing log groups takes no resource.',
  'ssm:DescribeSessions': 'The console and CLI list sessions (history and active); the list takes no resource.',
  'ssm:DescribeInstanceProperties': 'The console lists managed nodes to pick a target; the list takes no resource.',
  'ssm:DescribeInstanceInformation': 'The console and CLI list managed nodes and their agent status; the list takes no resource.',
  'ssm:ListDocuments': 'The console lists Session documents to choose one; the list takes no resource (starting a session still needs the document itself).',
  'ec2:DescribeInstances': 'The console shows instance names and states; EC2 Describe* actions take no resource.',
} as const;

/** An action that may be allowed on every resource. */
export type UnscopableAction = keyof typeof UNSCOPABLE_ACTIONS;

/** True when `action` is in UNSCOPABLE_ACTIONS. */
export function isUnscopable(action: string): action is UnscopableAction {
  return Object.prototype.hasOwnProperty.call(UNSCOPABLE_ACTIONS, action);
}
