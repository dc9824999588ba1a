/**
 * `npm run drift` end to end on the emulator: the example configuration (in an account of its own)
 * is applied; the check, run as the real command with AWS_ENDPOINT_URL and a read-only role name,
 * exits 0. Then the preferences are changed from outside (a new document version with a modified
 * input while the default stays pinned to version 1; a modified input in a new default version;
 * a shortened log group retention; a disabled key): the check reports each one precisely and
 * exits 1. After Terraform applies the stacks again, it exits 0.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchLogsClient, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeKeyCommand, DisableKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { DeleteDocumentCommand, GetDocumentCommand, SSMClient, UpdateDocumentCommand, UpdateDocumentDefaultVersionCommand } from '@aws-sdk/client-ssm';
import { parse, stringify } from 'yaml';
import { modelFromText } from '../../src/config/load';
import { EXAMPLE_CONFIG, synthModel, tempDir } from '../helpers';
import { runTsx } from '../support/tsx';
import { applyStack, describeEmulator, EMULATOR_ROLE_NAME, expectStatus, sdkConfig, startEmulator, emulatorCliEnv, type Emulator, type EmulatorWorkDir } from '../support/emulator';

const ACCOUNT = '214000000014';
const DOC = 'SSM-SessionManagerRunShell';

interface DriftRun {
  readonly status: number | null;
  readonly json: { status: string; differences: { region: string; resource: string; field: string; expected: unknown; actual: unknown }[]; errors: unknown[] };
  readonly markdown: string;
  readonly stderr: string;
}

describeEmulator('npm run drift on the emulator', () => {
  let emulator: Emulator;
  let dir: string;
  let config: string;
  const work: EmulatorWorkDir[] = [];

  /** The real command, as the workflow runs it: a read-only role name, AWS_ENDPOINT_URL, --json and --markdown. */
  function drift(): DriftRun {
    const markdown = join(dir, 'drift.md');
    const run = runTsx('scripts/drift.ts', ['--config', config, '--json', '--markdown', markdown], {
      timeout: 120_000,
      env: { ...emulatorCliEnv(emulator), SESSION_PREFS_ROLE_NAME: EMULATOR_ROLE_NAME },
    });
    if (run.status !== 0 && run.status !== 1) throw new Error(`drift exited ${run.status}:\n${run.stderr}\n${run.stdout}`);
    return { status: run.status, json: JSON.parse(run.stdout), markdown: readFileSync(markdown, 'utf8'), stderr: run.stderr };
  }

  beforeAll(async () => {
    emulator = await startEmulator();
    dir = tempDir('drift-e2e-');
    const example = parse(readFileSync(EXAMPLE_CONFIG, 'utf8'));
    config = join(dir, 'config.yaml');
    writeFileSync(config, stringify({ ...example, accounts: [{ id: ACCOUNT, name: 'drift-e2e' }] }));
    const stacks = synthModel(modelFromText(readFileSync(config, 'utf8'), config, dir));
    for (const [name, json] of stacks) work.push(applyStack(emulator, json, name));
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  it('a freshly applied organization has no drift (exit 0)', () => {
    const run = drift();
    expect(run.json.errors).toEqual([]);
    expect(run.json.differences).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.markdown).toContain('**No drift.** 1 account, 2 account × Region pairs checked');
  });

  it('changes made from outside are each reported precisely (exit 1)', async () => {
    const ssmEast = new SSMClient(sdkConfig(emulator, 'us-east-1', ACCOUNT));
    const ssmWest = new SSMClient(sdkConfig(emulator, 'eu-west-1', ACCOUNT));
    const edit = async (ssm: SSMClient, change: (inputs: Record<string, unknown>) => void) => {
      const content = JSON.parse((await ssm.send(new GetDocumentCommand({ Name: DOC }))).Content!);
      change(content.inputs);
      return ssm.send(new UpdateDocumentCommand({ Name: DOC, Content: JSON.stringify(content, null, 2), DocumentVersion: '$LATEST' }));
    };
    // us-east-1: someone saves other preferences as a new version; the default stays pinned to version 1.
    const east = await edit(ssmEast, (inputs) => {
      inputs.idleSessionTimeout = '60';
    });
    expect(east.DocumentDescription).toMatchObject({ DocumentVersion: '2', DefaultVersion: '1' });
    // eu-west-1: a new version with CloudWatch streaming off becomes the default.
    await edit(ssmWest, (inputs) => {
      inputs.cloudWatchStreamingEnabled = false;
    });
    await ssmWest.send(new UpdateDocumentDefaultVersionCommand({ Name: DOC, DocumentVersion: '2' }));
    // us-east-1: a week of session logs instead of a year.
    const logs = new CloudWatchLogsClient(sdkConfig(emulator, 'us-east-1', ACCOUNT));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/session-manager/sessions', retentionInDays: 7 }));
    // eu-west-1: the session-data key disabled.
    const kms = new KMSClient(sdkConfig(emulator, 'eu-west-1', ACCOUNT));
    const key = (await kms.send(new DescribeKeyCommand({ KeyId: 'alias/session-manager/data' }))).KeyMetadata!.KeyId!;
    await kms.send(new DisableKeyCommand({ KeyId: key }));
    for (const c of [ssmEast, ssmWest, logs, kms]) c.destroy();

    const run = drift();
    // The report docs/drift.md shows.
    process.stdout.write(`drift report of the emulator case:\n${run.markdown}\n`);
    expect(run.json.errors).toEqual([]);
    expect(run.json.differences.map(({ region, resource, field, expected, actual }) => ({ region, resource, field, expected, actual }))).toEqual([
      { region: 'us-east-1', resource: `ssm-document ${DOC}`, field: 'default version is the latest', expected: true, actual: 'false (default 1, latest 2)' },
      { region: 'us-east-1', resource: `ssm-document ${DOC}`, field: 'version 2 (latest): inputs.idleSessionTimeout', expected: '20', actual: '60' },
      { region: 'us-east-1', resource: 'log-group /session-manager/sessions', field: 'retentionInDays', expected: 365, actual: 7 },
      { region: 'eu-west-1', resource: `kms-key ${key} (alias/session-manager/data)`, field: 'keyState', expected: 'Enabled', actual: 'Disabled' },
      { region: 'eu-west-1', resource: `ssm-document ${DOC}`, field: 'version 2 (default, latest): inputs.cloudWatchStreamingEnabled', expected: true, actual: false },
    ]);
    expect(run.status).toBe(1);
    expect(run.json.status).toBe('drift');
    expect(run.markdown).toContain('| drift-e2e (214000000014) | us-east-1 | log-group /session-manager/sessions | retentionInDays | `365` | `7` |');
  });

  it('after the document versions written outside are removed and Terraform applies again, there is no drift (exit 0)', async () => {
    // Terraform alone cannot repair a document whose default is pinned below the latest version: SSM
    // updates only the latest version (UpdateDocument: InvalidDocumentVersion for default_version 1),
    // and the reviewed content exists already as version 1 (DuplicateDocumentContent). docs/drift.md's
    // remediation: point the default back at the reviewed version and delete the versions written outside.
    const ssmEast = new SSMClient(sdkConfig(emulator, 'us-east-1', ACCOUNT));
    const ssmWest = new SSMClient(sdkConfig(emulator, 'eu-west-1', ACCOUNT));
    await ssmEast.send(new DeleteDocumentCommand({ Name: DOC, DocumentVersion: '2' }));
    await ssmWest.send(new UpdateDocumentDefaultVersionCommand({ Name: DOC, DocumentVersion: '1' }));
    await ssmWest.send(new DeleteDocumentCommand({ Name: DOC, DocumentVersion: '2' }));
    ssmEast.destroy();
    ssmWest.destroy();
    // Terraform restores the log group's retention and enables the key again.
    for (const w of work) expectStatus(w.apply());
    const run = drift();
    expect(run.json.errors).toEqual([]);
    expect(run.json.differences).toEqual([]);
    expect(run.status).toBe(0);
  });
});
