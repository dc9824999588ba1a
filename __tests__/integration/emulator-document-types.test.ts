/**
 * One custom Session document of each type (Standard_Stream, Port, InteractiveCommands,
 * NonInteractiveCommands) applied with Terraform against the emulator and read back: the content
 * SSM holds in its default version is the content the builder made, the document type is Session,
 * and the default version is the latest. The account-wide stack with restricted port forwarding
 * and the database-port document policy applies too.
 */
import { GetPolicyCommand, GetPolicyVersionCommand, IAMClient } from '@aws-sdk/client-iam';
import { buildCustomDocument } from '../../src/documents/build-custom-document';
import { withoutRevision } from '../../src/documents/build-session-document';
import { minimalModel, synthModel } from '../helpers';
import { describeEmulator, emulatorForBlock, emulatorWorkDir, expectStatus, readDocument, sdkConfig } from '../support/emulator';
import { APP_LOGS, BREAK_GLASS, DATABASE_PORT, FOUR_DOCUMENTS, RESTART_APP } from '../support/document-types-fixture';

jest.setTimeout(30 * 60_000);

const ACCOUNT = '241000000001';
const REGION = 'eu-west-1';
const model = minimalModel({
  accounts: [{ id: ACCOUNT, name: 'doctypes' }],
  // Small preferences: no key, no log group, so an apply stays short.
  preferences: { sessionEncryption: { enabled: false }, cloudWatch: { enabled: false } },
  customDocuments: FOUR_DOCUMENTS,
  access: { portForwarding: 'restricted', documentPolicies: [{ name: 'Developers', documents: [DATABASE_PORT] }] },
});
const stacks = synthModel(model);
const regionStack = [...stacks].find(([name]) => name !== 'doctypes-global')!;
const documents = model.accounts[0]!.regions[0]!.customDocuments;

describeEmulator('custom Session documents of every type', () => {
  const emulator = emulatorForBlock();

  it('apply; each document reads back with the configured content, type Session, the latest version as default; a re-plan is clean', async () => {
    const work = emulatorWorkDir(emulator(), regionStack[1], regionStack[0]);
    expectStatus(work.init());
    expectStatus(work.apply());
    const types: Record<string, string> = {};
    for (const name of [BREAK_GLASS, DATABASE_PORT, RESTART_APP, APP_LOGS]) {
      const doc = (await readDocument(emulator(), REGION, ACCOUNT, name))!;
      expect(doc).toBeDefined();
      expect(doc.documentType).toBe('Session');
      expect(doc.defaultVersion).toBe(doc.latestVersion);
      const expected = buildCustomDocument(documents.find((d) => d.name === name)!);
      expect({ ...doc.defaultContent, description: withoutRevision(doc.defaultContent.description) }).toEqual(expected);
      types[name] = doc.defaultContent.sessionType;
    }
    expect(types).toEqual({ [BREAK_GLASS]: 'Standard_Stream', [DATABASE_PORT]: 'Port', [RESTART_APP]: 'NonInteractiveCommands', [APP_LOGS]: 'InteractiveCommands' });
    expect(expectStatus(work.plan(), 0, 2).status).toBe(0);
  });

  it('the account-wide stack applies the database-port document policy, with the Deny on AWS port forwarding', async () => {
    const work = emulatorWorkDir(emulator(), stacks.get('doctypes-global')!, 'doctypes-global');
    expectStatus(work.init());
    expectStatus(work.apply());
    const iam = new IAMClient(sdkConfig(emulator(), 'us-east-1', ACCOUNT));
    try {
      const arn = `arn:aws:iam::${ACCOUNT}:policy/session-manager/SessionManagerDevelopersAccess`;
      const version = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId!;
      const document = JSON.parse(decodeURIComponent((await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: version }))).PolicyVersion!.Document!));
      const sids = document.Statement.map((s: { Sid: string }) => s.Sid);
      expect(sids).toEqual(expect.arrayContaining(['StartSessionWithSessionDocuments', 'DenyPortForwardingSessions']));
      const granted = document.Statement.find((s: { Sid: string }) => s.Sid === 'StartSessionWithSessionDocuments').Resource;
      expect(granted).toEqual([`arn:aws:ssm:${REGION}:${ACCOUNT}:document/${DATABASE_PORT}`]);
    } finally {
      iam.destroy();
    }
  });
});
