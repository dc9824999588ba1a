/**
 * The read-only checks: for each expected resource of one account and Region (or the account-wide
 * IAM names), ask AWS whether the name is taken and turn the answer into a finding that says what
 * the apply would do and what to change. Describe/Get/List/Head calls only.
 */
import type { Policy } from '@aws-sdk/client-iam';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import {
  errorName,
  httpStatus,
  listLocalPolicies,
  readBucketHead,
  readBucketTags,
  readDocument,
  readIamTags,
  readInstanceProfile,
  readKey,
  readKeyTags,
  readLogGroup,
  readLogGroupTags,
  getFunction,
  readParameter,
  readRole,
  readServiceSetting,
  readSsmTags,
  throwingReads,
  type ReadContext,
  type Tags,
} from '../aws/readers';
import type { Task, TaskContext } from '../aws/runner';
import type { AdoptableResource } from '../model/model';
import { DHMC_SETTING } from '../model/service-settings';
import type { ExpectedResource } from './expected';
import type { ConfigFix, Finding } from './findings';
import { NO_OWNERSHIP, ownFinding, type Ownership } from './ownership';

/** The shared readers' context of a task: not found is null, any other error fails the task (through the runner's retries). */
function reads(ctx: TaskContext): ReadContext {
  return throwingReads((request) => ctx.call(request));
}

/** Tags, or undefined when the resource has none to read (not found). */
const tagsOrNone = async (read: Promise<Tags | null | undefined>): Promise<Tags | undefined> => (await read) ?? undefined;

function where(e: ExpectedResource, ctx: TaskContext): string {
  return e.global ? `account ${ctx.account.name} (${ctx.account.id})` : `${ctx.account.name}/${e.region}`;
}

function base(e: ExpectedResource): Pick<Finding, 'kind' | 'name' | 'stack' | 'address'> {
  return { kind: e.kind, name: e.name, stack: e.stack, address: e.address };
}

function fixFor(e: ExpectedResource, ctx: TaskContext, adopt: boolean): ConfigFix | undefined {
  if (e.adoptSwitch === undefined) return undefined;
  if (e.adoptSwitch === 'adoptExisting') return { accountId: ctx.account.id, region: e.region, adoptExisting: adopt };
  return adopt ? { accountId: ctx.account.id, region: e.region, adopt: e.adoptSwitch } : { accountId: ctx.account.id, region: e.region, unadopt: e.adoptSwitch };
}

function switchText(e: ExpectedResource): string {
  return e.adoptSwitch === 'adoptExisting' ? 'adoptExisting: true' : `adoptResources: [${e.adoptSwitch as AdoptableResource}]`;
}

/** An import block that names nothing: the plan fails ("Cannot import non-existent remote object"). */
function missingImport(e: ExpectedResource, ctx: TaskContext): Finding[] {
  if (!e.imported) return [];
  const fix = fixFor(e, ctx, false);
  return [
    {
      ...base(e),
      severity: 'blocking',
      state: 'missing',
      existing: {},
      atApply: `the plan fails: the import block for ${e.address} names ${e.name}, which does not exist ("Cannot import non-existent remote object")`,
      action: e.adoptSwitch === 'adoptExisting' ? `set adoptExisting: false for ${where(e, ctx)}` : `remove ${e.adoptSwitch ?? 'it'} from adoptResources for ${where(e, ctx)}`,
      ...(fix ? { fix } : {}),
    },
  ];
}

/** The name is taken by a stranger and nothing adopts this kind here (the log archive's key alias and bucket): rename or delete. */
function notAdoptable(e: ExpectedResource, ctx: TaskContext, existing: Record<string, unknown>, failure: string): Finding[] {
  return [
    {
      ...base(e),
      severity: 'blocking',
      state: 'exists',
      existing,
      atApply: failure,
      action: `choose another ${e.namePath ?? 'name'}, or delete the existing ${e.name} in ${where(e, ctx)} after review (it is not adopted)`,
    },
  ];
}

/** The name is taken and the project can adopt it. */
function adoptable(
  e: ExpectedResource,
  ctx: TaskContext,
  existing: Record<string, unknown>,
  failure: string,
  adoptedText: string,
  alternatives: string[] = [],
  importedSeverity: Finding['severity'] = 'info',
): Finding[] {
  if (e.imported)
    return [
      { ...base(e), severity: importedSeverity, state: 'exists', existing, atApply: adoptedText, action: importedSeverity === 'info' ? 'nothing' : 'review: ' + adoptedText },
    ];
  const fix = fixFor(e, ctx, true);
  return [
    {
      ...base(e),
      severity: 'blocking',
      state: 'exists',
      existing,
      atApply: failure,
      action: [`set ${switchText(e)} for ${where(e, ctx)} (then: ${adoptedText})`, ...alternatives].join('; or '),
      ...(fix ? { fix } : {}),
    },
  ];
}

