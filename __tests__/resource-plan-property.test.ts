/**
 * Guards of the resource plan over random configurations (account groups with their own access,
 * the log archive, lambda mode, adoption, retired Regions, custom documents; a seeded generator,
 * so every run checks the same ones):
 * - the (Terraform resource type, name) of every resource the stacks synthesize, stack by stack,
 *   with the ones an import block adopts, is exactly what the plan lists;
 * - drift's expected values (documents, policies, roles with their trust, attached and inline
 *   policies, log groups, buckets with their ownership controls and Object Lock, the updater
 *   function, settings) are the synthesized values.
 */
import { modelFromData } from '../src/config/load';
import type { Model } from '../src/model/model';
import { DEFAULT_COMMERCIAL_REGIONS } from '../src/model/regions';
import { allResources, planResources, TERRAFORM_TYPE_OF, type PlannedResource, type ResourcePlan } from '../src/plan/resource-plan';
import { CREATED_KEY_PLACEHOLDER, expectedState, type ExpectedAccount, type ExpectedBucket, type ExpectedRegion } from '../src/drift/expected';
import { withoutRevision } from '../src/documents/build-session-document';
import { regionAlias } from '../src/model/regions';
import { synthModel, unescapeTerraform } from './helpers';
import { seededRandom } from './support/seeded-random';

function generator(seed: number) {
  const next = seededRandom(seed);
  const int = (max: number) => Math.floor(next() * max);
  const chance = (p: number) => next() < p;
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const some = <T>(items: readonly T[], min = 0): T[] => {
    const out = items.filter(() => chance(0.4));
    return out.length >= min ? out : items.slice(0, min);
  };
  const regionPool = DEFAULT_COMMERCIAL_REGIONS.slice(0, 6);
  const adoptable = ['dataKeyAlias', 'keyIdParameter', 'logsKeyAlias', 'logGroup', 'bucket'];
  return (): Record<string, unknown> => {
    const regions = some(regionPool, 1);
    const retired = regionPool.filter((r) => !regions.includes(r) && chance(0.2));
    const groups = {
      production: {
        preferences: { idleSessionTimeout: 5, ...(chance(0.5) ? { s3: { enabled: true } } : {}) },
        ...(chance(0.5) ? { customDocuments: [{ name: 'Prod-Shell', preferences: { maxSessionDuration: 60 } }] } : {}),
        ...(chance(0.6)
          ? {
              access: {
                policyNamePrefix: 'Prod',
                ssh: 'allow',
                instance: {
                  ...(chance(0.5) ? { createRole: true, roleName: 'ProdSessionInstance' } : {}),
                  ...(chance(0.5) ? { defaultHostManagement: { createRole: true, setServiceSetting: chance(0.7) } } : {}),
                },
              },
            }
          : {}),
      },
    };
    const accounts = Array.from({ length: 1 + int(3) }, (_, i) => ({
      id: `${i + 1}11111111111`.slice(0, 12),
      name: `acct${i}`,
      ...(chance(0.5) ? { group: 'production' } : {}),
      // adoptExisting applies to documentManagement terraform only (validation refuses it with lambda).
      ...pick([{ documentManagement: 'lambda' }, { adoptExisting: true }, {}, {}]),
      ...(chance(0.3) ? { adoptResources: some(adoptable) } : {}),
    }));
    return {
      version: 1,
      regions,
      ...(retired.length > 0 ? { retiredRegions: retired } : {}),
      accounts,
      accountGroups: groups,
      preferences: {
        sessionEncryption: chance(0.8) ? {} : { createKey: false, kmsKeyId: 'alias/existing' },
        cloudWatch: pick([{}, { createLogGroup: false, logGroupName: '/org/sessions' }, { encrypted: false }]),
        ...(chance(0.4) ? { s3: { enabled: true } } : {}),
      },
      customDocuments: Array.from({ length: int(3) }, (_, i) => ({
        name: `Custom-${i}`,
        preferences: chance(0.5) ? { cloudWatch: { logGroupName: `/custom/${i}` } } : { idleSessionTimeout: 10 + i },
      })),
      ...(chance(0.3)
        ? {
            logArchive: {
              accountId: '999999999999',
              ...(chance(0.5) && regions[0] !== 'us-east-1' ? { regions: [regions[0]] } : {}),
              ...(chance(0.5) ? { objectLock: { mode: 'GOVERNANCE', retentionDays: 30 } } : {}),
            },
          }
        : {}),
    };
  };
}

