import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { parse as parseYaml } from 'yaml';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, ListTagsForResourceCommand as ListLogTagsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  GetInstanceProfileCommand,
  GetRoleCommand,
  IAMClient,
  ListInstanceProfileTagsCommand,
  ListPoliciesCommand,
  ListPolicyTagsCommand,
  ListRoleTagsCommand,
} from '@aws-sdk/client-iam';
import { DescribeKeyCommand, KMSClient, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetBucketTaggingCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeDocumentCommand, GetDocumentCommand, GetParameterCommand, GetServiceSettingCommand, ListTagsForResourceCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { runAccounts, runnerAccounts, withArchiveAccount, type AwsClients, type RunResult } from '../src/aws';
import { modelFromData } from '../src/config/load';
import type { Model } from '../src/model/model';
import { DHMC_SETTING, PUBLIC_SHARING_SETTING } from '../src/model/service-settings';
import { globalTask, regionTask } from '../src/preflight/checks';
import { expectedResources } from '../stacks/expected-resources';
import type { ExpectedResource } from '../src/preflight/expected';
import type { Finding } from '../src/preflight/findings';
import { NO_OWNERSHIP, ownershipOf, type Ownership } from '../src/preflight/ownership';
import { parseState, readStackState } from '../src/state/read-state';
import { preflight } from '../src/preflight/preflight';
import { editConfiguration, pasteSnippet, plannedEdits } from '../src/preflight/write';
import { SANDBOX, minimalConfig, stackFor, tempDir, writeTempConfig } from './helpers';
import { awsError } from './support/aws-errors';

const ssm = mockClient(SSMClient);
const kms = mockClient(KMSClient);
const logs = mockClient(CloudWatchLogsClient);
const s3 = mockClient(S3Client);
const iam = mockClient(IAMClient);
const sts = mockClient(STSClient);
const lambda = mockClient(LambdaClient);

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
const SETTING = `arn:aws:ssm:${REGION}:${ACCOUNT}:servicesetting/ssm/documents/console/public-sharing-permission`;

/** Nothing exists: every lookup answers not found, the sharing setting is already Disable. */
function emptyAccount(): void {
  for (const m of [ssm, kms, logs, s3, iam, sts, lambda]) m.reset();
  lambda.on(GetFunctionCommand).rejects(awsError('ResourceNotFoundException', { status: 404 }));
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/R/s` });
  ssm.on(DescribeDocumentCommand).rejects(awsError('InvalidDocument', { status: 400 }));
  ssm.on(GetParameterCommand).rejects(awsError('ParameterNotFound', { status: 400 }));
  ssm.on(GetServiceSettingCommand).resolves({ ServiceSetting: { SettingValue: 'Disable', Status: 'Customized' } });
  kms.on(DescribeKeyCommand).rejects(awsError('NotFoundException', { status: 400 }));
  logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
  s3.on(HeadBucketCommand).rejects(awsError('NotFound', { status: 404 }));
  iam.on(ListPoliciesCommand).resolves({ Policies: [], IsTruncated: false });
  iam.on(GetRoleCommand).rejects(awsError('NoSuchEntity', { status: 404 }));
  iam.on(GetInstanceProfileCommand).rejects(awsError('NoSuchEntity', { status: 404 }));
}

const clients = (): AwsClients => ({
  ssm: new SSMClient({ region: REGION }),
  kms: new KMSClient({ region: REGION }),
  logs: new CloudWatchLogsClient({ region: REGION }),
  s3: new S3Client({ region: REGION }),
  iam: new IAMClient({ region: 'us-east-1' }),
  sts: new STSClient({ region: REGION }),
  lambda: new LambdaClient({ region: REGION }),
});
const fast = { sleep: async () => undefined, random: () => 0 };

function config(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return minimalConfig({ preferences: { s3: { enabled: true } }, access: { instance: { createRole: true } }, customDocuments: [{ name: 'SessionManager-BreakGlass' }], ...extra });
}

async function run(model: Model, own: Ownership = NO_OWNERSHIP): Promise<RunResult<Finding>> {
  const expected = expectedResources(model);
  return runAccounts({ accounts: runnerAccounts(model.accounts), regionTask: regionTask(expected, own), globalTask: globalTask(expected, own), clients, retry: fast });
}

async function findings(extra: Record<string, unknown> = {}): Promise<Finding[]> {
  const result = await run(modelFromData(config(extra)));
  const errors = result.accounts.flatMap((a) => [a.error, ...a.tasks.map((t) => t.error)]).filter(Boolean);
  expect(errors).toEqual([]);
  return result.accounts.flatMap((a) => a.tasks.flatMap((t) => t.findings));
}

const one = (all: Finding[], kind: Finding['kind'], name?: string): Finding => {
  const matching = all.filter((f) => f.kind === kind && (name === undefined || f.name === name));
  expect(matching).toHaveLength(1);
  return matching[0];
};

beforeEach(emptyAccount);

describe('expected names come from the synthesized stacks', () => {
  it('lists every named resource with its stack, address and adoption switch', () => {
    const model = modelFromData(config({ adoptResources: ['logGroup'] }));
    const expected = expectedResources(model);
    const row = (kind: string, name: string) => expected.find((e) => e.kind === kind && e.name === name);
    expect(row('document', 'SSM-SessionManagerRunShell')).toMatchObject({
      region: REGION,
      stack: stackFor(model, SANDBOX.name, REGION),
      adoptSwitch: 'adoptExisting',
      preferencesDocument: true,
      imported: false,
    });
    expect(row('document', 'SessionManager-BreakGlass')).toMatchObject({ imported: false });
    expect(row('document', 'SessionManager-BreakGlass')?.adoptSwitch).toBeUndefined();
    expect(row('kmsAlias', 'alias/session-manager/data')).toMatchObject({ adoptSwitch: 'dataKeyAlias' });
    expect(row('kmsAlias', 'alias/session-manager/logs')).toMatchObject({ adoptSwitch: 'logsKeyAlias' });
    expect(row('parameter', '/session-manager/session-data-key-id')).toMatchObject({ adoptSwitch: 'keyIdParameter' });
    expect(row('logGroup', '/session-manager/sessions')).toMatchObject({ adoptSwitch: 'logGroup', imported: true, settings: { retentionDays: 365, encrypted: true } });
    expect(row('bucket', `ssm-session-logs-${ACCOUNT}-${REGION}`)).toMatchObject({ adoptSwitch: 'bucket', address: expect.stringMatching(/^aws_s3_bucket\./) });
    expect(row('serviceSetting', SETTING)).toMatchObject({ settings: { value: 'Disable' } });
    expect(row('iamPolicy', 'SessionManagerInstanceAccess')).toMatchObject({
      global: true,
      stack: stackFor(model, SANDBOX.name),
      region: 'us-east-1',
      settings: { path: '/session-manager/' },
    });
    expect(row('iamPolicy', 'SessionManagerUserAccess')).toBeDefined();
    expect(row('iamRole', 'SessionManagerInstance')).toBeDefined();
    expect(row('instanceProfile', 'SessionManagerInstance')).toBeDefined();
  });

  it('follows the configuration: a renamed alias and bucket prefix, a lambda-managed document (no aws_ssm_document, the updater names instead)', () => {
    const expected = expectedResources(
      modelFromData(
        config({ documentManagement: 'lambda', preferences: { sessionEncryption: { alias: 'alias/ops/sessions' }, s3: { enabled: true, bucketNamePrefix: 'ops-logs' } } }),
      ),
    );
    const names = expected.map((e) => `${e.kind} ${e.name}`);
    expect(names).toContain('kmsAlias alias/ops/sessions');
    expect(names).toContain(`bucket ops-logs-${ACCOUNT}-${REGION}`);
    expect(names).not.toContain('document SSM-SessionManagerRunShell');
    expect(names).toContain('logGroup /aws/lambda/session-manager-preferences-updater');
    expect(names).toContain(`iamRole session-manager-preferences-updater-${REGION}`);
    expect(expected.find((e) => e.kind === 'lambdaFunction')).toMatchObject({
      name: 'session-manager-preferences-updater',
      region: REGION,
      global: false,
      imported: false,
      address: expect.stringMatching(/^aws_lambda_function\./),
    });
    expect(expectedResources(modelFromData(config())).some((e) => e.kind === 'lambdaFunction')).toBe(false);
  });
});

describe('findings', () => {
  it('finds nothing in an empty account', async () => {
    expect(await findings()).toEqual([]);
  });

  it("a function with the updater's name: a stranger's blocks; one tagged as ours is managed; no Lambda read without the updater", async () => {
    const fn = 'session-manager-preferences-updater';
    const existing = (tags: Record<string, string>) =>
      lambda.on(GetFunctionCommand, { FunctionName: fn }).resolves({
        Configuration: { FunctionName: fn, FunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fn}`, Runtime: 'nodejs20.x', Role: `arn:aws:iam::${ACCOUNT}:role/x` },
        Tags: tags,
      });
    await findings();
    expect(lambda.commandCalls(GetFunctionCommand)).toHaveLength(0);
    existing({});
    const stranger = one(await findings({ documentManagement: 'lambda' }), 'lambdaFunction', fn);
    expect(stranger).toMatchObject({ severity: 'blocking', state: 'exists', existing: { runtime: 'nodejs20.x', role: `arn:aws:iam::${ACCOUNT}:role/x` } });
    expect(stranger.atApply).toContain('ResourceConflictException');
    expect(stranger.action).toContain(`delete the existing function ${fn} in sandbox/${REGION}`);
    existing({ ManagedBy: 'session-manager-preferences' });
    const model = modelFromData(config({ documentManagement: 'lambda' }));
    const result = await run(model, ownershipOf(model, tempDir('preflight-lambda-')));
    const ours = one(
      result.accounts.flatMap((a) => a.tasks.flatMap((t) => t.findings)),
      'lambdaFunction',
      fn,
    );
    expect(ours).toMatchObject({ severity: 'info', state: 'managed', managedBy: 'tag', action: 'nothing' });
  });

  it('a console-made preferences document: blocking without adoptExisting, with its versions and inputs and the fix', async () => {
    ssm
      .on(DescribeDocumentCommand, { Name: 'SSM-SessionManagerRunShell' })
      .resolves({ Document: { Name: 'SSM-SessionManagerRunShell', DocumentType: 'Session', Owner: ACCOUNT, DefaultVersion: '2', LatestVersion: '2' } });
    ssm.on(GetDocumentCommand, { Name: 'SSM-SessionManagerRunShell', DocumentVersion: '2' }).resolves({ Content: JSON.stringify({ inputs: { idleSessionTimeout: '20' } }) });
    const f = one(await findings(), 'document');
    expect(f).toMatchObject({ severity: 'blocking', state: 'exists', existing: { defaultVersion: '2', latestVersion: '2', inputs: { idleSessionTimeout: '20' } } });
    expect(f.atApply).toContain('DocumentAlreadyExists');
    expect(f.action).toContain('adoptExisting: true for sandbox/eu-west-1');
    expect(f.action).toContain('documentManagement: lambda');
    expect(f.fix).toEqual({ accountId: ACCOUNT, region: REGION, adoptExisting: true });
    expect(f.fixIsPartial).toBeUndefined();
  });

  it('a document whose default version is not the latest blocks even when adopted: the provider would update the default version', async () => {
    ssm.on(DescribeDocumentCommand, { Name: 'SSM-SessionManagerRunShell' }).resolves({ Document: { DefaultVersion: '1', LatestVersion: '2' } });
    ssm.on(GetDocumentCommand).resolves({ Content: '{}' });
    const f = one(await findings(), 'document');
    expect(f).toMatchObject({ severity: 'blocking', fix: { adoptExisting: true }, fixIsPartial: true });
    expect(f.atApply).toContain('InvalidDocumentVersion');
    expect(f.action).toContain('aws ssm update-document-default-version --name SSM-SessionManagerRunShell --document-version 2 --region eu-west-1');
    const adopted = one(await findings({ adoptExisting: true }), 'document');
    expect(adopted.severity).toBe('blocking');
    expect(adopted.fix).toBeUndefined();
    expect(adopted.action).toContain('documentManagement: lambda');
  });

  it('an adopted document that exists is info; one that does not is blocking with the fix to unset it', async () => {
    ssm.on(DescribeDocumentCommand, { Name: 'SSM-SessionManagerRunShell' }).resolves({ Document: { DefaultVersion: '3', LatestVersion: '3' } });
    ssm.on(GetDocumentCommand).resolves({ Content: '{}' });
    expect(one(await findings({ adoptExisting: true }), 'document')).toMatchObject({ severity: 'info', action: 'nothing' });

    emptyAccount();
    const missing = one(await findings({ adoptExisting: true }), 'document');
    expect(missing).toMatchObject({ severity: 'blocking', state: 'missing', fix: { accountId: ACCOUNT, region: REGION, adoptExisting: false } });
    expect(missing.atApply).toContain('Cannot import non-existent remote object');
  });

  it('an existing custom document is blocking and not adopted', async () => {
    ssm.on(DescribeDocumentCommand, { Name: 'SessionManager-BreakGlass' }).resolves({ Document: { DefaultVersion: '1', LatestVersion: '1' } });
    ssm.on(GetDocumentCommand).resolves({ Content: 'not json' });
    const f = one(await findings(), 'document', 'SessionManager-BreakGlass');
    expect(f).toMatchObject({ severity: 'blocking', existing: { inputs: undefined } });
    expect(f.fix).toBeUndefined();
    expect(f.action).toContain('rename the custom document');
  });

  it('a leftover alias to an enabled key: blocking, adopt or use the key; adopted, a warning that it is re-pointed', async () => {
    kms.on(DescribeKeyCommand, { KeyId: 'alias/session-manager/data' }).resolves({ KeyMetadata: { KeyId: 'old-key', KeyState: 'Enabled', KeyManager: 'CUSTOMER' } as never });
    const f = one(await findings(), 'kmsAlias', 'alias/session-manager/data');
    expect(f).toMatchObject({ severity: 'blocking', existing: { targetKeyId: 'old-key', keyState: 'Enabled' }, fix: { adopt: 'dataKeyAlias' } });
    expect(f.atApply).toContain('AlreadyExistsException');
    expect(f.action).toContain('kmsKeyId: alias/session-manager/data');
    const adopted = one(await findings({ adoptResources: ['dataKeyAlias'] }), 'kmsAlias', 'alias/session-manager/data');
    expect(adopted.severity).toBe('warning');
    expect(adopted.atApply).toContain('re-pointed at the key the stack creates; key old-key (enabled) is left as it is');
  });

  it('an alias to a key pending deletion: adopting it is plain info', async () => {
    kms
      .on(DescribeKeyCommand, { KeyId: 'alias/session-manager/logs' })
      .resolves({ KeyMetadata: { KeyId: 'dying', KeyState: 'PendingDeletion', DeletionDate: new Date('2030-01-02T00:00:00Z') } as never });
    const f = one(await findings(), 'kmsAlias', 'alias/session-manager/logs');
    expect(f.atApply).toContain('pending deletion on 2030-01-02');
    expect(f.fix).toMatchObject({ adopt: 'logsKeyAlias' });
    expect(one(await findings({ adoptResources: ['logsKeyAlias'] }), 'kmsAlias', 'alias/session-manager/logs').severity).toBe('info');
  });

  it('an adopted alias that does not exist is blocking with the fix to remove it', async () => {
    expect(one(await findings({ adoptResources: ['dataKeyAlias'] }), 'kmsAlias', 'alias/session-manager/data')).toMatchObject({
      severity: 'blocking',
      state: 'missing',
      fix: { unadopt: 'dataKeyAlias' },
    });
  });

  it('a leftover key-ID parameter is blocking, adoptable', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: '/session-manager/session-data-key-id', Value: 'old', Type: 'String', Version: 4 } });
    const f = one(await findings(), 'parameter');
    expect(f).toMatchObject({ severity: 'blocking', existing: { value: 'old' }, fix: { adopt: 'keyIdParameter' } });
    expect(f.atApply).toContain('ParameterAlreadyExists');
  });

  it('a leftover log group (found on the second page): blocking, with what adoption changes', async () => {
    logs
      .on(DescribeLogGroupsCommand)
      .resolvesOnce({ logGroups: [{ logGroupName: '/session-manager/sessions-old' }], nextToken: 't' })
      .resolvesOnce({ logGroups: [{ logGroupName: '/session-manager/sessions', retentionInDays: 30 }] });
    const f = one(await findings(), 'logGroup');
    expect(f).toMatchObject({ severity: 'blocking', existing: { retentionInDays: 30, kmsKeyId: 'none' }, fix: { adopt: 'logGroup' } });
    expect(f.atApply).toContain('ResourceAlreadyExistsException');
    expect(f.action).toContain('retention 30 → 365 days');
    expect(logs.commandCalls(DescribeLogGroupsCommand)[1].args[0].input).toMatchObject({ nextToken: 't' });
  });

  it('a bucket this account owns: blocking, adoptable; adopted: info', async () => {
    s3.on(HeadBucketCommand).resolves({ BucketRegion: REGION });
    const f = one(await findings(), 'bucket');
    expect(f).toMatchObject({ severity: 'blocking', existing: { owner: 'this account' }, fix: { adopt: 'bucket' } });
    expect(f.atApply).toContain('BucketAlreadyOwnedByYou');
    expect(s3.commandCalls(HeadBucketCommand)[0].args[0].input).toEqual({ Bucket: `ssm-session-logs-${ACCOUNT}-${REGION}`, ExpectedBucketOwner: ACCOUNT });
    expect(one(await findings({ adoptResources: ['bucket'] }), 'bucket').severity).toBe('info');
  });

  it('a bucket name owned by another account: blocking, rename (no adoption); adopted, also remove the adoption', async () => {
    s3.on(HeadBucketCommand).rejects(awsError('Forbidden', { status: 403 }));
    const f = one(await findings(), 'bucket');
    expect(f).toMatchObject({ severity: 'blocking', state: 'foreign' });
    expect(f.fix).toBeUndefined();
    expect(f.atApply).toContain('BucketAlreadyExists');
    expect(f.action).toContain('bucketNamePrefix');
    expect(one(await findings({ adoptResources: ['bucket'] }), 'bucket').fix).toMatchObject({ unadopt: 'bucket' });
  });

  it('a bucket this account owns in another Region cannot be adopted here', async () => {
    s3.on(HeadBucketCommand).resolves({ BucketRegion: 'us-west-2' });
    const f = one(await findings(), 'bucket');
    expect(f).toMatchObject({ severity: 'blocking', existing: { region: 'us-west-2' } });
    expect(f.fix).toBeUndefined();
  });

  it('public sharing allowed today: info, the apply blocks it; unreadable: a warning, not an error', async () => {
    ssm.on(GetServiceSettingCommand).resolves({ ServiceSetting: { SettingValue: 'Enable', Status: 'Customized' } });
    const f = one(await findings(), 'serviceSetting');
    expect(f).toMatchObject({ severity: 'info', existing: { value: 'Enable', status: 'Customized' } });
    expect(f.atApply).toContain('from Enable (Customized) to Disable');
    ssm.on(GetServiceSettingCommand).rejects(awsError('InternalServerError', { status: 500 }));
    expect(one(await findings(), 'serviceSetting')).toMatchObject({ severity: 'warning', state: 'unreadable' });
    expect(ssm.commandCalls(GetServiceSettingCommand).length).toBe(3); // 1 + 2 attempts
  });

  it('the DHMC setting is described as Default Host Management Configuration, not as public sharing', async () => {
    ssm
      .on(GetServiceSettingCommand)
      .callsFake((input: { SettingId: string }) =>
        input.SettingId.endsWith(DHMC_SETTING)
          ? { ServiceSetting: { SettingValue: 'service-role/OtherTeamRole', Status: 'Customized' } }
          : { ServiceSetting: { SettingValue: 'Disable', Status: 'Customized' } },
      );
    const all = await findings({ access: { instance: { createRole: true, defaultHostManagement: { createRole: true, setServiceSetting: true } } } });
    // Names are the settings' ARNs: the public-sharing one is as planned, the DHMC one is another team's.
    const settings = all.filter((f) => f.kind === 'serviceSetting');
    expect(settings.filter((f) => f.name.endsWith(PUBLIC_SHARING_SETTING))).toEqual([]);
    expect(settings).toHaveLength(1);
    const f = settings[0]!;
    expect(f.name.endsWith(DHMC_SETTING)).toBe(true);
    expect(f).toMatchObject({ severity: 'info', existing: { value: 'service-role/OtherTeamRole', status: 'Customized' } });
    expect(f.atApply).toMatch(/^Default Host Management Configuration goes from service-role\/OtherTeamRole \(Customized\) to service-role\/\S+: /);
    expect(`${f.atApply} ${f.action}`).not.toContain('public');
    expect(f.action).toContain('unless another team manages Default Host Management Configuration');
  });

  it('IAM names of the global stack: policy (on a later page), role and instance profile already taken', async () => {
    iam
      .on(ListPoliciesCommand)
      .resolvesOnce({ Policies: [{ PolicyName: 'Other' }], IsTruncated: true, Marker: 'm' })
      .resolvesOnce({
        Policies: [
          {
            PolicyName: 'SessionManagerUserAccess',
            Path: '/session-manager/',
            Arn: 'arn:aws:iam::111111111111:policy/session-manager/SessionManagerUserAccess',
            AttachmentCount: 2,
          },
        ],
        IsTruncated: false,
      });
    iam.on(GetRoleCommand).resolves({ Role: { RoleName: 'SessionManagerInstance', Path: '/', Arn: 'arn:aws:iam::111111111111:role/SessionManagerInstance' } as never });
    iam.on(GetInstanceProfileCommand).resolves({ InstanceProfile: { InstanceProfileName: 'SessionManagerInstance', Path: '/', Roles: [] } as never });
    const all = await findings();
    const policy = one(all, 'iamPolicy');
    expect(policy).toMatchObject({ severity: 'blocking', name: 'SessionManagerUserAccess', existing: { attachments: 2 } });
    expect(policy.action).toContain('access.policyNamePrefix');
    expect(policy.action).toContain('earlier deployment of this project');
    expect(one(all, 'iamRole').action).toContain('access.instance.roleName');
    expect(one(all, 'instanceProfile').severity).toBe('blocking');
  });

  it('an API error is an error of that Region; an account whose role cannot be assumed is an account error', async () => {
    ssm.on(DescribeDocumentCommand).rejects(awsError('AccessDeniedException', { status: 400 }));
    const result = await run(modelFromData(config()));
    expect(result.accounts[0].tasks.find((t) => t.region === REGION)?.error).toEqual({ name: 'AccessDeniedException', message: 'AccessDeniedException: from the mock' });

    sts.on(GetCallerIdentityCommand).rejects(awsError('AccessDenied', { status: 403 }));
    const denied = await run(modelFromData(config({ assumeRoleName: 'Reader' })));
    expect(denied.accounts[0].error?.message).toContain('cannot assume arn:aws:iam::111111111111:role/Reader');
  });
});

