/** Policies of the preferences-updater Lambda: it may touch exactly one document and write its own logs. */
import { policy, type PolicyDocument, type TrustPolicyDocument } from '../policies/types';

/** SSM actions the handler calls (lambda-src/ssm.ts), all on the one document. */
export const UPDATER_SSM_ACTIONS = [
  'ssm:GetDocument',
  'ssm:DescribeDocument',
  'ssm:CreateDocument',
  'ssm:UpdateDocument',
  'ssm:UpdateDocumentDefaultVersion',
  'ssm:DeleteDocument',
  'ssm:ListTagsForResource',
  'ssm:AddTagsToResource',
  'ssm:RemoveTagsFromResource',
] as const;

/** Lets only the Lambda service, acting for this account, assume the role. */
export function lambdaTrustPolicy(accountId: string): TrustPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'LambdaAssumesRoleForThisAccountOnly',
        Effect: 'Allow',
        Principal: { Service: 'lambda.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
      },
    ],
  };
}

/** Inputs of the updater's permissions. */
export interface UpdaterPolicyProps {
  /** ARN of the one document the function manages. */
  readonly documentArn: string;
  /** ARN of the function's own log group (without `:*`). */
  readonly logGroupArn: string;
}

/** The updater's permissions: the SSM calls on one document, log events to its own log group. */
export function updaterPolicy(props: UpdaterPolicyProps): PolicyDocument {
  return policy(
    { Sid: 'ManageThePreferencesDocumentOnly', Effect: 'Allow', Action: [...UPDATER_SSM_ACTIONS], Resource: props.documentArn },
    { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${props.logGroupArn}:log-stream:*` },
  );
}