function inputsSummary(content: string | undefined): Record<string, unknown> | undefined {
  if (content === undefined) return undefined;
  try {
    const parsed = JSON.parse(content) as { inputs?: Record<string, unknown> };
    return parsed.inputs ?? {};
  } catch {
    return undefined;
  }
}

async function checkDocument(ctx: TaskContext, e: ExpectedResource, own: Ownership): Promise<Finding[]> {
  const doc = await readDocument(ctx.clients.ssm, e.name, reads(ctx), { latest: false });
  if (!doc) return missingImport(e, ctx);
  const defaultVersion = doc.defaultVersion || undefined;
  const latestVersion = doc.latestVersion || undefined;
  const existing = {
    documentType: doc.documentType,
    owner: doc.owner,
    defaultVersion,
    latestVersion,
    ...(doc.created ? { created: doc.created.toISOString() } : {}),
    inputs: inputsSummary(doc.default?.content),
  };
  const mine = await ownFinding(e, own, existing, () => tagsOrNone(readSsmTags(ctx.clients.ssm, 'Document', e.name, reads(ctx))));
  if (mine) return [mine];
  if (!e.preferencesDocument) {
    return [
      {
        ...base(e),
        severity: 'blocking',
        state: 'exists',
        existing,
        atApply: 'CreateDocument fails with DocumentAlreadyExists, after the rest of the stack was created',
        action: `rename the custom document in customDocuments, or delete the existing ${e.name} in ${where(e, ctx)} after review (custom documents are not adopted)`,
      },
    ];
  }
  if (defaultVersion !== undefined && latestVersion !== undefined && defaultVersion !== latestVersion) {
    // The AWS provider updates an adopted document at its default version; SSM updates only the
    // latest version (InvalidDocumentVersion). Seen on the emulator, as documented for UpdateDocument.
    const fix = e.imported ? undefined : fixFor(e, ctx, true);
    return [
      {
        ...base(e),
        severity: 'blocking',
        state: 'exists',
        existing,
        atApply:
          `${e.imported ? '' : 'CreateDocument fails with DocumentAlreadyExists; and even adopted, '}` +
          `the update fails with InvalidDocumentVersion: its default version ${defaultVersion} is not the latest (${latestVersion}), the AWS provider updates the default version and SSM updates only the latest`,
        action:
          `check version ${latestVersion}, make it the default (aws ssm update-document-default-version --name ${e.name} --document-version ${latestVersion} --region ${e.region}), ` +
          `then ${e.imported ? 'apply' : `set adoptExisting: true for ${where(e, ctx)}`}; or set documentManagement: lambda for ${where(e, ctx)} (the updater makes its new version the default)`,
        ...(fix ? { fix, fixIsPartial: true } : {}),
      },
    ];
  }
  return adoptable(
    e,
    ctx,
    existing,
    'CreateDocument fails with DocumentAlreadyExists, after the rest of the stack was created',
    'it is imported and updated to the configured content, which becomes its default version (earlier versions stay)',
    [`set documentManagement: lambda for ${where(e, ctx)} (the updater takes it over and restores it on destroy)`],
  );
}

async function checkAlias(ctx: TaskContext, e: ExpectedResource, own: Ownership): Promise<Finding[]> {
  const read = await readKey(ctx.clients.kms, e.name, reads(ctx));
  const key = read?.metadata;
  if (key === undefined) return missingImport(e, ctx);
  const existing = { targetKeyId: key.KeyId, keyState: key.KeyState, keyManager: key.KeyManager, ...(key.DeletionDate ? { deletionDate: key.DeletionDate.toISOString() } : {}) };
  const mine = await ownFinding(e, own, existing, () => (key.KeyId ? tagsOrNone(readKeyTags(ctx.clients.kms, key.KeyId, reads(ctx))) : Promise.resolve(undefined)));
  if (mine) return [mine];
  const state = describeKeyState(key);
  if (e.adoptSwitch === undefined && !e.imported)
    return notAdoptable(e, ctx, existing, `CreateAlias fails with AlreadyExistsException (the alias points at key ${key.KeyId}, ${describeKeyState(key)})`);
  const alternatives =
    e.adoptSwitch === 'dataKeyAlias' && key.KeyState === 'Enabled'
      ? [`use that key instead of creating one: preferences.sessionEncryption: { createKey: false, kmsKeyId: ${e.name} }`, 'choose another preferences.sessionEncryption.alias']
      : [];
  return adoptable(
    e,
    ctx,
    existing,
    `CreateAlias fails with AlreadyExistsException (the alias points at key ${key.KeyId}, ${state})`,
    `the alias is imported and re-pointed at the key the stack creates; key ${key.KeyId} (${state}) is left as it is`,
    alternatives,
    key.KeyState === 'Enabled' ? 'warning' : 'info',
  );
}