describe('configuration edits', () => {
  const yaml = `# top comment
version: 1
regions: [eu-west-1, us-east-1]  # two
accounts:
  - id: "111111111111"   # first
    name: sandbox
    regionSettings:
      us-east-1: { documentManagement: lambda }   # kept
accountsFile: more.yaml
`;
  const more = `# more accounts
- id: "222222222222"
  name: other
  adoptResources: [logGroup]
`;

  function files(): string {
    const dir = tempDir('preflight-edit-');
    writeFileSync(join(dir, 'c.yaml'), yaml);
    writeFileSync(join(dir, 'more.yaml'), more);
    return dir;
  }

  it('plans per-Region edits, merging adoptResources with what the Region already has', () => {
    const model = modelFromData({ version: 1, regions: ['eu-west-1'], accounts: [{ id: ACCOUNT, name: 'a', adoptResources: ['logGroup'] }] });
    const edits = plannedEdits(model, [
      { accountId: ACCOUNT, region: REGION, adoptExisting: true },
      { accountId: ACCOUNT, region: REGION, adopt: 'bucket' },
      { accountId: ACCOUNT, region: REGION, adopt: 'dataKeyAlias' },
    ]);
    expect(edits).toEqual([{ accountId: ACCOUNT, accountName: 'a', region: REGION, adoptExisting: true, adoptResources: ['dataKeyAlias', 'logGroup', 'bucket'] }]);
    expect(plannedEdits(model, [{ accountId: ACCOUNT, region: REGION, adopt: 'logGroup' }])).toEqual([]);
    expect(plannedEdits(model, [{ accountId: ACCOUNT, region: REGION, unadopt: 'logGroup' }])).toEqual([
      { accountId: ACCOUNT, accountName: 'a', region: REGION, adoptResources: [] },
    ]);
  });

  it('writes into the main file and the accountsFile, keeping comments and other settings', () => {
    const dir = files();
    const edited = editConfiguration(join(dir, 'c.yaml'), [
      { accountId: ACCOUNT, accountName: 'sandbox', region: 'us-east-1', adoptResources: ['bucket'] },
      { accountId: ACCOUNT, accountName: 'sandbox', region: 'eu-west-1', adoptExisting: true },
      { accountId: '222222222222', accountName: 'other', region: 'eu-west-1', adoptExisting: true, adoptResources: [] },
    ]);
    expect(edited.map((f) => f.path.replace(dir, ''))).toEqual(['/c.yaml', '/more.yaml']);
    const main = edited[0].after;
    expect(main).toContain('# top comment');
    expect(main).toContain('# first');
    expect(main).toContain('us-east-1: {documentManagement: lambda, adoptResources: [bucket]} # kept');
    expect(main).toContain('eu-west-1: {adoptExisting: true}');
    expect(edited[1].after).toContain('# more accounts');
    expect(edited[1].after).toContain('eu-west-1: {adoptExisting: true, adoptResources: []}');
    // Still a valid configuration that means what was asked.
    writeFileSync(join(dir, 'c.yaml'), main);
    writeFileSync(join(dir, 'more.yaml'), edited[1].after);
    const reread = modelFromData(parseYaml(main), 'c.yaml', dir);
    expect(reread.accounts[0].regions.map((r) => [r.region, r.adoptExisting, r.adoptResources])).toEqual([
      ['eu-west-1', true, []],
      ['us-east-1', false, ['bucket']],
    ]);
    expect(reread.accounts[1].regions[1]).toMatchObject({ region: 'us-east-1', adoptResources: ['logGroup'] });
    expect(reread.accounts[1].regions[0]).toMatchObject({ region: 'eu-west-1', adoptExisting: true, adoptResources: [] });
  });

  it('prints the YAML to paste', () => {
    const model = modelFromData({ version: 1, regions: ['eu-west-1'], accounts: [{ id: ACCOUNT, name: 'a' }] });
    expect(pasteSnippet(model, [{ accountId: ACCOUNT, accountName: 'a', region: REGION, adoptExisting: true, adoptResources: ['logGroup', 'bucket'] }])).toBe(
      ['accounts:', `  - id: "${ACCOUNT}"    # a`, '    regionSettings:', '      eu-west-1: {adoptExisting: true, adoptResources: [logGroup, bucket]}'].join('\n'),
    );
  });
});

