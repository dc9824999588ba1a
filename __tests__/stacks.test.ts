/**
 * Stack tests: what the example configuration synthesizes, checked on real Terraform property
 * values (snake_case), synthesized once for the file.
 */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SsmDocument } from '@cdktf/provider-aws/lib/ssm-document';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { KEY_ID_PARAMETER_NAME } from '../src/model/resource-names';
import { terraformLiteral } from '../src/constructs/terraform-literal';
import { SANDBOX, exampleModel, minimalModel, parsed, resourcesIn, stackFor, synthModel, synthStack } from './helpers';

const example = exampleModel();
const stacks = synthModel(example);
const shard0 = stacks.get(stackFor(example, SANDBOX.name, 'us-east-1'))!;
const shard3 = stacks.get(stackFor(example, SANDBOX.name, 'eu-west-1'))!;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function documentContent(json: string, alias: string, name: string): any {
  const doc = resourcesIn(json, 'aws_ssm_document', alias).find((d) => d.name === name);
  if (!doc) throw new Error(`no document ${name} in aws.${alias}`);
  return JSON.parse(doc.content);
}

describe('example configuration', () => {
  it('has an account-wide stack and one stack per Region group', () => {
    expect([...stacks.keys()]).toEqual([stackFor(example, SANDBOX.name), stackFor(example, SANDBOX.name, 'us-east-1'), stackFor(example, SANDBOX.name, 'eu-west-1')]);
  });

  it('gives each Region stack one provider alias per Region, bound to the account', () => {
    for (const [json, region, alias] of [
      [shard0, 'us-east-1', 'us_east_1'],
      [shard3, 'eu-west-1', 'eu_west_1'],
    ]) {
      const providers = parsed(json).provider.aws;
      expect(providers).toHaveLength(1);
      expect(providers[0]).toMatchObject({ alias, region, allowed_account_ids: ['111111111111'] });
      expect(providers[0].default_tags[0].tags).toEqual({
        ManagedBy: 'session-manager-preferences',
        Project: 'session-manager',
        Owner: 'platform-team',
        ManagedByStack: stackFor(example, SANDBOX.name, region),
      });
    }
  });

  it('tags every resource of each stack with the stack that manages it (ManagedByStack, after the configured tags): account-wide, Region groups and log archive (its home Region and eu-west-1)', () => {
    const global = stackFor(example, SANDBOX.name);
    expect(parsed(stacks.get(global)!).provider.aws.map((p) => p.default_tags)).toEqual([
      [{ tags: { ManagedBy: 'session-manager-preferences', Project: 'session-manager', Owner: 'platform-team', ManagedByStack: global } }],
    ]);
    const archived = minimalModel({ logArchive: { accountId: '222222222222', regions: ['eu-west-1'] } });
    const all = synthModel(archived);
    const tagsOf = (name: string) => parsed(all.get(name)!).provider.aws.map((p) => p.default_tags[0].tags);
    expect(tagsOf('log-archive-eu-west-1')).toEqual([{ ManagedBy: 'session-manager-preferences', ManagedByStack: 'log-archive-eu-west-1' }]);
    expect(tagsOf('log-archive-us-east-1')).toEqual([{ ManagedBy: 'session-manager-preferences', ManagedByStack: 'log-archive-us-east-1' }]);
    expect(tagsOf(stackFor(archived, SANDBOX.name, SANDBOX.region))).toEqual([
      { ManagedBy: 'session-manager-preferences', ManagedByStack: stackFor(archived, SANDBOX.name, SANDBOX.region) },
    ]);
  });

  it('names a provider alias on every AWS resource', () => {
    for (const json of stacks.values()) {
      for (const [type, byId] of Object.entries(parsed(json).resource ?? {})) {
        for (const [id, resource] of Object.entries(byId)) {
          // terraform_data (document revisions) is Terraform's own resource: no provider.
          if (type === 'terraform_data') expect(resource.provider).toBeUndefined();
          else expect(`${type}.${id}: ${resource.provider}`).toMatch(/: aws\.[a-z0-9_]+$/);
        }
      }
    }
  });

  it('writes SSM-SessionManagerRunShell with every input, real booleans, string timeouts and the created key', () => {
    expect(shard0).toHaveResourceWithProperties(SsmDocument, { name: 'SSM-SessionManagerRunShell', document_type: 'Session', document_format: 'JSON', provider: 'aws.us_east_1' });
    const content = documentContent(shard0, 'us_east_1', 'SSM-SessionManagerRunShell');
    expect(content).toMatchObject({ schemaVersion: '1.0', sessionType: 'Standard_Stream' });
    const keyId = Object.keys(parsed(shard0).resource.aws_kms_key).find((id) => id.includes('session-data-key'));
    const bucketId = Object.keys(parsed(shard0).resource.aws_s3_bucket)[0];
    expect(content.inputs).toEqual({
      s3BucketName: `\${aws_s3_bucket.${bucketId}.bucket}`,
      s3KeyPrefix: 'session-logs',
      s3EncryptionEnabled: true,
      cloudWatchLogGroupName: '/session-manager/sessions',
      cloudWatchEncryptionEnabled: true,
      cloudWatchStreamingEnabled: true,
      idleSessionTimeout: '20',
      maxSessionDuration: '120',
      kmsKeyId: `\${aws_kms_key.${keyId}.key_id}`,
      runAsEnabled: true,
      runAsDefaultUser: 'ssm-user',
      shellProfile: { linux: 'cd $HOME; exec bash -l' },
    });
  });

  it('writes the custom document with its overrides and the same resources', () => {
    const base = documentContent(shard3, 'eu_west_1', 'SSM-SessionManagerRunShell');
    const custom = documentContent(shard3, 'eu_west_1', 'SessionManager-BreakGlass');
    expect(custom.inputs).toEqual({ ...base.inputs, maxSessionDuration: '480' });
    expect(custom.description).toMatch(/incident response/);
  });

  it('creates a rotating session-data key with its alias and key-ID parameter', () => {
    expect(shard0).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(shard0).toHaveResourceWithProperties(KmsAlias, { name: 'alias/session-manager/data' });
    expect(shard0).toHaveResourceWithProperties(SsmParameter, { name: KEY_ID_PARAMETER_NAME, type: 'String' });
    const keyPolicies = resourcesIn(shard0, 'aws_kms_key').map((k) => JSON.parse(k.policy));
    for (const policy of keyPolicies) {
      expect(policy.Statement[0]).toMatchObject({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*' });
    }
  });

  it('lets CloudWatch Logs use the log key only for the exact log group ARN', () => {
    const logsKey = resourcesIn(shard3, 'aws_kms_key').find((k) => k.description.includes('logs'))!;
    const statement = JSON.parse(logsKey.policy).Statement.find((s: { Sid: string }) => s.Sid === 'CloudWatchLogsUsesKeyForSessionLogGroupOnly');
    expect(statement.Principal).toEqual({ Service: 'logs.eu-west-1.amazonaws.com' });
    expect(statement.Condition).toEqual({ ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:111111111111:log-group:/session-manager/sessions' } });
  });

  it('creates the log group encrypted, kept 365 days, protected from destroy', () => {
    expect(shard3).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/session-manager/sessions',
      retention_in_days: 365,
      skip_destroy: true,
      lifecycle: { prevent_destroy: true },
      provider: 'aws.eu_west_1',
    });
    const [group] = resourcesIn(shard3, 'aws_cloudwatch_log_group');
    expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\..*logs-key.*\.arn\}$/);
  });

  it('hardens the log bucket: SSE-KMS with bucket key, public access blocked, owner enforced, versioned, TLS only, expiring', () => {
    expect(shard0).toHaveResourceWithProperties(S3Bucket, { bucket: 'ssm-session-logs-111111111111-us-east-1', force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(shard0).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(shard0).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: 'BucketOwnerEnforced' } });
    expect(shard0).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: 'Enabled' } });
    const [sse] = resourcesIn(shard0, 'aws_s3_bucket_server_side_encryption_configuration');
    expect(sse.rule[0].bucket_key_enabled).toBe(true);
    expect(sse.rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe('aws:kms');
    expect(shard0).toHaveResource(S3BucketServerSideEncryptionConfigurationA);
    const [policy] = resourcesIn(shard0, 'aws_s3_bucket_policy');
    expect(JSON.parse(policy.policy).Statement[0]).toEqual({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: ['arn:aws:s3:::ssm-session-logs-111111111111-us-east-1', 'arn:aws:s3:::ssm-session-logs-111111111111-us-east-1/*'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(JSON.parse(policy.policy).Statement[1]).toMatchObject({ Sid: 'DenyTlsBefore12', Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } });
    const [lifecycle] = resourcesIn(shard0, 'aws_s3_bucket_lifecycle_configuration');
    expect(lifecycle.rule[0]).toMatchObject({ status: 'Enabled', expiration: [{ days: 365 }], noncurrent_version_expiration: [{ noncurrent_days: 30 }] });
    expect(lifecycle.rule[1]).toMatchObject({ status: 'Enabled', expiration: [{ expired_object_delete_marker: true }] });
  });

  it('makes documents wait for the log group and the bucket encryption and policy they name', () => {
    const depends = (json: string) => resourcesIn(json, 'aws_ssm_document').map((d) => (d.depends_on as string[]).map((x) => x.split('.')[0]).sort());
    for (const deps of depends(shard0)) {
      expect(deps).toEqual(['aws_cloudwatch_log_group', 'aws_s3_bucket_policy', 'aws_s3_bucket_server_side_encryption_configuration']);
    }
  });

  it('uses a local state file per stack, in the state directory (docs/state.md)', () => {
    expect(Object.keys(parsed(shard0).terraform.backend)).toEqual(['local']);
    expect(parsed(shard0).terraform.backend.local.path).toMatch(new RegExp(`^(\\.\\./)+.*/state/${stackFor(example, SANDBOX.name, 'us-east-1')}\\.tfstate$`));
  });

  it('emits no import block unless adoptExisting is set', () => {
    expect(parsed(shard0).import).toBeUndefined();
  });
});

