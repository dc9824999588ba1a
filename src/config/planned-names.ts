/**
 * Every AWS (and HCP Terraform) name the app will create for a model, computed with the same
 * functions the constructs use (src/model/resource-names.ts, the policy builders, the stack
 * plan). Each name carries where it is unique and the configuration field it comes from, so a
 * broken rule or a collision can be reported at that field. __tests__/aws-names.test.ts checks
 * that this list equals the names found in the synthesized Terraform.
 */
import type { NameKind } from '../model/aws-names';
import {
  ACCESS_IAM_PATH,
  KEY_ID_PARAMETER_NAME,
  LOGS_KEY_ALIAS,
  UPDATER_FUNCTION_NAME,
  accessPolicyName,
  archiveStackNameOf,
  createdBucketName,
  updaterLogGroupName,
  updaterRoleName,
  workspaceName,
} from '../model/resource-names';
import { instancePolicyParts } from '../policies/iam-instance';
import { userPolicyParts } from '../policies/iam-user';
import { documentPolicySettings } from '../policies/access-set';
import { PREFERENCES_DOCUMENT_NAME, type AccountModel, type Model } from '../model/model';
import { partitionOf } from '../model/regions';
import { planStacks } from '../model/stack-plan';

/** One name the app creates. */
export interface PlannedName {
  readonly kind: NameKind;
  readonly name: string;
  /** Account name and ID; absent for names of the backend. */
  readonly account?: { readonly name: string; readonly id: string; readonly index: number };
  /** Region of a Regional resource; absent for account-wide (IAM) and backend names. */
  readonly region?: string;
  /** ARN partition the name lives in. */
  readonly partition?: string;
  /** The configuration field the name comes from; absent for names the project fixes. */
  readonly path?: string;
  /** What carries the name, for messages ("the alias of the log encryption key"). */
  readonly what: string;
}

function policyPartCount(build: () => readonly unknown[]): number {
  try {
    return build().length;
  } catch {
    // The policy builders judge their own input at synth; one part is enough to check the name.
    return 1;
  }
}