/** `stack|type|name|adopted` of every planned resource the stacks hold (a document the updater writes: its invocation). */
function fromPlan(model: Model): string[] {
  return allResources(planResources(model))
    .filter((r): r is PlannedResource & { stack: string } => r.disposition !== 'referenced' && r.stack !== undefined)
    .map((r) => {
      const { type, nameArg: name } = TERRAFORM_TYPE_OF[r.kind];
      if (r.disposition === 'lambda') return `${r.stack}|aws_lambda_invocation|${r.name}|`;
      // A service setting is addressed by its ARN (setting_id).
      const value = name === undefined ? '' : r.kind === 'serviceSetting' ? r.arn : r.name;
      return `${r.stack}|${type}|${value}|${r.disposition === 'adopted' ? 'adopted' : ''}`;
    })
    .sort();
}

/** The same from the synthesized JSON. */
function fromSynth(stacks: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  const known = new Map(Object.values(TERRAFORM_TYPE_OF).map((t) => [t.type, t.nameArg]));
  for (const [stack, text] of stacks) {
    const json = JSON.parse(text);
    const imported = new Set<string>((json.import ?? []).map((i: { to: string }) => i.to));
    for (const [type, resources] of Object.entries<Record<string, Record<string, unknown>>>(json.resource ?? {})) {
      for (const [id, resource] of Object.entries(resources)) {
        if (type === 'aws_lambda_invocation') out.push(`${stack}|${type}|${JSON.parse(resource.input as string).documentName}|`);
        if (!known.has(type)) continue;
        const nameArg = known.get(type);
        out.push(`${stack}|${type}|${nameArg === undefined ? '' : (resource[nameArg] as string)}|${imported.has(`${type}.${id}`) ? 'adopted' : ''}`);
      }
    }
  }
  return out.sort();
}

/** A log-archive Region of drift's expected state against its archive stack: the bucket, its policy and lifecycle, the key alias. */
function checkArchiveExpectations(accountId: string, region: ExpectedRegion, plan: ResourcePlan, stacks: ReadonlyMap<string, string>): void {
  const archivePlan = plan.archive.find((a) => a.bucketResource.accountId === accountId && a.bucketResource.region === region.region)!;
  const json = JSON.parse(stacks.get(archivePlan.stack)!);
  const all = (type: string) => Object.values<Record<string, unknown>>(json.resource?.[type] ?? {});
  expect(region.documents).toEqual([]);
  expect(all('aws_s3_bucket').map((b) => b.bucket)).toEqual(region.buckets.map((b) => b.name));
  const [bucket] = region.buckets;
  expect(JSON.parse(unescapeTerraform(all('aws_s3_bucket_policy')[0].policy as string))).toEqual(JSON.parse(JSON.stringify(bucket.policy)));
  const lifecycle = all('aws_s3_bucket_lifecycle_configuration')[0] as {
    rule: { expiration: { days?: number }[]; noncurrent_version_expiration?: { noncurrent_days: number }[] }[];
  };
  expect(lifecycle.rule[0].expiration[0].days).toBe(bucket.expirationDays);
  expect(lifecycle.rule[0].noncurrent_version_expiration?.[0].noncurrent_days).toBe(bucket.noncurrentVersionExpirationDays);
  expect(all('aws_kms_alias').map((a) => a.name)).toEqual([region.logsKeyAlias]);
  expect(bucket.kmsKeyAlias).toBe(region.logsKeyAlias);
  checkBucketControls(bucket, all);
}

/** Ownership controls and Object Lock of a created bucket (its stack holds one bucket in its Region). */
function checkBucketControls(bucket: ExpectedBucket, all: (type: string) => Record<string, unknown>[]): void {
  expect(all('aws_s3_bucket_ownership_controls').map((o) => (o.rule as { object_ownership: string }).object_ownership)).toEqual([bucket.objectOwnership]);
  const locks = all('aws_s3_bucket_object_lock_configuration').map((l) => (l.rule as { default_retention: { mode: string; days: number } }).default_retention);
  expect(locks).toEqual(bucket.objectLock ? [{ mode: bucket.objectLock.mode, days: bucket.objectLock.retentionDays }] : []);
  expect(all('aws_s3_bucket')[0].object_lock_enabled).toBe(bucket.objectLock ? true : undefined);
}

/** A synthesized value that may be a reference to a role's name or a policy's ARN, resolved against the stack's resources. */
function resolveIam(json: { resource?: Record<string, Record<string, Record<string, unknown>>> }, accountId: string, value: unknown): string {
  const ref = /^\$\{(aws_iam_role|aws_iam_policy)\.([^.]+)\.(name|arn)\}$/.exec(String(value));
  if (!ref) return String(value);
  const r = json.resource![ref[1]][ref[2]];
  return ref[3] === 'name' ? String(r.name) : `arn:aws:iam::${accountId}:policy${String(r.path ?? '/')}${String(r.name)}`;
}

