/**
 * The eight security-relevant out-of-band changes drift must name, on the emulator. The "as
 * deployed" world is the synthesized stacks applied by Terraform (never drift's expected state).
 * Then, from outside: the session-data alias pointed at another key, the log key's rotation turned
 * off, the public access block removed, the bucket policy deleted, versioning suspended (eu-west-1);
 * the key-ID parameter rewritten to a key that does not exist, the lifecycle deleted, the retention
 * shortened (us-east-1). `npm run drift` names each one (exit 1), blames the parameter and not the
 * alias or the documents for the rewritten ID, and exits 0 again after Terraform applies the stacks.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchLogsClient, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, DescribeKeyCommand, DisableKeyRotationCommand, KMSClient, UpdateAliasCommand } from '@aws-sdk/client-kms';
import { DeleteBucketLifecycleCommand, DeleteBucketPolicyCommand, DeletePublicAccessBlockCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { parse, stringify } from 'yaml';
import { modelFromText } from '../../src/config/load';
import { createdBucketName, KEY_ID_PARAMETER_NAME } from '../../src/model/resource-names';
import { EXAMPLE_CONFIG, synthModel, tempDir } from '../helpers';
import { runTsx } from '../support/tsx';
import {
  applyStacks,
  describeEmulator,
  inParallel,
  EMULATOR_ROLE_NAME,
  expectStatus,
  sdkConfig,
  startEmulator,
  emulatorCliEnv,
  type Emulator,
  type EmulatorWorkDir,
} from '../support/emulator';

const ACCOUNT = '214000000021';
const WEST = 'eu-west-1';
const EAST = 'us-east-1';

interface Found {
  readonly region: string;
  readonly resource: string;
  readonly field: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

describeEmulator('drift names out-of-band changes to what the applied stacks created', () => {
  let emulator: Emulator;
  let dir: string;
  let config: string;
  let bucketPrefix: string;
  const work: EmulatorWorkDir[] = [];

  function drift(): { status: number | null; differences: Found[]; errors: unknown[] } {
    const run = runTsx('scripts/drift.ts', ['--config', config, '--json'], {
      timeout: 120_000,
      env: { ...emulatorCliEnv(emulator), SESSION_PREFS_ROLE_NAME: EMULATOR_ROLE_NAME },
    });
    if (run.status !== 0 && run.status !== 1) throw new Error(`drift exited ${run.status}:\n${run.stderr}\n${run.stdout}`);
    const json = JSON.parse(run.stdout);
    return { status: run.status, differences: json.differences, errors: json.errors };
  }

  beforeAll(async () => {
    emulator = await startEmulator();
    dir = tempDir('drift-oob-');
    const example = parse(readFileSync(EXAMPLE_CONFIG, 'utf8'));
    config = join(dir, 'config.yaml');
    writeFileSync(config, stringify({ ...example, accounts: [{ id: ACCOUNT, name: 'drift-oob' }] }));
    const model = modelFromText(readFileSync(config, 'utf8'), config, dir);
    const s3 = model.accounts[0].activeRegions[0].preferences.s3;
    if (!s3.enabled || s3.bucket.mode !== 'create') throw new Error('the example must create its log buckets');
    bucketPrefix = s3.bucket.namePrefix;
    work.push(...(await applyStacks(emulator, synthModel(model))).values()); // the stacks apply at the same time
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  it('a freshly applied organization has no drift, bucket policies and lifecycles included (exit 0)', () => {
    const run = drift();
    expect(run.errors).toEqual([]);
    expect(run.differences).toEqual([]);
    expect(run.status).toBe(0);
  });

  it('names each of the eight changes, and blames the rewritten parameter, not the alias or documents (exit 1)', async () => {
    const west = { kms: new KMSClient(sdkConfig(emulator, WEST, ACCOUNT)), s3: new S3Client({ ...sdkConfig(emulator, WEST, ACCOUNT), forcePathStyle: true }) };
    const east = {
      ssm: new SSMClient(sdkConfig(emulator, EAST, ACCOUNT)),
      s3: new S3Client({ ...sdkConfig(emulator, EAST, ACCOUNT), forcePathStyle: true }),
      logs: new CloudWatchLogsClient(sdkConfig(emulator, EAST, ACCOUNT)),
    };
    const westBucket = createdBucketName(bucketPrefix, ACCOUNT, WEST);
    const eastBucket = createdBucketName(bucketPrefix, ACCOUNT, EAST);
    const dataKey = (await west.kms.send(new DescribeKeyCommand({ KeyId: 'alias/session-manager/data' }))).KeyMetadata!.KeyId!;
    const logsKey = (await west.kms.send(new DescribeKeyCommand({ KeyId: 'alias/session-manager/logs' }))).KeyMetadata!.KeyId!;
    const eastKey = (await new KMSClient(sdkConfig(emulator, EAST, ACCOUNT)).send(new DescribeKeyCommand({ KeyId: 'alias/session-manager/data' }))).KeyMetadata!.KeyId!;
    const stranger = (await west.kms.send(new CreateKeyCommand({ Description: 'not ours' }))).KeyMetadata!.KeyId!;
    // eu-west-1
    await west.kms.send(new UpdateAliasCommand({ AliasName: 'alias/session-manager/data', TargetKeyId: stranger }));
    await west.kms.send(new DisableKeyRotationCommand({ KeyId: logsKey }));
    await west.s3.send(new DeletePublicAccessBlockCommand({ Bucket: westBucket }));
    await west.s3.send(new DeleteBucketPolicyCommand({ Bucket: westBucket }));
    await west.s3.send(new PutBucketVersioningCommand({ Bucket: westBucket, VersioningConfiguration: { Status: 'Suspended' } }));
    // us-east-1
    await east.ssm.send(new PutParameterCommand({ Name: KEY_ID_PARAMETER_NAME, Value: '00000000-0000-0000-0000-000000000000', Overwrite: true }));
    await east.s3.send(new DeleteBucketLifecycleCommand({ Bucket: eastBucket }));
    await east.logs.send(new PutRetentionPolicyCommand({ logGroupName: '/session-manager/sessions', retentionInDays: 7 }));
    for (const c of [west.kms, west.s3, east.ssm, east.s3, east.logs]) c.destroy();

    const run = drift();
    expect(run.errors).toEqual([]);
    const at = (region: string, resource: string, field: string | RegExp, expected: unknown, actual: unknown) =>
      expect.objectContaining({ region, resource, field: typeof field === 'string' ? field : expect.stringMatching(field), expected, actual });
    const bucket = `s3-bucket ${westBucket}`;
    expect(run.differences).toEqual(
      expect.arrayContaining([
        // 1. the alias pointed at another key
        // (the key's own tags and description vote for the created key; the stranger's carry neither)
        at(
          WEST,
          'kms-alias alias/session-manager/data',
          new RegExp(
            `^targetKeyId \\(the parameter, document .*, the key's ManagedBy tag and description name ${dataKey}; key ${stranger} carries no ManagedBy tag and another description \\("not ours"\\): terraform apply repoints the alias\\)$`,
          ),
          dataKey,
          stranger,
        ),
        // 2. key rotation off
        at(WEST, 'kms-key alias/session-manager/logs', 'rotationEnabled', true, false),
        // 3. the public access block removed
        at(WEST, bucket, 'publicAccessBlock.blockPublicPolicy', true, null),
        // 4. the bucket policy deleted
        at(WEST, bucket, 'policy', expect.stringContaining('DenyInsecureTransport'), null),
        // 5. versioning suspended
        at(WEST, bucket, 'versioning', 'Enabled', 'Suspended'),
        // 6. the key-ID parameter rewritten to a key that does not exist
        at(
          EAST,
          `ssm-parameter ${KEY_ID_PARAMETER_NAME}`,
          new RegExp(
            `the key's ManagedBy tag and description name ${eastKey}; key 00000000-0000-0000-0000-000000000000 does not exist: terraform apply rewrites the parameter\\)$`,
          ),
          eastKey,
          '00000000-0000-0000-0000-000000000000',
        ),
        // 7. the lifecycle deleted
        at(EAST, `s3-bucket ${eastBucket}`, 'lifecycle', 'configured', null),
        // 8. the retention shortened
        at(EAST, 'log-group /session-manager/sessions', 'retentionInDays', 365, 7),
      ]),
    );
    // The rewritten parameter is not taken as the truth: neither the alias nor a document of us-east-1 is blamed.
    expect(run.differences.filter((d) => d.region === EAST && /^(kms-alias|ssm-document)/.test(d.resource))).toEqual([]);
    // Nor is a document of eu-west-1 for the retargeted alias: they still name the key the parameter names.
    expect(run.differences.filter((d) => d.region === WEST && d.resource.startsWith('ssm-document'))).toEqual([]);
    expect(run.status).toBe(1);
  });

  it('after Terraform applies the stacks again, there is no drift (exit 0)', async () => {
    await inParallel(work, async (w) => expectStatus(await w.applyAsync()));
    const run = drift();
    expect(run.errors).toEqual([]);
    expect(run.differences).toEqual([]);
    expect(run.status).toBe(0);
  });
});