describe('the command', () => {
  function io() {
    const out = { stdout: '', stderr: '', written: new Map<string, string>() };
    return {
      out,
      io: {
        stdout: { write: (t: string) => (out.stdout += t) },
        stderr: { write: (t: string) => (out.stderr += t), isTTY: false },
        clients,
        retry: fast,
        writeFile: (p: string, t: string) => void out.written.set(p, t),
        expectedResources,
        stateDir: tempDir('preflight-no-state-'),
      },
    };
  }
  function configFile(extra: Record<string, unknown> = {}): string {
    return writeTempConfig(`# reviewed\n${JSON.stringify(config(extra))}\n`, 'c.yaml');
  }

  it('--help exits 0; an unknown flag exits 2 (usage error); an invalid configuration exits 1', async () => {
    const a = io();
    expect(await preflight(['--help'], a.io)).toBe(0);
    expect(a.out.stdout).toContain('--write');
    const b = io();
    expect(await preflight(['--nope'], b.io)).toBe(2);
    expect(b.out.stderr).toContain('unknown flag --nope');
    const c = io();
    const bad = writeTempConfig('version: 2\n', 'c.yaml');
    expect(await preflight(['--config', bad], c.io)).toBe(1);
    expect(c.out.stderr).toContain('problem');
  });

  it('refuses an --account or --region that matches nothing (exit 2, a usage error) instead of checking nothing and passing', async () => {
    const path = configFile();
    const typo = io();
    expect(await preflight(['--config', path, '--account', 'no-such-account', '--region', 'eu-west-9'], typo.io)).toBe(2);
    expect(typo.out.stderr).toContain('error: --account no-such-account: not an account of the configuration');
    expect(typo.out.stderr).toContain('error: --region eu-west-9: no account of the configuration manages this Region');
    expect(typo.out.stdout).toBe('');
  });

  it('exits 0 with nothing in the way, 1 when an apply would fail, and 0 after --write fixes it', async () => {
    const path = configFile();
    const clean = io();
    expect(await preflight(['--config', path, '--quiet'], clean.io)).toBe(0);
    expect(clean.out.stdout).toContain('Nothing the stacks would create exists yet');

    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: '/session-manager/sessions' }] });
    const blocked = io();
    expect(await preflight(['--config', path], blocked.io)).toBe(1);
    expect(blocked.out.stdout).toContain('BLOCKING logGroup /session-manager/sessions');
    expect(blocked.out.stdout).toContain('eu-west-1: {adoptExisting: false, adoptResources: [logGroup]}');
    expect(blocked.out.stderr).toContain('[1/1] sandbox (111111111111): 1 Region, 1 finding');
    expect(blocked.out.written.size).toBe(0);

    const json = io();
    expect(await preflight(['--config', path, '--json', '--quiet'], json.io)).toBe(1);
    const report = JSON.parse(json.out.stdout);
    expect(report.summary).toMatchObject({ blocking: 1, errors: 0, unresolved: 1 });
    expect(report.edits).toEqual([{ accountId: ACCOUNT, accountName: 'sandbox', region: REGION, adoptResources: ['logGroup'] }]);

    const written = io();
    expect(await preflight(['--config', path, '--write', '--quiet'], written.io)).toBe(0);
    expect(written.out.written.get(path)).toContain('# reviewed');
    expect(written.out.written.get(path)).toContain('regionSettings: {eu-west-1: {adoptResources: [logGroup]}}');
    expect(written.out.stdout).toContain('0 blocking left after --write');
  });

  it('exits 3 (incomplete) when an account cannot be read, whatever was found elsewhere', async () => {
    sts.on(GetCallerIdentityCommand).rejects(awsError('AccessDenied', { status: 403 }));
    const r = io();
    expect(await preflight(['--config', configFile({ assumeRoleName: 'Reader' }), '--quiet'], r.io)).toBe(3);
    expect(r.out.stdout).toContain('ERROR AccessDenied');
  });
});

