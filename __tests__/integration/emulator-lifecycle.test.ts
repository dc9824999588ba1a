/**
 * What docs/operations.md promises about a Region's life, applied for real on the emulator: adopting a
 * console-made document, a missing adoptExisting (the failure, then the recovery docs/preferences-document.md names),
 * adding a Region in front of the list without touching the others, and retiring a Region.
 * Each scenario has its own account; all share one emulator.
 */
import { CreateDocumentCommand, SSMClient } from '@aws-sdk/client-ssm';
import { minimalModel, synthModel } from '../helpers';
import { describeEmulator, emulatorWorkDir, expectStatus, plannedChanges, readDocument, sdkConfig, emulatorForBlock, stateList, type EmulatorWorkDir } from '../support/emulator';

jest.setTimeout(45 * 60_000);

const DOC = 'SSM-SessionManagerRunShell';
/** Preferences without keys (short applies): an unencrypted log group Terraform creates before the document. */
const preferences = { idleSessionTimeout: 15, sessionEncryption: { enabled: false }, cloudWatch: { enabled: true, encrypted: false, logGroupName: '/session-manager/lifecycle' } };
const CONSOLE_CONTENT = {
  schemaVersion: '1.0',
  description: 'Document to hold regional settings for Session Manager',
  sessionType: 'Standard_Stream',
  inputs: {
    s3BucketName: '',
    s3EncryptionEnabled: true,
    cloudWatchLogGroupName: '',
    cloudWatchEncryptionEnabled: true,
    idleSessionTimeout: '20',
    kmsKeyId: '',
    runAsEnabled: false,
  },
};

/** The Region-group stacks of a one-account configuration, by name. */
function shards(account: string, extra: Record<string, unknown> = {}): Map<string, string> {
  const stacks = synthModel(minimalModel({ accounts: [{ id: account, name: 'life' }], preferences, ...extra }));
  stacks.delete('life-global');
  return stacks;
}

