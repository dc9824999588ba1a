/**
 * documentManagement lambda: the updater function, its role, its log group and the CRUD invocation
 * that carries the desired document; Terraform-side checks offline.
 */
import { readdirSync } from 'node:fs';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataArchiveFile } from '@cdktf/provider-archive/lib/data-archive-file';
import { UPDATER_SSM_ACTIONS } from '../../src/updater/policy';
import { UPDATER_FUNCTION_NAME } from '../../src/model/resource-names';
import { UPDATER_RUNTIME } from '../../src/updater/contract';
import { buildSessionDocument } from '../../src/documents/build-session-document';
import { LAMBDA_BUNDLE_DIR } from '../../stacks/app';
import { planOffline, type OfflinePlan } from '../../src/terraform/offline';
import { SANDBOX, minimalModel, parsed, resourcesIn, stackFor, synthModel, synthStack } from '../helpers';
import { describeTerraform, resourceChanges } from '../terraform';
import { stubArchiveFiles } from '../support/bootstrap-emulator';

const model = minimalModel({
  regions: ['eu-west-1', 'us-east-1'],
  documentManagement: 'lambda',
  accounts: [{ id: '111111111111', name: 'sandbox', regionSettings: { 'us-east-1': { documentManagement: 'terraform' } } }],
});
const stacks = synthModel(model);
const lambdaStack = stacks.get(stackFor(model, SANDBOX.name, 'eu-west-1'))!; // lambda
const terraformStack = stacks.get(stackFor(model, SANDBOX.name, 'us-east-1'))!; // terraform

