import { Construct } from 'constructs';
import { AssetType, TerraformAsset, type ITerraformDependable, type TerraformProvider } from 'cdktf';
import { DataArchiveFile } from '@cdktf/provider-archive/lib/data-archive-file';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation';
import type { SessionDocumentContent } from '../documents/build-session-document';
import { documentArn } from '../policies/arns';
import {
  UPDATER_FUNCTION_NAME,
  UPDATER_HANDLER,
  UPDATER_LOG_RETENTION_DAYS,
  UPDATER_MEMORY_MB,
  UPDATER_ROLE_POLICY_NAME,
  UPDATER_TIMEOUT_SECONDS,
  updaterLogGroupName,
  updaterRoleName,
} from '../model/resource-names';
import { lambdaTrustPolicy, updaterPolicy } from './policy';
import { renderPolicy } from '../policies/types';
import { PROTECT } from '../constructs/protect';
import { preferencesInput, UPDATER_LIFECYCLE_SCOPE, UPDATER_RUNTIME, UPDATER_TERRAFORM_KEY } from './contract';
import { terraformLiteral } from '../constructs/terraform-literal';

/** Log retention, timeout and the like are model facts (src/model/resource-names.ts): the resource plan and drift read them too. */
export { UPDATER_LOG_RETENTION_DAYS, UPDATER_TIMEOUT_SECONDS };

export interface PreferencesUpdaterProps {
  /** Provider alias of the Region. */
  readonly provider: TerraformProvider;
  /** Account of the Region. */
  readonly accountId: string;
  /** Region of the function and the document. */
  readonly region: string;
  /** Directory holding the bundled handler (index.js only). */
  readonly bundleDir: string;
  /** Name of the document the function upserts. */
  readonly documentName: string;
  /** Desired document content. */
  readonly content: SessionDocumentContent;
  /** ARN of the key that encrypts the function's log group. */
  readonly logsKeyArn: string;
  /** ARN of the function's log group, as the logs key policy names it. */
  readonly logGroupArn: string;
  /** Resources the document names; the invocation waits for them. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Manages an already existing preferences document through a Lambda: Terraform invokes it with the
 * desired content on create, update and destroy (aws_lambda_invocation, lifecycle_scope CRUD), so
 * `cdktf diff` shows the preference change itself; destroy restores what was there before.
 */
export class PreferencesUpdater extends Construct {
  readonly function: LambdaFunction;
  readonly invocation: LambdaInvocation;

  constructor(scope: Construct, id: string, props: PreferencesUpdaterProps) {
    super(scope, id);
    const { provider } = props;
    const asset = new TerraformAsset(this, 'bundle', { path: props.bundleDir, type: AssetType.DIRECTORY });
    const archive = new DataArchiveFile(this, 'archive', {
      type: 'zip',
      sourceDir: asset.path,
      outputPath: `\${path.module}/${UPDATER_FUNCTION_NAME}-${props.region}.zip`,
      // Same bytes, same hash on every machine, whatever the checkout's umask.
      outputFileMode: '0644',
    });
    const logGroup = new CloudwatchLogGroup(this, 'log-group', {
      provider,
      name: updaterLogGroupName(),
      retentionInDays: UPDATER_LOG_RETENTION_DAYS,
      kmsKeyId: props.logsKeyArn,
      skipDestroy: true,
      lifecycle: PROTECT,
    });
    const role = new IamRole(this, 'role', {
      provider,
      name: updaterRoleName(props.region),
      description: `Runs ${UPDATER_FUNCTION_NAME} in ${props.region}: manages ${props.documentName} only`,
      assumeRolePolicy: terraformLiteral(renderPolicy(lambdaTrustPolicy(props.accountId))),
    });
    const rolePolicy = new IamRolePolicy(this, 'role-policy', {
      provider,
      role: role.name,
      name: UPDATER_ROLE_POLICY_NAME,
      policy: terraformLiteral(renderPolicy(updaterPolicy({ documentArn: documentArn(props.region, props.accountId, props.documentName), logGroupArn: props.logGroupArn }))),
    });
    this.function = new LambdaFunction(this, 'function', {
      provider,
      functionName: UPDATER_FUNCTION_NAME,
      description: `Upserts ${props.documentName} and restores it on destroy (session-manager-preferences)`,
      role: role.arn,
      runtime: UPDATER_RUNTIME,
      architectures: ['arm64'],
      handler: UPDATER_HANDLER,
      filename: archive.outputPath,
      sourceCodeHash: archive.outputBase64Sha256,
      timeout: UPDATER_TIMEOUT_SECONDS,
      memorySize: UPDATER_MEMORY_MB,
      environment: { variables: { LOG_LEVEL: 'info' } },
      loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name },
      dependsOn: [rolePolicy, logGroup],
    });
    this.invocation = new LambdaInvocation(this, 'invocation', {
      provider,
      functionName: this.function.functionName,
      lifecycleScope: UPDATER_LIFECYCLE_SCOPE,
      terraformKey: UPDATER_TERRAFORM_KEY,
      ...(props.dependsOn && props.dependsOn.length > 0 ? { dependsOn: props.dependsOn } : {}),
      input: terraformLiteral(JSON.stringify(preferencesInput(props.documentName, props.content), null, 2)),
    });
  }
}