function describeKeyState(key: KeyMetadata): string {
  if (key.KeyState === 'PendingDeletion') return `pending deletion${key.DeletionDate ? ` on ${key.DeletionDate.toISOString().slice(0, 10)}` : ''}`;
  return (key.KeyState ?? 'unknown state').toLowerCase();
}

async function checkParameter(ctx: TaskContext, e: ExpectedResource, own: Ownership): Promise<Finding[]> {
  const parameter = await readParameter(ctx.clients.ssm, e.name, reads(ctx));
  if (!parameter) return missingImport(e, ctx);
  const existing = { value: parameter.Value, type: parameter.Type, version: parameter.Version };
  const mine = await ownFinding(e, own, existing, () => tagsOrNone(readSsmTags(ctx.clients.ssm, 'Parameter', e.name, reads(ctx))));
  if (mine) return [mine];
  return adoptable(e, ctx, existing, 'PutParameter fails with ParameterAlreadyExists', "the parameter is imported and its value overwritten with the created key's ID");
}

async function checkLogGroup(ctx: TaskContext, e: ExpectedResource, own: Ownership): Promise<Finding[]> {
  const group = await readLogGroup(ctx.clients.logs, e.name, reads(ctx));
  if (!group) return missingImport(e, ctx);
  const existing = { retentionInDays: group.retentionInDays ?? 'never expire', kmsKeyId: group.kmsKeyId ?? 'none' };
  const arn = group.arn;
  const mine = await ownFinding(e, own, existing, () => (arn ? tagsOrNone(readLogGroupTags(ctx.clients.logs, arn, reads(ctx))) : Promise.resolve(undefined)));
  if (mine) return [mine];
  const wanted = e.settings.retentionDays;
  const changes = [
    ...(wanted !== undefined && group.retentionInDays !== wanted ? [`retention ${group.retentionInDays ?? 'never expire'} → ${String(wanted)} days`] : []),
    ...(e.settings.encrypted === true
      ? [group.kmsKeyId ? 'its key replaced by the created logs key (earlier events stay readable with the old key)' : 'encrypted with the created logs key from now on']
      : []),
  ];
  if (e.adoptSwitch === undefined) {
    return [
      {
        ...base(e),
        severity: 'blocking',
        state: 'exists',
        existing,
        atApply: 'CreateLogGroup fails with ResourceAlreadyExistsException',
        action: `delete the log group in ${where(e, ctx)} after review, or import it by hand (terraform import ${e.address} ${e.name} in the ${e.stack} stack)`,
      },
    ];
  }
  return adoptable(
    e,
    ctx,
    existing,
    'CreateLogGroup fails with ResourceAlreadyExistsException',
    `the log group is imported and kept (skip_destroy, prevent_destroy)${changes.length > 0 ? `: ${changes.join('; ')}` : ''}`,
    ['set preferences.cloudWatch.createLogGroup: false to log to it as an existing group (in every Region)'],
  );
}