/** Every role of the account as its stacks synthesize it (trust policy, attached managed policies, inline policies) against drift's expected roles. */
function checkRoles(account: ExpectedAccount, stackNames: readonly string[], stacks: ReadonlyMap<string, string>): void {
  const jsons = stackNames.map((name) => JSON.parse(stacks.get(name)!) as { resource?: Record<string, Record<string, Record<string, unknown>>> });
  const of = (type: string) => jsons.flatMap((json) => Object.values(json.resource?.[type] ?? {}).map((r) => ({ json, r })));
  const roles = of('aws_iam_role');
  expect(roles.map(({ r }) => r.name).sort()).toEqual(account.roles.map((r) => r.name).sort());
  for (const role of account.roles) {
    const synth = roles.find(({ r }) => r.name === role.name)!.r;
    expect(JSON.parse(unescapeTerraform(synth.assume_role_policy as string))).toEqual(JSON.parse(JSON.stringify(role.trustPolicy)));
    const attached = of('aws_iam_role_policy_attachment')
      .filter(({ json, r }) => resolveIam(json, account.accountId, r.role) === role.name)
      .map(({ json, r }) => resolveIam(json, account.accountId, r.policy_arn));
    expect([...role.managedPolicyArns].sort()).toEqual([...new Set(attached)].sort());
    const inline = of('aws_iam_role_policy')
      .filter(({ json, r }) => resolveIam(json, account.accountId, r.role) === role.name)
      .map(({ r }) => r.name);
    expect([...role.inlinePolicyNames].sort()).toEqual(inline.sort());
  }
}