describe('configuration variants', () => {
  it('imports the existing preferences document with adoptExisting, through the Region provider', () => {
    const json = synthStack(minimalModel({ adoptExisting: true }));
    const imports = parsed(json).import!;
    expect(imports).toHaveLength(1);
    expect(imports[0]).toMatchObject({ id: 'SSM-SessionManagerRunShell', provider: 'aws.eu_west_1' });
    expect(imports[0].to).toMatch(/^aws_ssm_document\..*preferences-document/);
  });

  it('creates no key, bucket or log group that the preferences do not ask for', () => {
    const json = synthStack(minimalModel({ preferences: { sessionEncryption: { createKey: false, kmsKeyId: 'alias/mine' }, cloudWatch: { createLogGroup: false } } }));
    const resources = parsed(json).resource;
    expect(Object.keys(resources).sort()).toEqual(['aws_ssm_document', 'aws_ssm_service_setting', 'terraform_data']);
    expect(JSON.parse(Object.values(resources.aws_ssm_document)[0].content).inputs.kmsKeyId).toBe('alias/mine');
  });

  it('assumes the configured role in every provider', () => {
    const stacksOf = synthModel(minimalModel({ assumeRoleName: 'Deployer', regions: ['eu-west-1', 'us-east-1'] }));
    for (const json of stacksOf.values()) {
      for (const provider of parsed(json).provider.aws) {
        expect(provider.assume_role).toEqual([{ role_arn: 'arn:aws:iam::111111111111:role/Deployer', session_name: 'session-manager-preferences' }]);
      }
    }
  });

  it('escapes Terraform template syntax in user text but keeps references', () => {
    expect(terraformLiteral('echo ${HOME} %{if} ${TfToken[TOKEN.1]}')).toBe('echo $${HOME} %%{if} ${TfToken[TOKEN.1]}');
    const json = synthStack(minimalModel({ preferences: { shellProfile: { linux: 'echo ${USER}' } } }));
    const doc = resourcesIn(json, 'aws_ssm_document')[0];
    expect(doc.content).toContain('echo $${USER}');
    expect(doc.content).toMatch(/\$\{aws_kms_key\.[^}]+\.key_id\}/);
  });
});
