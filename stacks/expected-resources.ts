/**
 * What the stacks would create, with the names they would use, for `npm run preflight`: built from
 * the same stacks as `cdktf synth` (addStacks, in memory), never from copies of the naming rules. Each
 * named resource whose name must be unused for its create to succeed is listed with its account,
 * Region, stack, Terraform address, whether an import block adopts it, and which configuration
 * switch would adopt it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformResource, TerraformStack, Token } from 'cdktf';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Model } from '../src/model/model';
import type { AdoptSwitch, ExpectedKind, ExpectedResource } from '../src/preflight/expected';
import { addStacks } from './app';
import { AccountGlobalStack } from './account-global-stack';
import { RegionGroupStack } from './region-group-stack';

const KIND_OF_TYPE: Readonly<Record<string, { kind: ExpectedKind; nameArg: string; global?: boolean }>> = {
  aws_ssm_document: { kind: 'document', nameArg: 'name' },
  aws_kms_alias: { kind: 'kmsAlias', nameArg: 'name' },
  aws_ssm_parameter: { kind: 'parameter', nameArg: 'name' },
  aws_cloudwatch_log_group: { kind: 'logGroup', nameArg: 'name' },
  aws_s3_bucket: { kind: 'bucket', nameArg: 'bucket' },
  aws_ssm_service_setting: { kind: 'serviceSetting', nameArg: 'setting_id' },
  aws_iam_policy: { kind: 'iamPolicy', nameArg: 'name', global: true },
  aws_iam_role: { kind: 'iamRole', nameArg: 'name', global: true },
  aws_iam_instance_profile: { kind: 'instanceProfile', nameArg: 'name', global: true },
};

/** The adoption switch of the resources RegionPreferences can adopt, keyed by construct. */
function adoptSwitches(stack: TerraformStack): Map<TerraformResource, { adoptSwitch: AdoptSwitch; preferencesDocument?: boolean }> {
  const switches = new Map<TerraformResource, { adoptSwitch: AdoptSwitch; preferencesDocument?: boolean }>();
  if (!(stack instanceof RegionGroupStack)) return switches;
  for (const region of stack.regions.values()) {
    if (region.preferencesDocument) switches.set(region.preferencesDocument.document, { adoptSwitch: 'adoptExisting', preferencesDocument: true });
    if (region.sessionKey) {
      switches.set(region.sessionKey.alias, { adoptSwitch: 'dataKeyAlias' });
      switches.set(region.sessionKey.keyIdParameter, { adoptSwitch: 'keyIdParameter' });
    }
    if (region.logsKey) switches.set(region.logsKey.alias, { adoptSwitch: 'logsKeyAlias' });
    if (region.logGroup) switches.set(region.logGroup.logGroup, { adoptSwitch: 'logGroup' });
    if (region.bucket) switches.set(region.bucket.bucket, { adoptSwitch: 'bucket' });
  }
  return switches;
}

function settingsOf(kind: ExpectedKind, config: Record<string, unknown>): Record<string, unknown> {
  switch (kind) {
    case 'logGroup':
      return { retentionDays: config.retention_in_days, encrypted: config.kms_key_id !== undefined };
    case 'serviceSetting':
      return { value: config.setting_value };
    case 'iamPolicy':
    case 'iamRole':
    case 'instanceProfile':
      return config.path !== undefined ? { path: config.path } : {};
    default:
      return {};
  }
}

/**
 * Every named resource of the given stacks (already built). Each resource is rendered on its own
 * (`toTerraform()`, the same arguments and import block the stack's JSON gets): rendering whole
 * stacks would resolve every policy of the organization only to read a few names.
 */
export function expectedInStacks(stacks: ReadonlyMap<string, TerraformStack>): ExpectedResource[] {
  const out: ExpectedResource[] = [];
  for (const [stackName, stack] of stacks) {
    const accountId = stack instanceof RegionGroupStack || stack instanceof AccountGlobalStack ? accountOf(stack) : undefined;
    if (accountId === undefined) continue;
    const switches = adoptSwitches(stack);
    for (const resource of stack.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource)) {
      const known = KIND_OF_TYPE[resource.terraformResourceType];
      if (known === undefined) continue;
      const rendered = resource.toTerraform() as {
        resource?: Record<string, Record<string, Record<string, unknown>>>;
        import?: { to: string }[];
      };
      const config = rendered.resource?.[resource.terraformResourceType]?.[resource.friendlyUniqueId];
      const name = config?.[known.nameArg];
      // A name only known at apply (a reference) cannot be looked up; none of the stacks' names is one today.
      if (config === undefined || typeof name !== 'string' || Token.isUnresolved(name)) continue;
      const region = (resource.provider as AwsProvider | undefined)?.region;
      if (region === undefined) continue;
      const address = `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
      const adopt = switches.get(resource);
      out.push({
        kind: known.kind,
        name,
        accountId,
        region,
        global: known.global === true,
        stack: stackName,
        address,
        imported: (rendered.import ?? []).some((i) => i.to === address),
        ...(adopt ? { adoptSwitch: adopt.adoptSwitch } : {}),
        ...(adopt?.preferencesDocument ? { preferencesDocument: true } : {}),
        settings: settingsOf(known.kind, config),
      });
    }
  }
  return out;
}

function accountOf(stack: RegionGroupStack | AccountGlobalStack): string | undefined {
  const provider = stack instanceof AccountGlobalStack ? stack.provider : [...stack.providers.values()][0];
  const ids = provider?.allowedAccountIds;
  return Array.isArray(ids) && typeof ids[0] === 'string' ? ids[0] : undefined;
}

/** Every named resource the stacks of `model` would create (the app is built in memory, nothing is written). */
export function expectedResources(model: Model): ExpectedResource[] {
  const outdir = mkdtempSync(join(tmpdir(), 'session-prefs-preflight-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    return expectedInStacks(addStacks(app, model));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
