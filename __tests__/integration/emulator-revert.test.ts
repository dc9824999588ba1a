/**
 * Going back to earlier preferences (A -> B -> A) must take effect in both modes: after every apply
 * that reports success, the document's default version (and $LATEST) hold the configured content,
 * and a re-plan is clean.
 */
import { minimalModel, synthModel } from '../helpers';
import { describeEmulator, emulatorWorkDir, expectStatus, invokeUpdater, readDocument, emulatorForBlock } from '../support/emulator';

jest.setTimeout(30 * 60_000);

const DOC = 'SSM-SessionManagerRunShell';
const REGION = 'eu-west-1';
/** Small preferences: no key, no log group, so an apply stays short. */
const preferences = (idleSessionTimeout: number) => ({
  idleSessionTimeout,
  sessionEncryption: { enabled: false },
  cloudWatch: { enabled: false },
});
const shardOf = (account: string, idle: number): [string, string] => {
  const stacks = synthModel(minimalModel({ accounts: [{ id: account, name: 'revert' }], preferences: preferences(idle) }));
  return [...stacks].find(([name]) => name !== 'revert-global')!;
};

describeEmulator('going back to earlier preferences', () => {
  const emulator = emulatorForBlock();

  it('documentManagement terraform: A -> B -> A leaves A in the default and latest version, and a clean plan', async () => {
    const account = '220000000001';
    const [name, a] = shardOf(account, 20);
    const work = emulatorWorkDir(emulator(), a, name);
    expectStatus(work.init());
    const seen: string[] = [];
    for (const idle of [20, 15, 20]) {
      work.write(shardOf(account, idle)[1]);
      expectStatus(work.apply());
      const doc = (await readDocument(emulator(), REGION, account, DOC))!;
      seen.push(`${doc.defaultContent.inputs.idleSessionTimeout}/${doc.latestContent.inputs.idleSessionTimeout}`);
      expect(doc.defaultVersion).toBe(doc.latestVersion);
      expect(doc.defaultContent.inputs.idleSessionTimeout).toBe(String(idle));
      expect(expectStatus(work.plan(), 0, 2).status).toBe(0);
    }
    expect(seen).toEqual(['20/20', '15/15', '20/20']);
  });

  it('documentManagement lambda: the updater takes A -> B -> A to A in the default and latest version', async () => {
    const account = '220000000002';
    const content = (idle: number) => ({
      schemaVersion: '1.0',
      description: 'revert test',
      sessionType: 'Standard_Stream',
      inputs: { idleSessionTimeout: String(idle), cloudWatchLogGroupName: '', s3BucketName: '', kmsKeyId: '', runAsEnabled: false },
    });
    const event = (idle: number, action: string, prev?: number) => ({
      documentName: DOC,
      documentFormat: 'JSON',
      documentType: 'Session',
      content: content(idle),
      tf: { action, prev_input: prev === undefined ? null : { documentName: DOC, content: content(prev) } },
    });
    await invokeUpdater(emulator(), REGION, account, event(20, 'create'));
    await invokeUpdater(emulator(), REGION, account, event(15, 'update', 20));
    const result = await invokeUpdater(emulator(), REGION, account, event(20, 'update', 15));
    const doc = (await readDocument(emulator(), REGION, account, DOC))!;
    expect(doc.defaultContent).toEqual(content(20));
    expect(doc.latestContent).toEqual(content(20));
    expect(result).toMatchObject({ action: 'updated', defaultVersion: doc.defaultVersion });
  });
});