async function checkBucket(ctx: TaskContext, e: ExpectedResource, own: Ownership): Promise<Finding[]> {
  let head: { BucketRegion?: string } | undefined;
  let state: 'owned' | 'foreign' | 'missing';
  try {
    head = (await readBucketHead(ctx.clients.s3, e.name, reads(ctx), ctx.account.id)) ?? undefined;
    state = head ? 'owned' : 'missing';
  } catch (error) {
    // With ExpectedBucketOwner, another account's bucket answers 403.
    if (httpStatus(error) === 403 || errorName(error) === 'Forbidden') state = 'foreign';
    else throw error;
  }
  if (state === 'missing') return missingImport(e, ctx);
  const fixPrefix =
    e.namePath !== undefined && e.namePath !== 'preferences.s3.bucketNamePrefix'
      ? `choose another ${e.namePath} (bucket names are global)`
      : 'choose another preferences.s3.bucketNamePrefix (bucket names are global), or set preferences.s3.createBucket: false with bucketName';
  if (state === 'foreign') {
    const unfix = e.imported ? fixFor(e, ctx, false) : undefined;
    return [
      {
        ...base(e),
        severity: 'blocking',
        state: 'foreign',
        existing: { owner: 'another account (or this account without access)' },
        atApply: e.imported ? "the import fails: the bucket is not this account's" : 'CreateBucket fails with BucketAlreadyExists: the name belongs to another account',
        action: e.imported ? `remove bucket from adoptResources for ${where(e, ctx)}, and ${fixPrefix}` : fixPrefix,
        ...(unfix ? { fix: unfix } : {}),
      },
    ];
  }
  const bucketRegion = head?.BucketRegion;
  if (bucketRegion !== undefined && bucketRegion !== e.region) {
    return [
      {
        ...base(e),
        severity: 'blocking',
        state: 'exists',
        existing: { owner: 'this account', region: bucketRegion },
        atApply: `CreateBucket fails (BucketAlreadyOwnedByYou): this account owns the name in ${bucketRegion}, not ${e.region}`,
        action: fixPrefix,
      },
    ];
  }
  const existing = { owner: 'this account', region: bucketRegion ?? e.region };
  const mine = await ownFinding(e, own, existing, () => readBucketTags(ctx.clients.s3, e.name, reads(ctx), ctx.account.id));
  if (mine) return [mine];
  if (e.adoptSwitch === undefined && !e.imported) return notAdoptable(e, ctx, existing, 'CreateBucket fails with BucketAlreadyOwnedByYou');
  return adoptable(
    e,
    ctx,
    existing,
    'CreateBucket fails with BucketAlreadyOwnedByYou',
    'the bucket is imported and kept (force_destroy false, prevent_destroy); its encryption, versioning, public access block, ownership, lifecycle rules and bucket policy are replaced by the configured ones; its objects stay',
  );
}

/**
 * What the apply does to a service setting, in the words of that setting: public sharing of
 * documents, or the DHMC role. `read` is the setting as GetServiceSetting answered, undefined when
 * it could not be read.
 */
function settingChange(e: ExpectedResource, read?: { SettingValue?: string; Status?: string }): { atApply: string; action: string } {
  const to = String(e.settings.value);
  const dhmc = e.name.endsWith(DHMC_SETTING);
  if (read === undefined)
    return {
      atApply: dhmc
        ? `UpdateServiceSetting points Default Host Management Configuration at ${to} whatever it is now`
        : `UpdateServiceSetting sets it to ${to} (public sharing blocked) whatever it is now`,
      action: 'nothing (the setting could not be read; the apply does not depend on it)',
    };
  const was = `${read.SettingValue ?? 'unknown'} (${read.Status ?? 'unknown'})`;
  return dhmc
    ? {
        atApply: `Default Host Management Configuration goes from ${was} to ${to}: managed nodes without an instance profile are managed through that role from then on`,
        action: 'nothing (the setting is updated in place), unless another team manages Default Host Management Configuration in this Region',
      }
    : {
        atApply: `public sharing of SSM documents goes from ${was} to ${to}: documents shared publicly today can no longer be shared`,
        action: 'nothing (the setting is updated in place), unless this Region must keep sharing documents publicly',
      };
}

async function checkServiceSetting(ctx: TaskContext, e: ExpectedResource): Promise<Finding[]> {
  let setting: { SettingValue?: string; Status?: string } | undefined;
  try {
    // Few attempts: some emulators do not know the API, and the apply does not depend on the answer.
    setting =
      (await readServiceSetting(
        ctx.clients.ssm,
        e.name,
        throwingReads((request) => ctx.call(request, { maxAttempts: 2 })),
      )) ?? undefined;
  } catch (error) {
    return [
      {
        ...base(e),
        severity: 'warning',
        state: 'unreadable',
        existing: { error: `${errorName(error)}: ${String((error as Error).message).split('\n')[0]}` },
        ...settingChange(e),
      },
    ];
  }
  if (setting?.SettingValue === e.settings.value) return [];
  return [
    {
      ...base(e),
      severity: 'info',
      state: 'exists',
      existing: { value: setting?.SettingValue, status: setting?.Status },
      ...settingChange(e, setting ?? {}),
    },
  ];
}

/** The tags of an IAM policy (by ARN), role or instance profile. */
async function iamTags(ctx: TaskContext, e: ExpectedResource, arn?: string): Promise<Tags | undefined> {
  if (e.kind === 'iamPolicy') return arn === undefined ? undefined : tagsOrNone(readIamTags(ctx.clients.iam, 'policy', arn, reads(ctx)));
  return tagsOrNone(readIamTags(ctx.clients.iam, e.kind === 'iamRole' ? 'role' : 'instanceProfile', e.name, reads(ctx)));
}

