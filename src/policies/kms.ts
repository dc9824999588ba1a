/**
 * KMS key policies. The account root statement delegates administration and use to IAM (the AWS
 * default key policy), so who may use a key is decided by the IAM policies this project generates.
 */
import { accountRootArn, logsServicePrincipal } from './arns';
import { policy, type PolicyDocument, type Statement } from './types';

function accountAdministers(partition: string, accountId: string): Statement {
  return {
    Sid: 'AccountAdministersKeyAndIamGrantsUse',
    Effect: 'Allow',
    Principal: { AWS: accountRootArn(partition, accountId) },
    Action: 'kms:*',
    // In a key policy, "*" means this key.
    Resource: '*',
  };
}

/** Policy of the session-data key: the account administers it, IAM policies grant its use. */
export function sessionKeyPolicy(partition: string, accountId: string): PolicyDocument {
  return policy(accountAdministers(partition, accountId));
}

/** Inputs of the log-encryption key policy. */
export interface LogsKeyPolicyProps {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  /** The log groups CloudWatch Logs may use the key for (exact ARNs); empty when none is created. */
  readonly logGroupArns: readonly string[];
}

/**
 * Policy of the log-encryption key: CloudWatch Logs in this Region may use it only for the exact
 * log groups named (encryption context condition); S3 uses it through the caller's IAM rights.
 */
export function logsKeyPolicy(props: LogsKeyPolicyProps): PolicyDocument {
  const statements: Statement[] = [accountAdministers(props.partition, props.accountId)];
  if (props.logGroupArns.length > 0) {
    statements.push({
      Sid: 'CloudWatchLogsUsesKeyForSessionLogGroupOnly',
      Effect: 'Allow',
      Principal: { Service: logsServicePrincipal(props.region) },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: {
        ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': props.logGroupArns.length === 1 ? props.logGroupArns[0] : [...props.logGroupArns] },
      },
    });
  }
  return policy(...statements);
}
