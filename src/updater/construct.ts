import { Construct } from 'constructs';
import { AssetType, TerraformAsset, type ITerraformDependable, type TerraformProvider } from 'cdktf';
import { DataArchiveFile } from '@cdktf/provider-archive/lib/data-archive-file';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation';
import type { SessionDocumentContent } from '../documents/build-session-document';
import { roleAttributesOf, type PlannedResource, type UpdaterPlan } from '../plan/resource-plan';
import { updaterPolicy } from './policy';
import { renderPolicy } from '../policies/types';
import { PROTECT } from '../constructs/protect';
import { preferencesInput, UPDATER_LIFECYCLE_SCOPE, UPDATER_RUNTIME, UPDATER_TERRAFORM_KEY } from './contract';
import { terraformLiteral } from '../constructs/terraform-literal';

export interface PreferencesUpdaterProps {
  /** Provider alias of the Region. */
  readonly provider: TerraformProvider;
  /** The updater's entries of the Region's resource plan: function (name, handler, timeout, memory), role (name, trust, inline policy) and log group (name, ARN, retention). */
  readonly plan: UpdaterPlan;
  /** Directory holding the bundled handler (index.js only). */
  readonly bundleDir: string;
  /** The planned document the function upserts (its name and ARN). */
  readonly document: PlannedResource;
  /** Desired document content. */
  readonly content: SessionDocumentContent;
  /** ARN of the key that encrypts the function's log group. */
  readonly logsKeyArn: string;
  /** Resources the document names; the invocation waits for them. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Manages an already existing preferences document through a Lambda: Terraform invokes it with the
 * desired content on create, update and destroy (aws_lambda_invocation, lifecycle_scope CRUD), so
 * `cdktf diff` shows the preference change itself; destroy restores what was there before. Names
 * and settings come from the Region's resource plan (src/plan/resource-plan.ts).
 */
export class PreferencesUpdater extends Construct {
  readonly function: LambdaFunction;
  readonly invocation: LambdaInvocation;

  constructor(scope: Construct, id: string, props: PreferencesUpdaterProps) {
    super(scope, id);
    const { provider, plan, document } = props;
    const fn = plan.function;
    const { region } = fn;
    const roleAttributes = roleAttributesOf(plan.role);
    const asset = new TerraformAsset(this, 'bundle', { path: props.bundleDir, type: AssetType.DIRECTORY });
    const archive = new DataArchiveFile(this, 'archive', {
      type: 'zip',
      sourceDir: asset.path,
      outputPath: `\${path.module}/${fn.name}-${region}.zip`,
      // Same bytes, same hash on every machine, whatever the checkout's umask.
      outputFileMode: '0644',
    });
    const logGroup = new CloudwatchLogGroup(this, 'log-group', {
      provider,
      name: plan.logGroup.name,
      retentionInDays: Number(plan.logGroup.attributes.retentionDays),
      kmsKeyId: props.logsKeyArn,
      skipDestroy: true,
      lifecycle: PROTECT,
    });
    const role = new IamRole(this, 'role', {
      provider,
      name: plan.role.name,
      description: `Runs ${fn.name} in ${region}: manages ${document.name} only`,
      assumeRolePolicy: terraformLiteral(renderPolicy(roleAttributes.trustPolicy)),
    });
    const rolePolicy = new IamRolePolicy(this, 'role-policy', {
      provider,
      role: role.name,
      name: roleAttributes.inlinePolicyNames[0]!,
      policy: terraformLiteral(renderPolicy(updaterPolicy({ documentArn: document.arn!, logGroupArn: plan.logGroup.arn! }))),
    });
    this.function = new LambdaFunction(this, 'function', {
      provider,
      functionName: fn.name,
      description: `Upserts ${document.name} and restores it on destroy (session-manager-preferences)`,
      role: role.arn,
      runtime: UPDATER_RUNTIME,
      architectures: ['arm64'],
      handler: String(fn.attributes.handler),
      filename: archive.outputPath,
      sourceCodeHash: archive.outputBase64Sha256,
      timeout: Number(fn.attributes.timeoutSeconds),
      memorySize: Number(fn.attributes.memorySize),
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
      input: terraformLiteral(JSON.stringify(preferencesInput(document.name, props.content), null, 2)),
    });
  }
}