/** Every named resource of the stacks exists, as after `cdktf deploy '*'` (the sharing setting is already Disable). */
function deployedWorld(expected: readonly ExpectedResource[]): void {
  ssm.on(DescribeDocumentCommand).resolves({ Document: { DocumentType: 'Session', Owner: ACCOUNT, DefaultVersion: '1', LatestVersion: '1' } });
  ssm.on(GetDocumentCommand).resolves({ Content: '{"inputs":{}}' });
  ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'key-1', Type: 'String', Version: 1 } });
  kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: 'key-1', KeyState: 'Enabled', KeyManager: 'CUSTOMER' } });
  logs.on(DescribeLogGroupsCommand).callsFake((input: { logGroupNamePrefix: string }) => ({
    logGroups: [{ logGroupName: input.logGroupNamePrefix, retentionInDays: 365, arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${input.logGroupNamePrefix}:*` }],
  }));
  s3.on(HeadBucketCommand).resolves({ BucketRegion: REGION });
  const policies = expected.filter((e) => e.kind === 'iamPolicy');
  iam.on(ListPoliciesCommand).resolves({
    Policies: policies.map((e) => ({ PolicyName: e.name, Path: '/session-manager/', Arn: `arn:aws:iam::${ACCOUNT}:policy/session-manager/${e.name}`, AttachmentCount: 0 })),
    IsTruncated: false,
  });
  iam
    .on(GetRoleCommand)
    .callsFake((input: { RoleName: string }) => ({ Role: { RoleName: input.RoleName, Path: '/session-manager/', Arn: `arn:aws:iam::${ACCOUNT}:role/${input.RoleName}` } }));
  iam
    .on(GetInstanceProfileCommand)
    .callsFake((input: { InstanceProfileName: string }) => ({ InstanceProfile: { InstanceProfileName: input.InstanceProfileName, Path: '/session-manager/', Roles: [] } }));
}

/**
 * Every resource carries the tag `ManagedBy=<value>` (each service answering in its own shape) and,
 * when given, `ManagedByStack=<stack>`: `stacks.global` on the IAM names, `stacks.regional` on the rest.
 */
function tagEverything(value: string, stacks: { readonly global?: string; readonly regional?: string } = {}): void {
  const tags = (stack?: string): Record<string, string> => ({ ManagedBy: value, ...(stack !== undefined ? { ManagedByStack: stack } : {}) });
  const list = (stack?: string) => Object.entries(tags(stack)).map(([Key, Value]) => ({ Key, Value }));
  ssm.on(ListTagsForResourceCommand).resolves({ TagList: list(stacks.regional) });
  kms.on(ListResourceTagsCommand).resolves({ Tags: Object.entries(tags(stacks.regional)).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) });
  logs.on(ListLogTagsCommand).resolves({ tags: tags(stacks.regional) });
  s3.on(GetBucketTaggingCommand).resolves({ TagSet: list(stacks.regional) });
  for (const command of [ListPolicyTagsCommand, ListRoleTagsCommand, ListInstanceProfileTagsCommand] as const) {
    iam.on(command as typeof ListRoleTagsCommand).resolves({ Tags: list(stacks.global) });
  }
}

/** Writes the state files the stacks' local backend would hold: each of `listed` under its address (IAM policies with the ARN as ID). */
function writeState(dir: string, stacks: readonly string[], listed: readonly ExpectedResource[]): void {
  for (const stack of stacks) {
    const resources = listed
      .filter((e) => e.stack === stack)
      .map((e) => {
        const [type, ...rest] = e.address.split('.');
        const id = e.kind === 'iamPolicy' ? `arn:aws:iam::${ACCOUNT}:policy/session-manager/${e.name}` : e.name;
        return {
          mode: 'managed',
          type,
          name: rest.join('.'),
          provider: 'provider["registry.terraform.io/hashicorp/aws"]',
          instances: [{ attributes: { id, [type === 'aws_s3_bucket' ? 'bucket' : 'name']: e.name } }],
        };
      });
    writeFileSync(join(dir, `${stack}.tfstate`), JSON.stringify({ version: 4, serial: 3, lineage: 'l', resources }));
  }
}

describe("the project's own resources (after an apply)", () => {
  const model = modelFromData(config());
  const expected = expectedResources(model);
  const stacks = [...new Set(expected.map((e) => e.stack))];
  // What preflight can find: every named resource but the sharing setting, which is already Disable.
  const named = expected.filter((e) => e.kind !== 'serviceSetting');

  function withState(listed: readonly ExpectedResource[]): Ownership {
    const dir = tempDir('preflight-state-');
    writeState(dir, stacks, listed);
    return ownershipOf(model, dir);
  }
  async function ownFindings(own: Ownership): Promise<Finding[]> {
    const result = await run(model, own);
    expect(result.accounts.flatMap((a) => [a.error, ...a.tasks.map((t) => t.error)]).filter(Boolean)).toEqual([]);
    return result.accounts.flatMap((a) => a.tasks.flatMap((t) => t.findings));
  }
  const byName = (all: readonly Finding[]) => all.map((f) => `${f.kind} ${f.name}`).sort();

  beforeEach(() => deployedWorld(expected));

  it('a resource its stack lists in the readable state is managed (info, nothing to do), whatever its tags', async () => {
    tagEverything('someone-else');
    const all = await ownFindings(withState(named));
    expect(byName(all)).toEqual(byName(named.map((e) => ({ kind: e.kind, name: e.name }) as Finding)));
    expect(new Set(all.map((f) => f.kind))).toEqual(new Set(['document', 'kmsAlias', 'parameter', 'logGroup', 'bucket', 'iamPolicy', 'iamRole', 'instanceProfile']));
    for (const f of all) {
      expect(f).toMatchObject({ severity: 'info', state: 'managed', managedBy: 'state', action: 'nothing' });
      expect(String(f.existing.state)).toMatch(new RegExp(`${f.stack}\\.tfstate$`));
      expect(f.fix).toBeUndefined();
    }
  });

  it('without a readable state, the ManagedBy tag of the configuration says it is ours: managed, with the import to do if the state was lost', async () => {
    tagEverything('session-manager-preferences');
    const all = await ownFindings(ownershipOf(model, tempDir('preflight-empty-')));
    expect(byName(all)).toEqual(byName(named.map((e) => ({ kind: e.kind, name: e.name }) as Finding)));
    for (const f of all) {
      expect(f).toMatchObject({ severity: 'info', state: 'managed', managedBy: 'tag', existing: { tag: 'ManagedBy=session-manager-preferences' } });
      expect(f.atApply).toContain(`there is no readable local state for ${f.stack}`);
    }
    // A cloud backend's state is not read: the tag decides, and the message says why.
    const cloud = ownershipOf({ ...model, backend: { type: 'cloud', hostname: 'app.terraform.io', organization: 'o', workspacePrefix: 'p-' } as Model['backend'] }, tempDir('x-'));
    expect(cloud.state(stacks[0])).toBeUndefined();
    expect(cloud.unreadableBecause(stacks[0])).toContain('cloud backend');
  });

  it('tagged as ours but absent from a readable state: lost state, blocking, to import by hand (not adopt; --write changes nothing)', async () => {
    tagEverything('session-manager-preferences');
    const all = await ownFindings(withState([]));
    expect(all).toHaveLength(named.length);
    for (const f of all) {
      expect(f).toMatchObject({ severity: 'blocking', state: 'lostState', managedBy: 'tag' });
      expect(f.atApply).toContain(`does not list ${f.address}`);
      expect(f.action).toContain(`cdktf.out/stacks/${f.stack}: terraform import '${f.address}'`);
      expect(f.action).toContain('do not adopt');
      expect(f.fix).toBeUndefined();
    }
    // IAM policies are imported by ARN, the others by name.
    expect(one(all, 'iamPolicy', 'SessionManagerUserAccess').action).toContain(`'arn:aws:iam::${ACCOUNT}:policy/session-manager/SessionManagerUserAccess'`);
    expect(one(all, 'bucket').action).toContain(`'ssm-session-logs-${ACCOUNT}-${REGION}'`);
  });

  describe('the stack tag (ManagedByStack) tells whose deployment made it', () => {
    const OURS = 'ManagedBy=session-manager-preferences';
    const GLOBAL = stackFor(model, SANDBOX.name);
    const REGIONAL = stackFor(model, SANDBOX.name, REGION);
    const group = named.find((e) => e.kind === 'logGroup')!;
    const role = named.find((e) => e.kind === 'iamRole')!;
    const groupFound = { retentionInDays: 365, kmsKeyId: 'none' };
    const roleFound = { arn: `arn:aws:iam::${ACCOUNT}:role/${role.name}`, path: '/session-manager/' };
    const where = (e: ExpectedResource) => ({ kind: e.kind, name: e.name, stack: e.stack, address: e.address });

    it('naming the stack that plans it, without a readable state: managed, nothing more to say', async () => {
      tagEverything('session-manager-preferences', { global: GLOBAL, regional: REGIONAL });
      const dir = tempDir('preflight-tagged-');
      const all = await ownFindings(ownershipOf(model, dir));
      expect(all.map((f) => `${f.severity} ${f.state}`)).toEqual(named.map(() => 'info managed'));
      expect(one(all, 'logGroup')).toEqual({
        ...where(group),
        severity: 'info',
        state: 'managed',
        managedBy: 'tag',
        existing: { ...groupFound, tag: OURS, stackTag: `ManagedByStack=${REGIONAL}` },
        atApply: `nothing new if it is in the state the apply uses: it carries this project's tag ${OURS} (there is no readable local state for ${REGIONAL} in ${dir}); if that state was lost, terraform import '${group.address}' '${group.name}' in the ${REGIONAL} stack`,
        action: 'nothing',
      });
    });

    it('no stack tag (a version before it): ours as before, and the finding says why the tag is missing', async () => {
      tagEverything('session-manager-preferences');
      const dir = tempDir('preflight-untagged-');
      const all = await ownFindings(ownershipOf(model, dir));
      expect(all.map((f) => `${f.severity} ${f.state}`)).toEqual(named.map(() => 'info managed'));
      expect(one(all, 'iamRole')).toEqual({
        ...where(role),
        severity: 'info',
        state: 'managed',
        managedBy: 'tag',
        existing: { ...roleFound, tag: OURS },
        atApply:
          `nothing new if it is in the state the apply uses: it carries this project's tag ${OURS} (no ManagedByStack tag: a version of this project before that tag made it; the next apply adds it) ` +
          `(there is no readable local state for ${GLOBAL} in ${dir}); if that state was lost, terraform import '${role.address}' '${role.name}' in the ${GLOBAL} stack`,
        action: 'nothing',
      });
      // With a readable state that does not list it: lost state, as before, with the same note.
      const lost = one(await ownFindings(withState([])), 'iamRole');
      expect(lost).toMatchObject({ severity: 'blocking', state: 'lostState', managedBy: 'tag', existing: { ...roleFound, tag: OURS } });
      expect(lost.atApply).toBe(
        `the create fails (the name is taken): it carries this project's tag ${OURS} (no ManagedByStack tag: a version of this project before that tag made it; the next apply adds it), ` +
          `so an earlier deployment made it, but ${String(lost.existing.state)} does not list ${role.address} (that state was lost or replaced)`,
      );
    });

    it('naming another stack of this configuration: still ours, moved between stacks (managed without a readable state, lost state with one), both stacks named', async () => {
      tagEverything('session-manager-preferences', { global: REGIONAL, regional: GLOBAL });
      const dir = tempDir('preflight-moved-');
      const all = await ownFindings(ownershipOf(model, dir));
      expect(all.map((f) => `${f.severity} ${f.state}`)).toEqual(named.map(() => 'info managed'));
      expect(one(all, 'logGroup')).toEqual({
        ...where(group),
        severity: 'info',
        state: 'managed',
        managedBy: 'tag',
        existing: { ...groupFound, tag: OURS, stackTag: `ManagedByStack=${GLOBAL}` },
        atApply:
          `nothing new if it is in the state the apply uses: it carries this project's tag ${OURS} (ManagedByStack=${GLOBAL}: the ${GLOBAL} stack of this configuration made it, and ${REGIONAL} plans it now: it moved between stacks) ` +
          `(there is no readable local state for ${REGIONAL} in ${dir}); if that state does not list it, remove it from the ${GLOBAL} stack's state (terraform state rm, in cdktf.out/stacks/${GLOBAL}), ` +
          `then terraform import '${group.address}' '${group.name}' in the ${REGIONAL} stack`,
        action: 'nothing',
      });
      const lost = await ownFindings(withState([]));
      expect(lost.map((f) => `${f.severity} ${f.state}`)).toEqual(named.map(() => 'blocking lostState'));
      const f = one(lost, 'logGroup');
      expect(f).toEqual({
        ...where(group),
        severity: 'blocking',
        state: 'lostState',
        managedBy: 'tag',
        existing: { ...groupFound, tag: OURS, stackTag: `ManagedByStack=${GLOBAL}`, state: f.existing.state },
        atApply:
          `the create fails (the name is taken): it carries this project's tag ${OURS} (ManagedByStack=${GLOBAL}: the ${GLOBAL} stack of this configuration made it, and ${REGIONAL} plans it now: it moved between stacks), ` +
          `so an earlier deployment made it, but ${String(f.existing.state)} does not list ${group.address} (it is not there yet)`,
        action:
          `remove it from the ${GLOBAL} stack's state (terraform state rm, in cdktf.out/stacks/${GLOBAL}), then import it into the ${REGIONAL} stack's state: npx cdktf synth, then in cdktf.out/stacks/${REGIONAL}: ` +
          `terraform import '${group.address}' '${group.name}' (restore the state from a backup instead, if you have one: docs/state.md); do not adopt it with adoptExisting/adoptResources, which are for resources made outside the project`,
      });
      expect(String(f.existing.state)).toMatch(new RegExp(`${REGIONAL}\\.tfstate$`));
    });

    it("naming a stack this configuration does not have: another deployment's, blocking, whether or not the state is readable; what its state lists stays managed", async () => {
      tagEverything('session-manager-preferences', { global: 'payments-global', regional: 'payments-shard3' });
      let all: Finding[] = [];
      for (const own of [ownershipOf(model, tempDir('preflight-other-')), withState([])]) {
        all = await ownFindings(own);
        expect(all.map((f) => `${f.severity} ${f.state}`)).toEqual(named.map(() => 'blocking otherDeployment'));
        expect(all.filter((f) => f.fix !== undefined || f.managedBy !== undefined)).toEqual([]);
        expect(one(all, 'logGroup')).toEqual({
          ...where(group),
          severity: 'blocking',
          state: 'otherDeployment',
          existing: { ...groupFound, tag: OURS, stackTag: 'ManagedByStack=payments-shard3' },
          atApply:
            `the create fails (the name is taken): it carries this project's tag ${OURS}, but ManagedByStack=payments-shard3 names a stack this configuration does not have: ` +
            'another deployment of this project with the same ManagedBy value in this account made it',
          action:
            `it is the payments-shard3 stack's: give this deployment its own preferences.cloudWatch.logGroupName, and its own tags.ManagedBy; or take it over deliberately, so that one deployment manages it: ` +
            `remove it from the payments-shard3 stack's state (terraform state rm), then adoptResources: [logGroup], or terraform import '${group.address}' '${group.name}' in the ${REGIONAL} stack ` +
            "(if payments-shard3 was this configuration's own stack before an account was renamed, that is the way too)",
        });
        expect(one(all, 'iamRole').action).toBe(
          `it is the payments-global stack's: give this deployment its own access.instance.roleName, and its own tags.ManagedBy; or take it over deliberately, so that one deployment manages it: ` +
            `remove it from the payments-global stack's state (terraform state rm), then terraform import '${role.address}' '${role.name}' in the ${GLOBAL} stack ` +
            "(if payments-global was this configuration's own stack before an account was renamed, that is the way too)",
        );
      }
      // The preferences document has a fixed name: only one deployment per account and Region can have it.
      expect(one(all, 'document', 'SSM-SessionManagerRunShell').action).toMatch(
        /^it is the payments-shard3 stack's: SSM-SessionManagerRunShell is a fixed name, one per account and Region: leave it to one of the two deployments \(give them their own tags\.ManagedBy too\); or take it over deliberately, so that one deployment manages it: remove it from the payments-shard3 stack's state \(terraform state rm\), then adoptExisting: true, or terraform import /,
      );
      // Adopted by an import block: the import would take it over from the other deployment.
      const adopting = modelFromData(config({ adoptResources: ['logGroup'] }));
      const imported = (await run(adopting, ownershipOf(adopting, tempDir('preflight-other-import-')))).accounts.flatMap((a) => a.tasks.flatMap((t) => t.findings));
      const groupImported = expectedResources(adopting).find((e) => e.kind === 'logGroup')!;
      expect(one(imported, 'logGroup')).toEqual({
        ...where(groupImported),
        severity: 'blocking',
        state: 'otherDeployment',
        existing: { ...groupFound, tag: OURS, stackTag: 'ManagedByStack=payments-shard3' },
        atApply:
          `the import block takes it over while the payments-shard3 stack still manages it (two deployments would manage one resource): it carries this project's tag ${OURS}, ` +
          'but ManagedByStack=payments-shard3 names a stack this configuration does not have: another deployment of this project with the same ManagedBy value in this account made it',
        action: `it is the payments-shard3 stack's: give this deployment its own preferences.cloudWatch.logGroupName, and its own tags.ManagedBy, and drop adoptResources: [logGroup] here; or, to take it over deliberately, remove it from the payments-shard3 stack's state (terraform state rm) before the apply`,
      });
      // What this configuration's state lists is its own, whatever the tags say.
      const listed = await ownFindings(withState(named.filter((e) => e.kind !== 'logGroup')));
      expect(listed.filter((f) => f.state !== 'managed').map((f) => `${f.kind} ${f.state}`)).toEqual(['logGroup otherDeployment']);
    });

    it("the report: one line per managed resource says what the stack tag told; another deployment's resource blocks (exit 1)", async () => {
      const out = { stdout: '' };
      const io = {
        stdout: { write: (t: string) => (out.stdout += t) },
        stderr: { write: () => true, isTTY: false },
        clients,
        retry: fast,
        expectedResources,
        stateDir: tempDir('preflight-report-'),
      };
      const path = writeTempConfig(`${JSON.stringify(config())}\n`, 'c.yaml');
      const line = (f: ExpectedResource, how: string) =>
        `sandbox (${ACCOUNT}) ${f.global ? 'IAM (global)' : REGION}: MANAGED ${f.kind} ${f.name} (${f.stack} ${f.address}; tagged ${OURS}${how}, state not read)`;
      tagEverything('session-manager-preferences', { global: GLOBAL, regional: GLOBAL });
      expect(await preflight(['--config', path, '--quiet'], io)).toBe(0);
      expect(out.stdout).toContain(`${line(group, `, ManagedByStack=${GLOBAL} (moved from that stack)`)}\n`);
      expect(out.stdout).toContain(`${line(role, '')}\n`);
      tagEverything('session-manager-preferences');
      out.stdout = '';
      expect(await preflight(['--config', path, '--quiet'], io)).toBe(0);
      expect(out.stdout).toContain(`${line(role, ', no ManagedByStack tag (made before it)')}\n`);
      tagEverything('session-manager-preferences', { global: 'payments-global', regional: REGIONAL });
      out.stdout = '';
      expect(await preflight(['--config', path, '--quiet'], io)).toBe(1);
      expect(out.stdout).toContain(`sandbox (${ACCOUNT}) IAM (global): BLOCKING iamRole ${role.name}\n  where:    ${GLOBAL} ${role.address}\n`);
      expect(out.stdout).toContain(`  found:    arn=${roleFound.arn}, path=/session-manager/, tag=${OURS}, stackTag=ManagedByStack=payments-global\n`);
    });
  });

  it("a stranger's resource (another ManagedBy value, or no tags, and not in the state) is the conflict it always was", async () => {
    tagEverything('another-tool');
    const partial = named.filter((e) => e.kind !== 'logGroup' && e.kind !== 'iamRole');
    const all = await ownFindings(withState(partial));
    const group = one(all, 'logGroup');
    expect(group).toMatchObject({ severity: 'blocking', state: 'exists', fix: { adopt: 'logGroup' } });
    expect(one(all, 'iamRole')).toMatchObject({ severity: 'blocking', state: 'exists' });
    expect(all.filter((f) => f.state === 'managed')).toHaveLength(partial.length);

    // No tags at all (the mocks answer nothing), nothing in the state: every one is a conflict.
    emptyAccount();
    deployedWorld(expected);
    const strangers = await ownFindings(withState([]));
    expect(strangers.filter((f) => f.state === 'managed' || f.state === 'lostState')).toEqual([]);
    expect(one(strangers, 'document', 'SSM-SessionManagerRunShell')).toMatchObject({ severity: 'blocking', fix: { adoptExisting: true } });
  });

  it('the command after a deploy: exit 0, every resource reported as managed, one line each', async () => {
    const dir = tempDir('preflight-deployed-');
    writeState(dir, stacks, named);
    const out = { stdout: '', stderr: '' };
    const io = {
      stdout: { write: (t: string) => (out.stdout += t) },
      stderr: { write: (t: string) => (out.stderr += t), isTTY: false },
      clients,
      retry: fast,
      expectedResources,
      stateDir: dir,
    };
    const path = writeTempConfig(`${JSON.stringify(config())}\n`, 'c.yaml');
    expect(await preflight(['--config', path, '--quiet'], io)).toBe(0);
    expect(out.stdout).toContain(`MANAGED document SSM-SessionManagerRunShell (${stackFor(model, SANDBOX.name, REGION)} aws_ssm_document.`);
    expect(out.stdout).toContain("Everything found is the project's own: the apply updates it in place.");
    expect(out.stdout).toContain(`0 blocking, 0 warnings, 0 info, ${named.length} managed, 0 errors`);
    expect(out.stdout).not.toContain('Set this in the configuration');
    out.stdout = '';
    expect(await preflight(['--config', path, '--quiet', '--json'], io)).toBe(0);
    expect(JSON.parse(out.stdout).summary).toEqual({ blocking: 0, warning: 0, info: 0, managed: named.length, errors: 0, unresolved: 0 });
  });
});