describe('documentManagement lambda', () => {
  it('replaces the preferences aws_ssm_document by the updater in lambda Regions only', () => {
    expect(resourcesIn(lambdaStack, 'aws_ssm_document').map((d) => d.name)).not.toContain('SSM-SessionManagerRunShell');
    expect(resourcesIn(terraformStack, 'aws_ssm_document').map((d) => d.name)).toContain('SSM-SessionManagerRunShell');
    expect(resourcesIn(terraformStack, 'aws_lambda_function')).toHaveLength(0);
    expect(parsed(terraformStack).terraform.required_providers.archive).toBeUndefined();
  });

  it('forgets a preferences document Terraform managed before, instead of deleting it under the updater', () => {
    const terraformMode = parsed(synthStack(minimalModel()));
    const documentAddress = Object.keys(terraformMode.resource.aws_ssm_document).find((id) => id.includes('preferences-document'));
    const revisionAddress = Object.keys(terraformMode.resource.terraform_data).find((id) => id.includes('preferences-document'));
    expect((parsed(lambdaStack) as unknown as { removed: unknown[] }).removed).toEqual([
      { from: `terraform_data.${revisionAddress}`, lifecycle: { destroy: false } },
      { from: `aws_ssm_document.${documentAddress}`, lifecycle: { destroy: false } },
    ]);
    expect((parsed(terraformStack) as unknown as { removed?: unknown[] }).removed).toBeUndefined();
  });

  it('deploys the function on a current Node.js runtime from a zipped directory asset with a stable file mode', () => {
    expect(lambdaStack).toHaveResourceWithProperties(LambdaFunction, {
      function_name: UPDATER_FUNCTION_NAME,
      runtime: UPDATER_RUNTIME,
      handler: 'index.handler',
      architectures: ['arm64'],
      provider: 'aws.eu_west_1',
    });
    expect(UPDATER_RUNTIME).toBe('nodejs22.x');
    expect(lambdaStack).toHaveDataSourceWithProperties(DataArchiveFile, { type: 'zip', output_file_mode: '0644' });
    const [archive] = Object.values(JSON.parse(lambdaStack).data.archive_file as Record<string, { source_dir: string }>);
    expect(archive.source_dir).toMatch(/^assets\//);
    const [fn] = resourcesIn(lambdaStack, 'aws_lambda_function');
    expect(fn.filename).toMatch(/^\$\{data\.archive_file\..+\.output_path\}$/);
    expect(fn.source_code_hash).toMatch(/^\$\{data\.archive_file\..+\.output_base64sha256\}$/);
    expect(readdirSync(LAMBDA_BUNDLE_DIR)).toEqual(['index.js']);
  });

  it('gives the function a role that manages exactly the one document and writes only its own logs', () => {
    const [role] = resourcesIn(lambdaStack, 'aws_iam_role');
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Sid: 'LambdaAssumesRoleForThisAccountOnly',
        Effect: 'Allow',
        Principal: { Service: 'lambda.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
      },
    ]);
    const [rolePolicy] = resourcesIn(lambdaStack, 'aws_iam_role_policy');
    const statements = JSON.parse(rolePolicy.policy).Statement;
    expect(statements).toEqual([
      {
        Sid: 'ManageThePreferencesDocumentOnly',
        Effect: 'Allow',
        Action: [...UPDATER_SSM_ACTIONS],
        Resource: 'arn:aws:ssm:eu-west-1:111111111111:document/SSM-SessionManagerRunShell',
      },
      {
        Sid: 'WriteOwnLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/${UPDATER_FUNCTION_NAME}:log-stream:*`,
      },
    ]);
  });

  it('keeps the function logs a year, encrypted with the logs key that names that log group', () => {
    expect(lambdaStack).toHaveResourceWithProperties(CloudwatchLogGroup, { name: `/aws/lambda/${UPDATER_FUNCTION_NAME}`, retention_in_days: 365, skip_destroy: true });
    const logsKey = resourcesIn(lambdaStack, 'aws_kms_key').find((k) => k.description.includes('logs'))!;
    const statement = JSON.parse(logsKey.policy).Statement.find((s: { Sid: string }) => s.Sid === 'CloudWatchLogsUsesKeyForSessionLogGroupOnly');
    expect(statement.Condition.ArnEquals['kms:EncryptionContext:aws:logs:arn']).toEqual([
      'arn:aws:logs:eu-west-1:111111111111:log-group:/session-manager/sessions',
      `arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/${UPDATER_FUNCTION_NAME}`,
    ]);
  });

  it('invokes the function on create, update and destroy with the desired document as input', () => {
    expect(lambdaStack).toHaveResourceWithProperties(LambdaInvocation, { lifecycle_scope: 'CRUD', terraform_key: 'tf', provider: 'aws.eu_west_1' });
    const [invocation] = resourcesIn(lambdaStack, 'aws_lambda_invocation');
    const input = JSON.parse(invocation.input);
    const keyId = Object.keys(parsed(lambdaStack).resource.aws_kms_key).find((id) => id.includes('session-data-key'));
    const expected = buildSessionDocument(model.accounts[0].regions.find((r) => r.region === 'eu-west-1')!.preferences, {
      createdKeyId: `\${aws_kms_key.${keyId}.key_id}`,
    });
    expect(input).toEqual({ documentName: 'SSM-SessionManagerRunShell', documentFormat: 'JSON', documentType: 'Session', content: expected });
    expect(invocation.function_name).toMatch(/^\$\{aws_lambda_function\..+\.function_name\}$/);
  });
});

// The archive provider is not in the local provider mirror: stubArchiveFiles builds the zip instead.
describeTerraform('terraform plan of a lambda-managed Region (archive_file stubbed)', () => {
  let plan: OfflinePlan;
  beforeAll(() => {
    plan = planOffline(stubArchiveFiles(parsed(lambdaStack)), 'lambda-mode');
  });

  it('validates and plans the function, role, log group and invocation', () => {
    expect(plan.validate!.stdout).toContain('Success! The configuration is valid.');
    const changes = resourceChanges(plan);
    const types = changes.map((c) => c.type);
    for (const type of ['aws_lambda_function', 'aws_lambda_invocation', 'aws_iam_role', 'aws_iam_role_policy', 'aws_cloudwatch_log_group']) {
      expect(types).toContain(type);
    }
    expect(changes.every((c) => c.change.actions.join() === 'create')).toBe(true);
    const fn = changes.find((c) => c.type === 'aws_lambda_function')!;
    expect(fn.change.after).toMatchObject({ runtime: 'nodejs22.x', timeout: 120, handler: 'index.handler' });
  });
});