describeEmulator("a Region's life on the emulator", () => {
  const emulator = emulatorForBlock();

  const consoleDocument = async (account: string, region: string) => {
    const ssm = new SSMClient(sdkConfig(emulator(), region, account));
    await ssm.send(new CreateDocumentCommand({ Name: DOC, DocumentType: 'Session', DocumentFormat: 'JSON', Content: JSON.stringify(CONSOLE_CONTENT) }));
    ssm.destroy();
  };
  const expectConfigured = async (account: string, region: string) => {
    const doc = (await readDocument(emulator(), region, account, DOC))!;
    expect(doc.defaultVersion).toBe(doc.latestVersion);
    expect(doc.defaultContent.inputs).toMatchObject({
      idleSessionTimeout: '15',
      cloudWatchLogGroupName: '/session-manager/lifecycle',
      cloudWatchEncryptionEnabled: false,
      kmsKeyId: '',
    });
    expect(doc.defaultContent.description).toMatch(/^Session Manager preferences managed as code \(session-manager-preferences\)\. \(revision [0-9a-f-]{36}\)$/);
    return doc;
  };

  it('adopts a console-made document with adoptExisting: imports it, makes the configured content the default, re-plans clean', async () => {
    const account = '250000000001';
    await consoleDocument(account, 'eu-west-1');
    const [[name, stack]] = [...shards(account, { adoptExisting: true })];
    const work = emulatorWorkDir(emulator(), stack, name);
    expectStatus(work.init());
    const apply = expectStatus(work.apply());
    expect(apply.stdout).toMatch(/Apply complete! Resources: 1 imported, \d+ added, 1 changed, 0 destroyed\./);
    const doc = await expectConfigured(account, 'eu-west-1');
    expect(doc.defaultVersion).toBe('2');
    expect(expectStatus(work.plan(), 0, 2).status).toBe(0);
  });

  it('a missing adoptExisting: the apply fails on the document (DocumentAlreadyExists) after the rest; set it, apply again, and the stack completes', async () => {
    const account = '250000000002';
    await consoleDocument(account, 'eu-west-1');
    const [[name, stack]] = [...shards(account)];
    const work = emulatorWorkDir(emulator(), stack, name);
    expectStatus(work.init());

    const failed = expectStatus(work.apply(), 1);
    const output = `${failed.stdout}\n${failed.stderr}`.replace(/\s+/g, ' ');
    expect(output).toContain(`creating SSM Document (${DOC})`);
    expect(output).toContain('DocumentAlreadyExists');
    // Half applied: the log group and the sharing block exist and are in the state; the console document is untouched.
    const state = stateList(work);
    expect(state.some((a) => a.startsWith('aws_cloudwatch_log_group.'))).toBe(true);
    expect(state.some((a) => a.startsWith('aws_ssm_service_setting.'))).toBe(true);
    expect(state.some((a) => a.startsWith('aws_ssm_document.'))).toBe(false);
    const untouched = (await readDocument(emulator(), 'eu-west-1', account, DOC))!;
    expect(untouched.defaultContent).toEqual(CONSOLE_CONTENT);

    // The recovery the message names: adoptExisting for the Region, apply again.
    work.write(shards(account, { accounts: [{ id: account, name: 'life', regionSettings: { 'eu-west-1': { adoptExisting: true } } }] }).get(name)!);
    const recovered = expectStatus(work.apply());
    expect(recovered.stdout).toMatch(/Resources: 1 imported, 0 added, 1 changed, 0 destroyed\./);
    await expectConfigured(account, 'eu-west-1');
    expect(expectStatus(work.plan(), 0, 2).status).toBe(0);
  });

  describe('adding a Region in front of the list, then retiring it', () => {
    const account = '250000000003';
    let work: EmulatorWorkDir;
    let before: Awaited<ReturnType<typeof expectConfigured>>;

    it('adds us-east-1 in front of us-east-2 in the same stack: only us-east-1 resources are created, us-east-2 keeps its versions', async () => {
      const [[name, stack]] = [...shards(account, { regions: ['us-east-2'] })];
      work = emulatorWorkDir(emulator(), stack, name);
      expectStatus(work.init());
      expectStatus(work.apply());
      before = await expectConfigured(account, 'us-east-2');

      const both = shards(account, { regions: ['us-east-1', 'us-east-2'] });
      expect([...both.keys()]).toEqual([name]);
      work.write(both.get(name)!);
      const changes = plannedChanges(work);
      expect(changes.length).toBeGreaterThan(0);
      for (const change of changes) {
        expect(change.address).toMatch(/\.us-east-1_/);
        expect(change.actions).toEqual(['create']);
      }
      expectStatus(work.apply());
      await expectConfigured(account, 'us-east-1');
      const after = await expectConfigured(account, 'us-east-2');
      expect(after.latestVersion).toBe(before.latestVersion);
      expect(after.defaultContent).toEqual(before.defaultContent);
      expect(expectStatus(work.plan(), 0, 2).status).toBe(0);
    });

    it('retires us-east-1: its resources are forgotten (left in AWS as applied), us-east-2 is untouched, the re-plan is clean', async () => {
      expect(work).toBeDefined();
      const inUsEast1 = stateList(work).filter((a) => a.includes('.us-east-1_'));
      expect(inUsEast1.length).toBeGreaterThan(0);
      const usEast1Before = (await readDocument(emulator(), 'us-east-1', account, DOC))!;

      work.write(
        shards(account, { regions: ['us-east-2'], retiredRegions: ['us-east-1'] })
          .values()
          .next().value!,
      );
      const changes = plannedChanges(work);
      expect(changes.map((c) => c.address).sort()).toEqual([...inUsEast1].sort());
      for (const change of changes) expect(change.actions).toEqual(['forget']);
      expectStatus(work.apply());

      expect(stateList(work).filter((a) => a.includes('.us-east-1_'))).toEqual([]);
      const usEast1After = (await readDocument(emulator(), 'us-east-1', account, DOC))!;
      expect(usEast1After.defaultVersion).toBe(usEast1Before.defaultVersion);
      expect(usEast1After.defaultContent).toEqual(usEast1Before.defaultContent);
      const usEast2 = await expectConfigured(account, 'us-east-2');
      expect(usEast2.latestVersion).toBe(before.latestVersion);
      expect(expectStatus(work.plan(), 0, 2).status).toBe(0);
    });
  });
});