describe('reading a stack state', () => {
  it('lists managed resources by address (data sources and other modes left out); a missing or broken file is unreadable, not empty', () => {
    const state = parseState(
      JSON.stringify({
        version: 4,
        resources: [
          { mode: 'managed', type: 'aws_ssm_document', name: 'doc', instances: [{ attributes: { id: 'SSM-SessionManagerRunShell', name: 'SSM-SessionManagerRunShell' } }] },
          { mode: 'data', type: 'aws_caller_identity', name: 'me', instances: [{ attributes: { id: '1' } }] },
          { module: 'module.m', mode: 'managed', type: 'aws_s3_bucket', name: 'b', instances: [{ attributes: { id: 'bkt' } }] },
        ],
      }),
      's.tfstate',
    );
    expect([...state.resources.keys()]).toEqual(['aws_ssm_document.doc', 'module.m.aws_s3_bucket.b']);
    const dir = tempDir('state-read-');
    expect(readStackState('absent', dir)).toBeUndefined();
    writeFileSync(join(dir, 'broken.tfstate'), '{"resources": [');
    expect(readStackState('broken', dir)).toBeUndefined();
    writeFileSync(join(dir, 'other.tfstate'), '{"not": "a state"}');
    expect(readStackState('other', dir)).toBeUndefined();
  });
});

