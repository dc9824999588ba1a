/**
 * What the protection SCP (src/policies/scp.ts) covers, read from the resource plan: the aliases
 * the access policies trust, the documents, the session log groups and buckets, the DHMC setting,
 * and who deploys. Every account's own access counts (an account group's bucket keys and DHMC
 * setting included); retired Regions do not.
 */
import type { Model } from '../model/model';
import type { ProtectedResources } from '../policies/scp';
import { planResources, type RegionPlan } from './resource-plan';

/** The alias in a key reference (`alias/x` or an alias ARN), if it is one. */
function aliasOf(ref: string): string[] {
  const m = /(alias\/.+)$/.exec(ref);
  return m ? [m[1]] : [];
}

/** Aliases one Region's documents and policies trust: its created keys and the existing keys its documents name. */
function regionAliases(plan: RegionPlan): string[] {
  // The instance policy trusts the log key for the created bucket and an encrypted created log group (not for the updater's own logs).
  const logsTrusted = plan.logsKey !== undefined && (plan.bucket !== undefined || plan.logGroup?.attributes.kmsKeyAlias !== undefined);
  return [
    ...(plan.sessionKey ? [plan.sessionKey.alias.name] : []),
    ...plan.referenced.filter((r) => r.kind === 'kmsKey').flatMap((r) => aliasOf(r.name)),
    ...(logsTrusted && plan.logsKey ? [plan.logsKey.alias.name] : []),
  ];
}

/** Everything the SCP protects for `model`. */
export function protectedResources(model: Model): ProtectedResources {
  const plan = planResources(model);
  const regions = plan.accounts.flatMap((a) => a.regions);
  const named = (kind: string) => regions.flatMap((r) => r.referenced.filter((x) => x.kind === kind).map((x) => x.name));
  return {
    partition: model.accounts[0]?.regions[0]?.partition ?? 'aws',
    aliases: [...regions.flatMap(regionAliases), ...model.accounts.flatMap((a) => a.access.instance.bucketKmsKeys.flatMap(aliasOf))],
    documents: regions.flatMap((r) => [r.preferencesDocument.resource.name, ...r.customDocuments.map((d) => d.resource.name)]),
    logGroups: [...regions.flatMap((r) => (r.logGroup ? [r.logGroup.name] : [])), ...named('logGroup')],
    buckets: [...regions.flatMap((r) => (r.bucket ? [r.bucket.namePattern ?? r.bucket.name] : [])), ...named('s3Bucket')],
    dhmcSetting: regions.some((r) => r.dhmcSetting !== undefined),
    deployRoleArns: model.accounts.flatMap((a) => (a.assumeRoleArn ? [a.assumeRoleArn] : [])),
    updater: regions.some((r) => r.updater !== undefined),
    bootstrapRoles: { deployer: model.bootstrap.deployerRoleName, plan: model.bootstrap.planRoleName, read: model.bootstrap.readRoleName },
  };
}