/** Drift's expected values against the synthesized ones, for every kind drift compares. */
function checkDriftExpectations(model: Model, stacks: ReadonlyMap<string, string>): void {
  const plan = planResources(model);
  for (const account of expectedState(model).accounts) {
    // The log-archive account need not be a member: it has no account-wide stack then.
    const accountPlan = plan.accounts.find((a) => a.account.id === account.accountId);
    if (accountPlan) {
      const globalJson = JSON.parse(stacks.get(accountPlan.globalStack)!);
      const policies = Object.values<Record<string, string>>(globalJson.resource?.aws_iam_policy ?? {});
      expect(policies.map((p) => p.name).sort()).toEqual(account.policies.map((p) => p.name).sort());
      for (const p of account.policies) expect(JSON.parse(unescapeTerraform(policies.find((x) => x.name === p.name)!.policy))).toEqual(p.document);
      // Roles live in the account-wide stack (instance, DHMC) and in the Region stacks (the updater's).
      checkRoles(account, [...new Set([accountPlan.globalStack, ...accountPlan.regions.map((r) => r.stack)])], stacks);
    }

    for (const region of account.regions) {
      if (region.sharing === undefined) {
        checkArchiveExpectations(account.accountId, region, plan, stacks);
        continue;
      }
      const regionPlan = accountPlan!.regions.find((r) => r.region.region === region.region)!;
      const json = JSON.parse(stacks.get(regionPlan.stack)!);
      const provider = `aws.${regionAlias(region.region)}`;
      const inRegion = (type: string) => Object.values<Record<string, unknown>>(json.resource?.[type] ?? {}).filter((r) => r.provider === provider);
      const settings = inRegion('aws_ssm_service_setting');
      expect(region.sharing.settingId).toBe(regionPlan.sharingSetting.name);
      expect(settings.find((s) => s.setting_id === regionPlan.sharingSetting.arn)?.setting_value).toBe(region.sharing.value);
      if (regionPlan.dhmcSetting) expect(settings.find((s) => s.setting_id === regionPlan.dhmcSetting!.arn)?.setting_value).toBe(regionPlan.dhmcSetting.attributes.value);
      for (const group of region.logGroups) {
        const synthesized = inRegion('aws_cloudwatch_log_group').find((g) => g.name === group.name)!;
        expect(synthesized.retention_in_days).toBe(group.retentionDays);
        expect(synthesized.kms_key_id !== undefined).toBe(group.kmsKeyAlias !== undefined);
      }
      expect(inRegion('aws_s3_bucket').map((b) => b.bucket)).toEqual(region.buckets.map((b) => b.name));
      const bucketPolicies = inRegion('aws_s3_bucket_policy');
      const lifecycles = inRegion('aws_s3_bucket_lifecycle_configuration') as {
        rule: { expiration: { days?: number }[]; noncurrent_version_expiration?: { noncurrent_days: number }[] }[];
      }[];
      expect(bucketPolicies.length).toBe(region.buckets.length);
      for (const bucket of region.buckets) {
        checkBucketControls(bucket, inRegion);
        expect(JSON.parse(unescapeTerraform(bucketPolicies[0].policy as string))).toEqual(JSON.parse(JSON.stringify(bucket.policy)));
        expect(lifecycles[0].rule[0].expiration[0].days).toBe(bucket.expirationDays);
        expect(lifecycles[0].rule[0].noncurrent_version_expiration?.[0].noncurrent_days).toBe(bucket.noncurrentVersionExpirationDays);
      }
      if (region.lambdaFunction) {
        const [fn] = inRegion('aws_lambda_function');
        expect([fn.function_name, fn.runtime, fn.handler, fn.timeout, fn.memory_size]).toEqual([
          region.lambdaFunction.name,
          region.lambdaFunction.runtime,
          region.lambdaFunction.handler,
          region.lambdaFunction.timeoutSeconds,
          region.lambdaFunction.memorySize,
        ]);
      } else expect(inRegion('aws_lambda_function')).toEqual([]);
      const aliases = inRegion('aws_kms_alias').map((a) => a.name);
      expect(aliases.sort()).toEqual([...(region.createdKey ? [region.createdKey.alias] : []), ...(region.logsKeyAlias ? [region.logsKeyAlias] : [])].sort());
      const terraformDocs = inRegion('aws_ssm_document');
      const lambdaDocs = inRegion('aws_lambda_invocation').map((i) => JSON.parse(unescapeTerraform(i.input as string)) as { documentName: string; content: unknown });
      for (const doc of region.documents) {
        const content =
          doc.managedBy === 'lambda'
            ? lambdaDocs.find((d) => d.documentName === doc.name)!.content
            : unescapeTerraform(terraformDocs.find((d) => d.name === doc.name)!.content as string);
        const synthesized = typeof content === 'string' ? JSON.parse(content) : content;
        if (!('inputs' in doc.content)) {
          // A Port document has no inputs: it names no key or bucket, so it is compared whole.
          expect({ ...synthesized, description: withoutRevision(synthesized.description) }).toEqual(doc.content);
          continue;
        }
        const inputs = doc.content.inputs;
        if (inputs.kmsKeyId === CREATED_KEY_PLACEHOLDER) expect(synthesized.inputs.kmsKeyId).toMatch(/^\$\{aws_kms_key\..*\.key_id\}$/);
        if (region.buckets.length > 0 && inputs.s3BucketName === region.buckets[0].name) expect(synthesized.inputs.s3BucketName).toMatch(/^\$\{aws_s3_bucket\..*\.bucket\}$/);
        expect({
          ...synthesized,
          description: withoutRevision(synthesized.description),
          inputs: { ...synthesized.inputs, kmsKeyId: inputs.kmsKeyId, s3BucketName: inputs.s3BucketName },
        }).toEqual(doc.content);
      }
    }
  }
}

describe('property: the resource plan is what synthesizes, and what drift expects', () => {
  const CONFIGURATIONS = 24;
  const next = generator(21);
  const configs = Array.from({ length: CONFIGURATIONS }, () => next());

  it(`holds for ${CONFIGURATIONS} random configurations (seed 21)`, () => {
    const seen = { lambda: 0, archive: 0, objectLock: 0, adopted: 0, retired: 0, groupAccess: 0, createdRoles: 0 };
    for (const config of configs) {
      const model = modelFromData(config, 'random', process.cwd(), {});
      const stacks = synthModel(model);
      expect(fromSynth(stacks)).toEqual(fromPlan(model));
      checkDriftExpectations(model, stacks);
      const all = allResources(planResources(model));
      if (all.some((r) => r.disposition === 'lambda')) seen.lambda++;
      if (model.logArchive) seen.archive++;
      if (model.logArchive?.objectLock) seen.objectLock++;
      if (all.some((r) => r.kind === 'iamRole' && r.path !== undefined)) seen.createdRoles++;
      if (all.some((r) => r.disposition === 'adopted')) seen.adopted++;
      if (model.accounts.some((a) => a.retiredRegions.length > 0)) seen.retired++;
      if (model.accounts.some((a) => a.accessPath !== 'access')) seen.groupAccess++;
    }
    // Every feature the generator varies was exercised.
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(0);
  });
});
