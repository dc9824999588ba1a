/**
 * Retiring a Region: its provider alias stays so Terraform can act on the state, data resources are
 * forgotten (removed blocks, destroy = false), the updater Lambda is destroyed (which restores the
 * previous preferences document), and no other Region changes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromData } from '../../src/config/load';
import { initOffline, runTerraform } from '../../src/terraform/offline';
import { DESTROYED_WHEN_RETIRED } from '../../stacks/retire';
import { SANDBOX, configProblems, minimalConfig, parsed, stackFor, synthModel, synthStack } from '../helpers';
import { describeTerraform } from '../terraform';

const config = minimalConfig({
  regions: ['us-east-1'],
  preferences: { s3: { enabled: true } },
  accounts: [
    {
      id: '111111111111',
      name: 'sandbox',
      retiredRegions: ['us-east-2', 'eu-west-1'],
      regionSettings: { 'eu-west-1': { documentManagement: 'lambda' } },
    },
  ],
});
const model = modelFromData(config);
const stacks = synthModel(model);
const shard0 = parsed(stacks.get(stackFor(model, SANDBOX.name, 'us-east-1'))!); // us-east-1 active, us-east-2 retired
const shard3 = parsed(stacks.get(stackFor(model, SANDBOX.name, 'eu-west-1'))!); // eu-west-1 retired (lambda)
type Removed = { from: string; lifecycle: { destroy: boolean } };
const removedOf = (stack: unknown) => (stack as { removed?: Removed[] }).removed ?? [];

describe('retiredRegions in the configuration', () => {
  it('marks retired Regions and keeps them in their Region group', () => {
    expect(model.accounts[0].regions.map((r) => [r.region, r.retired])).toEqual([
      ['us-east-1', false],
      ['us-east-2', true],
      ['eu-west-1', true],
    ]);
    expect([...stacks.keys()]).toEqual([stackFor(model, SANDBOX.name), stackFor(model, SANDBOX.name, 'us-east-1'), stackFor(model, SANDBOX.name, 'eu-west-1')]);
    expect(stackFor(model, SANDBOX.name, 'us-east-2')).toBe(stackFor(model, SANDBOX.name, 'us-east-1'));
  });

  it('refuses a Region that is both active and retired', () => {
    expect(configProblems(minimalConfig({ retiredRegions: ['eu-west-1'] }))).toEqual([
      'retiredRegions: lists eu-west-1, which is still an active Region of accounts[0]: remove it from regions when you retire it',
    ]);
    expect(configProblems(minimalConfig({ accounts: [{ id: '111111111111', name: 'a', retiredRegions: ['eu-west-1'] }] }))).toEqual([
      'accounts[0].retiredRegions: lists eu-west-1, which is still an active Region of accounts[0]: remove it from regions when you retire it',
    ]);
  });

  it('accepts an account whose Regions are all retired, and refuses one with none at all', () => {
    expect(configProblems(minimalConfig({ accounts: [{ id: '111111111111', name: 'a', regions: [], retiredRegions: ['eu-west-1'] }] }))).toEqual([]);
    expect(configProblems(minimalConfig({ accounts: [{ id: '111111111111', name: 'a', regions: [] }] }))).toEqual(['accounts[0].regions: must list at least one Region']);
  });
});

describe('a retired Region in its stack', () => {
  it('keeps its provider alias but declares no resources', () => {
    expect(shard0.provider.aws.map((p) => p.alias)).toEqual(['us_east_1', 'us_east_2']);
    expect(shard3.provider.aws.map((p) => p.alias)).toEqual(['eu_west_1']);
    expect(shard3.resource).toBeUndefined();
    // Every AWS resource (terraform_data, the document revisions, is Terraform's own and has no provider).
    const declared = Object.entries(shard0.resource)
      .filter(([type]) => type !== 'terraform_data')
      .flatMap(([, byId]) => Object.values(byId));
    expect(declared.every((r) => r.provider === 'aws.us_east_1')).toBe(true);
  });

  it('forgets every data resource instead of destroying it', () => {
    const removed = removedOf(shard0);
    expect(removed.every((r) => r.lifecycle.destroy === false)).toBe(true);
    const types = removed.map((r) => r.from.split('.')[0]);
    for (const type of ['aws_kms_key', 'aws_kms_alias', 'aws_cloudwatch_log_group', 'aws_s3_bucket', 'aws_s3_bucket_policy', 'aws_ssm_document', 'aws_ssm_service_setting']) {
      expect(types).toContain(type);
    }
    expect(removed.every((r) => r.from.split('.')[1].startsWith('us-east-2_'))).toBe(true);
  });

  it('uses exactly the addresses the Region had while it was active', () => {
    const active = parsed(
      synthStack(modelFromData(minimalConfig({ regions: ['us-east-1', 'us-east-2'], preferences: { s3: { enabled: true } } })), stackFor(model, SANDBOX.name, 'us-east-1')),
    );
    const hadBefore = new Set(Object.entries(active.resource).flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`)));
    for (const { from } of removedOf(shard0)) expect(hadBefore).toContain(from);
    expect(removedOf(shard0)).toHaveLength([...hadBefore].filter((a) => a.includes('.us-east-2_')).length);
  });

  it('lets Terraform destroy the updater Lambda (restoring the previous document) but keeps its log group', () => {
    const types = removedOf(shard3).map((r) => r.from.split('.')[0]);
    for (const type of DESTROYED_WHEN_RETIRED) expect(types).not.toContain(type);
    expect(removedOf(shard3).filter((r) => r.from.startsWith('aws_cloudwatch_log_group.'))).toHaveLength(2);
    expect((shard3.terraform.required_providers as Record<string, unknown>).archive).toBeUndefined();
  });

  it('drops retired Regions from the account-wide access policies', () => {
    const global = stacks.get('sandbox-global')!;
    expect(global).toContain('us-east-1');
    expect(global).not.toContain('eu-west-1');
    expect(global).not.toContain('us-east-2');
  });
});

describeTerraform('terraform plan of a retired Region against its state', () => {
  it('forgets the log group, destroys the updater invocation, creates nothing', () => {
    const logGroup = removedOf(shard3).find((r) => r.from.startsWith('aws_cloudwatch_log_group.'))!.from;
    const { dir } = initOffline(shard3 as unknown as Record<string, unknown>, 'retired');
    const instance = (type: string, name: string, attributes: object) => ({
      mode: 'managed',
      type,
      name,
      provider: 'provider["registry.terraform.io/hashicorp/aws"].eu_west_1',
      instances: [{ schema_version: 0, attributes }],
    });
    const [type, name] = logGroup.split('.');
    writeFileSync(
      join(dir, 'terraform.tfstate'),
      JSON.stringify({
        version: 4,
        terraform_version: '1.11.4',
        serial: 1,
        lineage: 'retire-test',
        outputs: {},
        resources: [
          instance(type, name, { id: '/session-manager/sessions', name: '/session-manager/sessions', retention_in_days: 365, skip_destroy: true, tags: {}, tags_all: {} }),
          instance('aws_lambda_invocation', 'eu-west-1_preferences-updater_invocation_0', {
            id: 'x',
            function_name: 'session-manager-preferences-updater',
            input: '{}',
            lifecycle_scope: 'CRUD',
            terraform_key: 'tf',
            qualifier: '$LATEST',
            result: '{}',
          }),
        ],
      }),
    );
    const plan = runTerraform(dir, ['plan', '-refresh=false', '-no-color', '-input=false', '-lock=false']);
    expect(plan.status).toBe(0);
    expect(plan.stdout).toContain(`# ${logGroup} will no longer be managed by Terraform, but will not be destroyed`);
    expect(plan.stdout).toContain('# aws_lambda_invocation.eu-west-1_preferences-updater_invocation_0 will be destroyed');
    expect(plan.stdout).toContain('Plan: 0 to add, 0 to change, 1 to destroy.');
  });
});