function iamTaken(e: ExpectedResource, existing: Record<string, unknown>, rename: string): Finding {
  const byThisProject = existing.path === e.settings.path;
  return {
    ...base(e),
    severity: 'blocking',
    state: 'exists',
    existing,
    atApply: 'the create fails with EntityAlreadyExists (IAM names are unique in an account, whatever the path)',
    action: `${rename}, or delete the existing one after review${byThisProject ? ` (its path ${String(e.settings.path)} suggests an earlier deployment of this project whose state is lost: then terraform import ${e.address} in the ${e.stack} stack)` : ''}; IAM names are not adopted (docs/preflight.md)`,
  };
}

/** The updater function (documentManagement: lambda): its name is fixed, so one that exists is ours (state or tag) or a conflict. */
async function checkFunction(ctx: TaskContext, e: ExpectedResource, own: Ownership): Promise<Finding[]> {
  const read = await getFunction(ctx.clients.lambda, e.name, reads(ctx));
  if (!read) return [];
  const c = read.configuration;
  const existing = { arn: c.FunctionArn, runtime: c.Runtime, role: c.Role, lastModified: c.LastModified };
  const mine = await ownFinding(e, own, existing, () => Promise.resolve(read.tags));
  if (mine) return [mine];
  return [
    {
      ...base(e),
      severity: 'blocking',
      state: 'exists',
      existing,
      atApply: 'CreateFunction fails with ResourceConflictException (Function already exist): the updater has a fixed name, which is not adopted',
      action: `delete the existing function ${e.name} in ${where(e, ctx)} after review (a leftover of another deployment?), or leave documentManagement: lambda off for that Region`,
    },
  ];
}

/** The checks of one Region of one account. */
export function regionTask(expected: readonly ExpectedResource[], own: Ownership = NO_OWNERSHIP): Task<Finding> {
  return async (ctx) => {
    const mine = expected.filter((e) => !e.global && e.accountId === ctx.account.id && e.region === ctx.region);
    const found: Finding[] = [];
    for (const e of mine) {
      switch (e.kind) {
        case 'document':
          found.push(...(await checkDocument(ctx, e, own)));
          break;
        case 'kmsAlias':
          found.push(...(await checkAlias(ctx, e, own)));
          break;
        case 'parameter':
          found.push(...(await checkParameter(ctx, e, own)));
          break;
        case 'logGroup':
          found.push(...(await checkLogGroup(ctx, e, own)));
          break;
        case 'bucket':
          found.push(...(await checkBucket(ctx, e, own)));
          break;
        case 'serviceSetting':
          found.push(...(await checkServiceSetting(ctx, e)));
          break;
        case 'lambdaFunction':
          found.push(...(await checkFunction(ctx, e, own)));
          break;
        default:
          break;
      }
    }
    return found;
  };
}

/** The account-wide checks (IAM names of the account's stacks). */
export function globalTask(expected: readonly ExpectedResource[], own: Ownership = NO_OWNERSHIP): Task<Finding> {
  return async (ctx) => {
    const mine = expected.filter((e) => e.global && e.accountId === ctx.account.id);
    if (mine.length === 0) return [];
    const policies = (mine.some((e) => e.kind === 'iamPolicy') ? await listLocalPolicies(ctx.clients.iam, reads(ctx)) : undefined) ?? new Map<string, Policy>();
    const found: Finding[] = [];
    for (const e of mine) {
      if (e.kind === 'iamPolicy') {
        const p = policies.get(e.name);
        if (p) {
          const existing = { arn: p.Arn, path: p.Path, attachments: p.AttachmentCount };
          found.push((await ownFinding(e, own, existing, () => iamTags(ctx, e, p.Arn))) ?? iamTaken(e, existing, 'choose another access.policyNamePrefix'));
        }
      } else if (e.kind === 'iamRole') {
        const role = await readRole(ctx.clients.iam, e.name, reads(ctx));
        if (role) {
          const existing = { arn: role.Arn, path: role.Path };
          found.push(
            (await ownFinding(e, own, existing, () => iamTags(ctx, e))) ??
              iamTaken(e, existing, e.name.startsWith('session-manager-preferences-updater') ? 'delete the leftover updater role' : 'choose another access.instance.roleName'),
          );
        }
      } else if (e.kind === 'instanceProfile') {
        const profile = await readInstanceProfile(ctx.clients.iam, e.name, reads(ctx));
        if (profile) {
          const existing = { arn: profile.Arn, path: profile.Path, roles: profile.Roles?.map((r) => r.RoleName) };
          found.push((await ownFinding(e, own, existing, () => iamTags(ctx, e))) ?? iamTaken(e, existing, 'choose another access.instance.roleName'));
        }
      }
    }
    return found;
  };
}
