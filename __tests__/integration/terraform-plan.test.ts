/**
 * `terraform init`, `validate` and `plan` of synthesized stacks, offline against the provider
 * mirror found on this machine (fake credentials and skip flags exist only in the harness copy).
 */
import { modelFromData } from '../../src/config/load';
import { offlineStack, planOffline, validateOffline, type OfflinePlan } from '../../src/terraform/offline';
import { SANDBOX, exampleModel, minimalConfig, parsed, stackFor, synthModel, synthStack } from '../helpers';
import { describeTerraform, resourceChanges } from '../terraform';

const changes = resourceChanges;

describe('offline harness', () => {
  it('gives providers fake credentials and skip flags, and strips role, allow-list, backend, imports and checks', () => {
    const stack = {
      provider: { aws: [{ alias: 'x', region: 'eu-west-1', allowed_account_ids: ['1'], assume_role: [{ role_arn: 'r' }] }] },
      terraform: { backend: { local: {} }, cloud: {} },
      import: [{ to: 'a.b', id: 'c' }],
      check: { c: { data: {}, assert: [] } },
    };
    const copy = offlineStack(stack);
    expect(copy.provider.aws[0]).toMatchObject({ alias: 'x', skip_credentials_validation: true, skip_requesting_account_id: true });
    expect(copy.provider.aws[0].assume_role).toBeUndefined();
    expect(copy.provider.aws[0].allowed_account_ids).toBeUndefined();
    expect(copy.terraform).toEqual({});
    expect(copy.import).toBeUndefined();
    expect(copy.check).toBeUndefined();
    expect(offlineStack(stack, { keepImports: true }).check).toEqual(stack.check);
    expect(stack.provider.aws[0].assume_role).toBeDefined();
  });
});

describeTerraform('terraform plan of the example configuration', () => {
  const example = exampleModel();
  const stacks = synthModel(example);
  const plans = new Map<string, OfflinePlan>();
  beforeAll(() => {
    for (const [name, json] of stacks) plans.set(name, planOffline(parsed(json), name));
  });

  it('initializes, validates and plans every stack', () => {
    expect([...plans.keys()]).toEqual([...stacks.keys()]);
    for (const [name, plan] of plans) {
      expect(`${name}: ${plan.validate!.stdout.trim()}`).toContain('Success! The configuration is valid.');
      console.log(`${name}: init ${plan.init.seconds.toFixed(1)} s, validate ${plan.validate!.seconds.toFixed(1)} s, plan ${plan.plan.seconds.toFixed(1)} s`);
    }
  });

  it('plans only creations, one per synthesized resource', () => {
    for (const [name, plan] of plans) {
      const synthesized = Object.values(parsed(stacks.get(name)!).resource ?? {}).reduce((n, byId) => n + Object.keys(byId).length, 0);
      expect(changes(plan)).toHaveLength(synthesized);
      expect(changes(plan).every((c) => c.change.actions.join() === 'create')).toBe(true);
    }
  });

  it('plans the preferences document and the Region resources in each Region stack', () => {
    for (const name of [stackFor(example, SANDBOX.name, 'us-east-1'), stackFor(example, SANDBOX.name, 'eu-west-1')]) {
      const types = changes(plans.get(name)!).map((c) => c.type);
      // The preferences document and each custom one (break-glass, the database port, restart the app).
      const documents = changes(plans.get(name)!)
        .filter((c) => c.type === 'aws_ssm_document')
        .map((c) => (c.change.after as { name: string }).name);
      expect(documents.sort()).toEqual(['SSM-SessionManagerRunShell', ...example.accounts[0].activeRegions[0].customDocuments.map((d) => d.name)].sort());
      expect(documents).toHaveLength(4);
      expect(types.filter((t) => t === 'aws_kms_key')).toHaveLength(2);
      expect(types).toContain('aws_cloudwatch_log_group');
      expect(types).toContain('aws_s3_bucket');
      const group = changes(plans.get(name)!).find((c) => c.type === 'aws_cloudwatch_log_group')!;
      expect(group.change.after).toMatchObject({ name: '/session-manager/sessions', retention_in_days: 365, skip_destroy: true });
    }
  });
});