describe('the log archive', () => {
  const ARCHIVE = '999999999999';
  const model = modelFromData(config({ logArchive: { accountId: ARCHIVE, regions: [REGION] } }));
  const expected = expectedResources(model);
  const archiveBucket = `ssm-session-archive-${ARCHIVE}-${REGION}`;
  const archiveAlias = model.logArchive!.keyAlias;

  async function archiveFindings(own: Ownership = NO_OWNERSHIP): Promise<Finding[]> {
    const result = await runAccounts({
      accounts: withArchiveAccount(runnerAccounts(model.accounts), model.logArchive),
      regionTask: regionTask(expected, own),
      globalTask: globalTask(expected, own),
      clients,
      retry: fast,
      verifyIdentity: false,
    });
    expect(result.accounts.flatMap((a) => [a.error, ...a.tasks.map((t) => t.error)]).filter(Boolean)).toEqual([]);
    // The mocks answer in every Region; the archive's home Region (us-east-1) has a bucket and alias too: look at REGION's.
    return result.accounts.filter((a) => a.account.id === ARCHIVE).flatMap((a) => a.tasks.flatMap((t) => t.findings.filter((f) => f.stack === `log-archive-${REGION}`)));
  }

  it('the archive bucket and key alias of each archive Region are looked up in the archive account, by the archive stack', () => {
    const rows = expected.filter((e) => e.accountId === ARCHIVE && e.region === REGION).map((e) => `${e.kind} ${e.name} ${e.stack} ${e.namePath}`);
    expect(rows.sort()).toEqual([
      `bucket ${archiveBucket} log-archive-${REGION} logArchive.bucketNamePrefix`,
      `kmsAlias ${archiveAlias} log-archive-${REGION} logArchive.keyAlias`,
    ]);
  });

  it('a leftover archive bucket or alias blocks: rename or delete (they are not adopted, --write has no fix); after the deploy, managed', async () => {
    s3.on(HeadBucketCommand, { Bucket: archiveBucket }).resolves({ BucketRegion: REGION });
    kms.on(DescribeKeyCommand, { KeyId: archiveAlias }).resolves({ KeyMetadata: { KeyId: 'old-key', KeyState: 'Enabled' } as never });
    const all = await archiveFindings();
    const bucket = one(all, 'bucket', archiveBucket);
    expect(bucket).toMatchObject({ severity: 'blocking', state: 'exists', stack: `log-archive-${REGION}` });
    expect(bucket.action).toContain('choose another logArchive.bucketNamePrefix');
    expect(bucket.fix).toBeUndefined();
    const alias = one(all, 'kmsAlias', archiveAlias);
    expect(alias).toMatchObject({ severity: 'blocking', state: 'exists' });
    expect(alias.action).toContain('choose another logArchive.keyAlias');
    expect(alias.fix).toBeUndefined();

    const dir = tempDir('preflight-archive-state-');
    const mine = expected.filter((e) => e.accountId === ARCHIVE);
    writeState(dir, [...new Set(mine.map((e) => e.stack))], mine);
    const managed = await archiveFindings(ownershipOf(model, dir));
    expect(managed.map((f) => `${f.kind} ${f.state}`).sort()).toEqual(['bucket managed', 'kmsAlias managed']);
  });
});
