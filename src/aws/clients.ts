/**
 * AWS SDK v3 clients per account and Region, with the credentials a plan would use: the account's
 * role (assumeRoleArn / assumeRoleName in the configuration; SESSION_PREFS_ROLE_NAME overrides
 * both, resolved in src/config/resolve.ts) assumed with STS from the caller's own credentials, or
 * the caller's own credentials when no role is configured. AWS_ENDPOINT_URL points every client at
 * an emulator (S3 then uses path-style addressing).
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { ROLE_SESSION_NAME } from '../model/resource-names';
import type { RunnerAccount } from './types';

/** The clients one task gets; created on first use. */
export interface AwsClients {
  readonly ssm: SSMClient;
  readonly kms: KMSClient;
  readonly logs: CloudWatchLogsClient;
  readonly s3: S3Client;
  readonly iam: IAMClient;
  readonly sts: STSClient;
  readonly lambda: LambdaClient;
}

/** Makes the clients of one account in one Region (tests pass a factory returning mocked clients). */
export type ClientFactory = (account: RunnerAccount, region: string) => AwsClients;

/** Settings every client shares, from the environment. */
export interface ClientEnvironment {
  /** AWS_ENDPOINT_URL: one endpoint for every service (an emulator). */
  readonly endpoint?: string;
}

/** Reads AWS_ENDPOINT_URL. */
export function clientEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): ClientEnvironment {
  const endpoint = env.AWS_ENDPOINT_URL;
  return endpoint !== undefined && endpoint !== '' ? { endpoint } : {};
}

/**
 * Credentials for one account: the role it names, assumed with the caller's credentials (session
 * name as the provider's, so CloudTrail shows the same tool), or undefined for the caller's own.
 */
export function accountCredentials(account: RunnerAccount, region: string, environment: ClientEnvironment = clientEnvironment()): AwsCredentialIdentityProvider | undefined {
  if (account.assumeRoleArn === undefined) return undefined;
  return fromTemporaryCredentials({
    params: { RoleArn: account.assumeRoleArn, RoleSessionName: `${ROLE_SESSION_NAME}-read`, DurationSeconds: 3600 },
    clientConfig: { region, ...(environment.endpoint ? { endpoint: environment.endpoint } : {}) },
  });
}

/**
 * The default factory: one credential provider per account (shared by its Regions, so the role is
 * assumed once and refreshed by the SDK), clients created lazily. SDK retries are off (maxAttempts
 * 1): the runner retries with its own backoff (src/aws/retry.ts), so attempts do not multiply.
 */
export function defaultClientFactory(environment: ClientEnvironment = clientEnvironment()): ClientFactory {
  const credentials = new Map<string, AwsCredentialIdentityProvider | undefined>();
  return (account, region) => {
    if (!credentials.has(account.id)) credentials.set(account.id, accountCredentials(account, account.homeRegion, environment));
    const provider = credentials.get(account.id);
    const common = {
      region,
      maxAttempts: 1,
      ...(provider ? { credentials: provider } : {}),
      ...(environment.endpoint ? { endpoint: environment.endpoint } : {}),
    };
    const lazy = <T>(make: () => T): (() => T) => {
      let made: T | undefined;
      return () => (made ??= make());
    };
    const ssm = lazy(() => new SSMClient(common));
    const kms = lazy(() => new KMSClient(common));
    const logs = lazy(() => new CloudWatchLogsClient(common));
    const s3 = lazy(() => new S3Client({ ...common, ...(environment.endpoint ? { forcePathStyle: true } : {}) }));
    // IAM is global; the SDK resolves its endpoint from any Region of the partition.
    const iam = lazy(() => new IAMClient({ ...common, region: account.homeRegion }));
    const sts = lazy(() => new STSClient(common));
    const lambda = lazy(() => new LambdaClient(common));
    return {
      get ssm() {
        return ssm();
      },
      get kms() {
        return kms();
      },
      get logs() {
        return logs();
      },
      get s3() {
        return s3();
      },
      get iam() {
        return iam();
      },
      get sts() {
        return sts();
      },
      get lambda() {
        return lambda();
      },
    };
  };
}