describeTerraform('terraform validate of adoptExisting', () => {
  it('accepts the import block with its provider alias as synthesized', () => {
    const stack = parsed(synthStack(modelFromData(minimalConfig({ adoptExisting: true }))));
    expect(stack.import).toHaveLength(1);
    const run = validateOffline(stack, 'adopt-existing', { keepImports: true });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Success! The configuration is valid.');
  });
});

describeTerraform('terraform plan of a multi-Region account', () => {
  const model = modelFromData(
    minimalConfig({
      regions: ['us-east-1', 'us-east-2', 'us-west-2', 'eu-central-1', 'ap-southeast-2'],
      preferences: { s3: { enabled: true }, shellProfile: { linux: 'echo ${USER}' } },
      // Names only existing resources, so its content is fully known at plan time.
      customDocuments: [{ name: 'Static-Sessions', preferences: { sessionEncryption: { kmsKeyId: 'alias/static' }, s3: { bucketName: 'central-session-logs' } } }],
    }),
  );
  const stacks = synthModel(model);
  let plan: OfflinePlan;
  beforeAll(() => {
    plan = planOffline(parsed(stacks.get(stackFor(model, SANDBOX.name, 'us-east-1'))!), 'multi-region');
  });

  it('groups Regions by their fixed position and plans a three-Region stack', () => {
    // us-east-1, us-east-2 and us-west-2 share a group; eu-central-1 and ap-southeast-2 share another.
    expect([...stacks.keys()]).toEqual([stackFor(model, SANDBOX.name), stackFor(model, SANDBOX.name, 'us-east-1'), stackFor(model, SANDBOX.name, 'eu-central-1')]);
    expect(new Set(['us-east-2', 'us-west-2'].map((r) => stackFor(model, SANDBOX.name, r)))).toEqual(new Set([stackFor(model, SANDBOX.name, 'us-east-1')]));
    expect(stackFor(model, SANDBOX.name, 'ap-southeast-2')).toBe(stackFor(model, SANDBOX.name, 'eu-central-1'));
    const providerConfigs = Object.keys((plan.planJson as { configuration: { provider_config: object } }).configuration.provider_config)
      .filter((k) => k.includes('.'))
      .sort();
    expect(providerConfigs).toEqual(['aws.us_east_1', 'aws.us_east_2', 'aws.us_west_2']);
    const documents = changes(plan).filter((c) => c.type === 'aws_ssm_document');
    expect(documents).toHaveLength(6);
    expect(documents.map((d) => d.address.split('.')[1].split('_')[0]).sort()).toEqual(['us-east-1', 'us-east-1', 'us-east-2', 'us-east-2', 'us-west-2', 'us-west-2']);
    console.log(`multi-Region shard0 (3 aliases): plan ${plan.plan.seconds.toFixed(1)} s`);
  });

  it('keeps shell-profile text literal through Terraform', () => {
    const doc = changes(plan).find((c) => c.type === 'aws_ssm_document' && c.change.after.name === 'Static-Sessions')!;
    // The document's content carries the revision (a terraform_data ID), known only after apply; the
    // configured content is planned, and reviewed, as the input of that revision.
    expect(doc.change.after_unknown?.content).toBe(true);
    const revisionPrefix = doc.address.replace(/^aws_ssm_document\./, 'terraform_data.').replace(/_document_[0-9A-F]+$/, '_revision_');
    const revision = changes(plan).find((c) => c.type === 'terraform_data' && c.address.startsWith(revisionPrefix))!;
    const content = JSON.parse(String((revision.change.after.input as { content: string }).content));
    expect(content.inputs).toMatchObject({ shellProfile: { linux: 'echo ${USER}' }, kmsKeyId: 'alias/static', s3BucketName: 'central-session-logs' });
  });
});
