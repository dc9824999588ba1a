/**
 * The constructs build from the resource plan's entries instead of recomputing names (issue 21):
 * a plan altered by a test-only transform (other names, paths, descriptions, settings than the
 * configuration gives) synthesizes exactly what the altered entries say.
 */
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { modelFromData } from '../src/config/load';
import { planAccount, planArchiveRegion, planRegion, type AccountPlan, type ArchivePlan, type PlannedResource, type RegionPlan } from '../src/plan/resource-plan';
import type { PolicyDocument } from '../src/policies/types';
import { AccountGlobalStack } from '../stacks/account-global-stack';
import { LogArchiveStack } from '../stacks/log-archive-stack';
import { RegionGroupStack } from '../stacks/region-group-stack';
import { everyFeatureConfig, resourcesIn, SANDBOX, unescapeTerraform } from './helpers';

const ARCHIVE_ACCOUNT = '999999999999';
const model = modelFromData(everyFeatureConfig(ARCHIVE_ACCOUNT));
const account = model.accounts[0]!;
const common = { tags: model.tags, backend: model.backend };

/** Test-only transform of one entry: another name, and attributes merged over the planned ones. */
function renamed(entry: PlannedResource, name: string, attributes: Record<string, unknown> = {}): PlannedResource {
  return { ...entry, name, attributes: { ...entry.attributes, ...attributes } };
}

const PLAN_DOCUMENT: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'FromThePlan', Effect: 'Allow', Action: ['ssm:DescribeSessions'], Resource: ['*'] }],
};

describe('constructs follow the resource plan', () => {
  it('AccessPolicies: policy names, paths and documents, the instance role and profile, the DHMC role', () => {
    const plan = planAccount(model, account);
    expect(plan.instanceRole && plan.dhmcRole && plan.policies.length >= 3).toBeTruthy();
    const altered: AccountPlan = {
      ...plan,
      policies: plan.policies.map((p, i) => ({
        ...p,
        resource: renamed(p.resource, `PlanPolicy${i}`, { path: '/from-plan/' }),
        ...(i === 0 ? { document: PLAN_DOCUMENT } : {}),
      })),
      instanceRole: {
        role: renamed(plan.instanceRole!.role, 'PlanInstanceRole', { path: '/from-plan/' }),
        profile: renamed(plan.instanceRole!.profile, 'PlanInstanceProfile', { path: '/from-plan/' }),
      },
      dhmcRole: renamed(plan.dhmcRole!, 'PlanDhmcRole', { path: '/plan-service-role/' }),
    };
    const json = Testing.synth(new AccountGlobalStack(Testing.app(), plan.globalStack, { ...common, plan: altered }));

    const policies = resourcesIn(json, 'aws_iam_policy');
    expect(policies.map((p) => `${p.path}${p.name}`).sort()).toEqual(plan.policies.map((_, i) => `/from-plan/PlanPolicy${i}`).sort());
    expect(JSON.parse(unescapeTerraform(policies.find((p) => p.name === 'PlanPolicy0')!.policy))).toEqual(PLAN_DOCUMENT);
    expect(
      resourcesIn(json, 'aws_iam_role')
        .map((r) => `${r.path}${r.name}`)
        .sort(),
    ).toEqual(['/from-plan/PlanInstanceRole', '/plan-service-role/PlanDhmcRole']);
    expect(resourcesIn(json, 'aws_iam_instance_profile').map((p) => `${p.path}${p.name}`)).toEqual(['/from-plan/PlanInstanceProfile']);
  });

  it('LogArchiveStack: the bucket name, the key alias and the key description', () => {
    const archive = model.logArchive!;
    const plan = planArchiveRegion(archive, archive.buckets[0]!);
    const altered: ArchivePlan = {
      ...plan,
      key: { key: renamed(plan.key.key, plan.key.key.name, { description: 'Described by the plan' }), alias: renamed(plan.key.alias, 'alias/from-plan') },
      bucketResource: renamed(plan.bucketResource, 'bucket-from-plan'),
    };
    const json = Testing.synth(new LogArchiveStack(Testing.app(), plan.stack, { ...common, archive, plan: altered }));

    expect(resourcesIn(json, 'aws_s3_bucket').map((b) => b.bucket)).toEqual(['bucket-from-plan']);
    expect(resourcesIn(json, 'aws_kms_alias').map((a) => a.name)).toEqual(['alias/from-plan']);
    expect(resourcesIn(json, 'aws_kms_key').map((k) => k.description)).toEqual(['Described by the plan']);
  });

  it('the updater: function name, handler, timeout and memory, role and inline policy names, log group name and retention', () => {
    const plan = planRegion(
      model,
      account,
      account.activeRegions.find((r) => r.region === SANDBOX.region)!,
    );
    const { updater } = plan;
    expect(updater).toBeDefined();
    const altered: RegionPlan = {
      ...plan,
      updater: {
        function: renamed(updater!.function, 'updater-from-plan', { handler: 'plan.handler', timeoutSeconds: 42, memorySize: 256 }),
        role: renamed(updater!.role, 'updater-role-from-plan', { inlinePolicyNames: ['inline-from-plan'] }),
        logGroup: renamed(updater!.logGroup, '/aws/lambda/updater-from-plan', { retentionDays: 7 }),
      },
    };
    const json = Testing.synth(
      new RegionGroupStack(Testing.app(), plan.stack, { ...common, account, plans: [altered], lambdaBundleDir: join(__dirname, 'fixtures', 'updater-bundle') }),
    );

    expect(resourcesIn(json, 'aws_lambda_function').map((f) => [f.function_name, f.handler, f.timeout, f.memory_size])).toEqual([['updater-from-plan', 'plan.handler', 42, 256]]);
    expect(resourcesIn(json, 'aws_iam_role').map((r) => r.name)).toEqual(['updater-role-from-plan']);
    expect(resourcesIn(json, 'aws_iam_role_policy').map((p) => p.name)).toEqual(['inline-from-plan']);
    expect(resourcesIn(json, 'aws_cloudwatch_log_group').map((g) => [g.name, g.retention_in_days])).toContainEqual(['/aws/lambda/updater-from-plan', 7]);
  });
});