function accountNames(model: Model, account: AccountModel, index: number): PlannedName[] {
  const names: PlannedName[] = [];
  const at = { name: account.name, id: account.id, index };
  const active = account.regions.filter((r) => !r.retired);
  const partition = partitionOf(account.homeRegion);
  const global = (kind: NameKind, name: string, what: string, path?: string) => names.push({ kind, name, account: at, partition, what, ...(path !== undefined ? { path } : {}) });

  for (const region of active) {
    const p = region.preferences;
    const add = (kind: NameKind, name: string, what: string, path?: string) =>
      names.push({ kind, name, account: at, region: region.region, partition: region.partition, what, ...(path !== undefined ? { path } : {}) });
    const createLogGroup = p.cloudWatch.enabled && p.cloudWatch.create;
    const createBucket = p.s3.enabled && p.s3.bucket.mode === 'create';
    const useLambda = region.documentManagement === 'lambda';
    if (p.sessionKey.mode === 'create') {
      add('kmsAlias', p.sessionKey.alias, 'the session-data key', 'preferences.sessionEncryption.alias');
      add('ssmParameter', KEY_ID_PARAMETER_NAME, 'the parameter with the session-data key ID');
    }
    if ((createLogGroup && p.cloudWatch.encrypted) || useLambda || createBucket) {
      add('kmsAlias', LOGS_KEY_ALIAS, 'the log encryption key');
    }
    if (p.cloudWatch.enabled && p.cloudWatch.create) {
      add('logGroup', p.cloudWatch.logGroupName, 'the session log group', 'preferences.cloudWatch.logGroupName');
    }
    if (p.s3.enabled && p.s3.bucket.mode === 'create') {
      add('s3Bucket', createdBucketName(p.s3.bucket.namePrefix, account.id, region.region), 'the session log bucket', 'preferences.s3.bucketNamePrefix');
    }
    if (useLambda) {
      add('logGroup', updaterLogGroupName(), "the updater Lambda's own log group (documentManagement: lambda)");
      add('lambdaFunction', UPDATER_FUNCTION_NAME, 'the updater Lambda (documentManagement: lambda)');
      global('iamRole', updaterRoleName(region.region), `the updater Lambda in ${region.region}`);
    }
    add('ssmDocument', PREFERENCES_DOCUMENT_NAME, 'the preferences document Session Manager reads');
    region.customDocuments.forEach((doc, i) => add('ssmDocument', doc.name, `customDocuments[${i}]`, `customDocuments[${i}].name`));
  }

  // The account's group's access when the group overrides it (as the stacks use it), else the top-level one.
  const access = account.access ?? model.access;
  const accessPath = account.access && account.group !== undefined ? `accountGroups.${account.group}.access` : 'access';
  const managed = { ...account, regions: active };
  if (access.instance.createPolicy || access.user.createPolicy || access.instance.role.create) {
    global('iamPath', ACCESS_IAM_PATH, 'the access policies');
  }
  if (access.instance.createPolicy) {
    const parts = policyPartCount(() => instancePolicyParts(managed, access.instance.bucketKmsKeys, LOGS_KEY_ALIAS));
    for (let i = 0; i < parts; i++) global('iamPolicy', accessPolicyName(access.policyNamePrefix, 'Instance', i), 'the instance access policy', `${accessPath}.policyNamePrefix`);
  }
  if (access.user.createPolicy) {
    const settings = {
      ssh: access.ssh,
      portForwarding: access.portForwarding,
      ...(access.user.targetTag ? { targetTag: access.user.targetTag } : {}),
      ...(access.user.documents ? { documents: access.user.documents } : {}),
    };
    const parts = policyPartCount(() => userPolicyParts(managed, settings));
    for (let i = 0; i < parts; i++) global('iamPolicy', accessPolicyName(access.policyNamePrefix, 'User', i), 'the user access policy', `${accessPath}.policyNamePrefix`);
  }
  access.documentPolicies.forEach((p, i) => {
    const settings = documentPolicySettings(access, p);
    const parts = policyPartCount(() => userPolicyParts(managed, settings));
    for (let n = 0; n < parts; n++)
      global('iamPolicy', accessPolicyName(access.policyNamePrefix, p.name, n), `the document policy access.documentPolicies[${i}]`, `${accessPath}.documentPolicies[${i}].name`);
  });
  const dhmc = access.instance.defaultHostManagement;
  if (dhmc.createRole) global('iamRole', dhmc.roleName, 'the DHMC role (access.instance.defaultHostManagement)', `${accessPath}.instance.defaultHostManagement.roleName`);
  if (access.instance.role.create) {
    global('iamRole', access.instance.role.name, 'the EC2 instance role (access.instance.createRole)', `${accessPath}.instance.roleName`);
    global('iamInstanceProfile', access.instance.role.name, 'the instance profile (access.instance.createRole)', `${accessPath}.instance.roleName`);
  }
  return names;
}

/** The central log archive's buckets and keys (stacks/log-archive-stack.ts), in the archive account. */
function archiveNames(model: Model): PlannedName[] {
  const archive = model.logArchive;
  if (archive === undefined) return [];
  // The archive account may also be a member: then its names share that member's scope.
  const member = model.accounts.findIndex((a) => a.id === archive.accountId);
  const account = { name: archive.name, id: archive.accountId, index: member >= 0 ? member : -1 };
  const prefix = model.backend.type === 'cloud' ? model.backend.workspacePrefix : undefined;
  return archive.buckets.flatMap((bucket): PlannedName[] => [
    ...(prefix !== undefined
      ? [
          {
            kind: 'tfcWorkspace' as const,
            name: workspaceName(prefix, archiveStackNameOf(archive.name, bucket.region)),
            what: `the workspace of the log archive stack in ${bucket.region}`,
            path: 'logArchive.name',
          },
        ]
      : []),
    { kind: 's3Bucket', name: bucket.name, account, region: bucket.region, partition: archive.partition, what: 'the log archive bucket', path: 'logArchive.bucketNamePrefix' },
    { kind: 'kmsAlias', name: archive.keyAlias, account, region: bucket.region, partition: archive.partition, what: 'the log archive key', path: 'logArchive.keyAlias' },
  ]);
}

/** Every name the app creates for `model`. */
export function plannedNames(model: Model): PlannedName[] {
  const names = [...model.accounts.flatMap((account, index) => accountNames(model, account, index)), ...archiveNames(model)];
  if (model.backend.type === 'cloud') {
    const prefix = model.backend.workspacePrefix;
    for (const stack of planStacks(model)) {
      names.push({ kind: 'tfcWorkspace', name: workspaceName(prefix, stack.name), what: `the workspace of the stack ${stack.name}`, path: 'backend.workspacePrefix' });
    }
  }
  return names;
}
