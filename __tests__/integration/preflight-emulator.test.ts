/**
 * Preflight end-to-end on the emulator: an account seeded with a console-made preferences document,
 * leftover KMS aliases, a log group and a bucket in two Regions; `npm run preflight` reports each
 * one and exits 1; `--write` sets adoptExisting/adoptResources in the YAML (comments kept) and
 * exits 0; the stacks synthesized from the written file apply the first time, destroy nothing,
 * and re-plan clean.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { CreateBucketCommand, GetBucketVersioningCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateDocumentCommand, DescribeDocumentCommand, GetDocumentCommand, SSMClient, UpdateDocumentCommand, UpdateDocumentDefaultVersionCommand } from '@aws-sdk/client-ssm';
import { loadConfig } from '../../src/config/load';
import { synthModel, tempDir } from '../helpers';
import { runTsx } from '../support/tsx';
import { applyStacks, describeEmulator, inParallel, expectStatus, sdkConfig, startEmulator, emulatorCliEnv, EMULATOR_ROLE_NAME, type Emulator } from '../support/emulator';

const ACCOUNT = '211100000011';
const REGIONS = ['us-east-1', 'eu-west-1'] as const;

const CONFIG = `# Brownfield account: things were made by hand before this project.
version: 1
regions: [us-east-1, eu-west-1]   # both Regions have leftovers
assumeRoleName: ${EMULATOR_ROLE_NAME}
accounts:
  - id: "${ACCOUNT}"   # the seeded account
    name: brownfield
    # preflight --write adds regionSettings here
preferences:
  idleSessionTimeout: 15   # stricter than the console's 20
  s3: { enabled: true }    # bucket <prefix>-<account>-<region>
`;

const consoleContent = (idle: string) =>
  JSON.stringify({
    schemaVersion: '1.0',
    description: 'Document to hold regional settings for Session Manager',
    sessionType: 'Standard_Stream',
    inputs: {
      s3BucketName: '',
      s3KeyPrefix: '',
      s3EncryptionEnabled: true,
      cloudWatchLogGroupName: '',
      cloudWatchEncryptionEnabled: true,
      idleSessionTimeout: idle,
      kmsKeyId: '',
      runAsEnabled: false,
      runAsDefaultUser: '',
    },
  });

interface Seeded {
  oldDataKey: string;
  oldLogsKey?: string;
}

async function seed(emulator: Emulator, region: string): Promise<Seeded> {
  const config = sdkConfig(emulator, region, ACCOUNT);
  const ssm = new SSMClient(config);
  const kms = new KMSClient(config);
  const logs = new CloudWatchLogsClient(config);
  const s3 = new S3Client(config);
  // The console's document: saved twice; the console makes each save the default version.
  await ssm.send(new CreateDocumentCommand({ Name: 'SSM-SessionManagerRunShell', DocumentType: 'Session', DocumentFormat: 'JSON', Content: consoleContent('30') }));
  await ssm.send(new UpdateDocumentCommand({ Name: 'SSM-SessionManagerRunShell', DocumentVersion: '$LATEST', Content: consoleContent('20') }));
  await ssm.send(new UpdateDocumentDefaultVersionCommand({ Name: 'SSM-SessionManagerRunShell', DocumentVersion: '2' }));
  const dataKey = (await kms.send(new CreateKeyCommand({ Description: 'earlier tool' }))).KeyMetadata!.KeyId!;
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/session-manager/data', TargetKeyId: dataKey }));
  let oldLogsKey: string | undefined;
  if (region === 'eu-west-1') {
    // A logs alias left pointing at a key someone scheduled for deletion.
    oldLogsKey = (await kms.send(new CreateKeyCommand({ Description: 'earlier logs key' }))).KeyMetadata!.KeyId!;
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/session-manager/logs', TargetKeyId: oldLogsKey }));
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: oldLogsKey, PendingWindowInDays: 7 }));
  }
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/session-manager/sessions' }));
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/session-manager/sessions', retentionInDays: 30 }));
  const bucket = `ssm-session-logs-${ACCOUNT}-${region}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as 'eu-west-1' } }) }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'session-logs/old-session.log', Body: 'kept' }));
  for (const c of [ssm, kms, logs, s3]) c.destroy();
  return { oldDataKey: dataKey, ...(oldLogsKey ? { oldLogsKey } : {}) };
}

function preflight(emulator: Emulator, configFile: string, ...args: string[]) {
  return runTsx('scripts/preflight.ts', ['--config', configFile, ...args], { env: emulatorCliEnv(emulator) });
}

describeEmulator('preflight on a brownfield account', () => {
  let emulator: Emulator;
  const seeded = new Map<string, Seeded>();
  const dir = tempDir('preflight-e2e-');
  const configFile = join(dir, 'brownfield.yaml');

  beforeAll(async () => {
    emulator = await startEmulator();
    for (const region of REGIONS) seeded.set(region, await seed(emulator, region));
    writeFileSync(configFile, CONFIG);
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it('reports every leftover with what the apply would do, and exits 1', () => {
    const run = preflight(emulator, configFile, '--json', '--quiet');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    const findings = report.accounts[0].results.flatMap((r: { region: string; findings: { kind: string; name: string; severity: string; atApply: string }[] }) =>
      r.findings.filter((f) => f.severity === 'blocking').map((f) => `${r.region} ${f.kind} ${f.name}`),
    );
    expect(findings.sort()).toEqual(
      [
        ...REGIONS.flatMap((r) => [
          `${r} document SSM-SessionManagerRunShell`,
          `${r} kmsAlias alias/session-manager/data`,
          `${r} logGroup /session-manager/sessions`,
          `${r} bucket ssm-session-logs-${ACCOUNT}-${r}`,
        ]),
        'eu-west-1 kmsAlias alias/session-manager/logs',
      ].sort(),
    );
    const doc = report.accounts[0].results.find((r: { region: string }) => r.region === 'eu-west-1').findings.find((f: { kind: string }) => f.kind === 'document');
    expect(doc.existing).toMatchObject({ defaultVersion: '2', latestVersion: '2', inputs: { idleSessionTimeout: '20' } });
    expect(doc.atApply).toContain('DocumentAlreadyExists');
    expect(report.summary).toMatchObject({ blocking: 9, errors: 0 });
  });

  it('--write sets the adoption per Region keeping comments; synth, apply succeeds first time, nothing destroyed, re-plan clean', async () => {
    const written = preflight(emulator, configFile, '--write');
    // The human-readable report of this case is in docs/preflight.md.
    if (process.env.PREFLIGHT_E2E_OUTPUT) writeFileSync(process.env.PREFLIGHT_E2E_OUTPUT, `$ npm run preflight -- --config brownfield.yaml --write\n${written.stdout}`);
    expect(written.stderr).toContain('brownfield (211100000011): 2 Regions');
    expect(written.status).toBe(0);
    const text = readFileSync(configFile, 'utf8');
    expect(text).toContain('# Brownfield account: things were made by hand before this project.');
    expect(text).toContain("idleSessionTimeout: 15 # stricter than the console's 20");
    expect(text).toContain('# preflight --write adds regionSettings here');
    expect(text).toContain('us-east-1: {adoptExisting: true, adoptResources: [dataKeyAlias, logGroup, bucket]}');
    expect(text).toContain('eu-west-1: {adoptExisting: true, adoptResources: [dataKeyAlias, logsKeyAlias, logGroup, bucket]}');

    const model = loadConfig(configFile);
    const stacks = synthModel(model);
    expect([...stacks.keys()].sort()).toEqual(['brownfield-global', 'brownfield-shard0', 'brownfield-shard3']);
    // The stacks apply (and re-plan) at the same time; applyStacks throws with Terraform's output if an apply fails.
    const applied = await applyStacks(emulator, stacks);
    await inParallel(applied.values(), async (work) => {
      expect((await work.runAsync(['show', '-json', '-no-color'])).status).toBe(0);
      expect(expectStatus(await work.planAsync(), 0).status).toBe(0);
    });

    for (const region of REGIONS) {
      const config = sdkConfig(emulator, region, ACCOUNT);
      const ssm = new SSMClient(config);
      const described = (await ssm.send(new DescribeDocumentCommand({ Name: 'SSM-SessionManagerRunShell' }))).Document!;
      expect(Number(described.LatestVersion)).toBeGreaterThanOrEqual(3);
      expect(described.DefaultVersion).toBe(described.LatestVersion);
      const content = JSON.parse((await ssm.send(new GetDocumentCommand({ Name: 'SSM-SessionManagerRunShell' }))).Content!);
      expect(content.inputs.idleSessionTimeout).toBe('15');
      // The earlier versions are still there.
      const v2 = JSON.parse((await ssm.send(new GetDocumentCommand({ Name: 'SSM-SessionManagerRunShell', DocumentVersion: '2' }))).Content!);
      expect(v2.inputs.idleSessionTimeout).toBe('20');

      const kms = new KMSClient(config);
      const aliasTarget = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/session-manager/data' }))).KeyMetadata!;
      const old = seeded.get(region)!;
      expect(aliasTarget.KeyId).not.toBe(old.oldDataKey);
      expect((await kms.send(new DescribeKeyCommand({ KeyId: old.oldDataKey }))).KeyMetadata!.KeyState).toBe('Enabled');

      const logs = new CloudWatchLogsClient(config);
      const group = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/session-manager/sessions' }))).logGroups!.find(
        (g) => g.logGroupName === '/session-manager/sessions',
      )!;
      expect(group.retentionInDays).toBe(365);

      const s3 = new S3Client(config);
      const bucket = `ssm-session-logs-${ACCOUNT}-${region}`;
      expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Enabled');
      // The object is still there. (Read by listing: the adopted bucket's TLS-only policy now denies object
      // requests over the emulator's plain http, as AWS would; moto checks bucket policies on object requests only.)
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
      expect(listed.Contents?.map((o) => o.Key)).toContain('session-logs/old-session.log');
      for (const c of [ssm, kms, logs, s3]) c.destroy();
    }

    // Three stacks applied and re-planned on the emulator: about 5 minutes alone, up to 20 on a busy machine.
  }, 1_800_000);
});
