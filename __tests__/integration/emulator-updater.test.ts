/**
 * The updater Lambda's handler (lambda-src/) run in-process against the emulator's SSM, for every
 * path Terraform's aws_lambda_invocation takes it through: create, update, equal, going back,
 * restore on delete, and delete where there was no document before. Each case has its own account.
 */
import { CreateDocumentCommand, SSMClient } from '@aws-sdk/client-ssm';
import { describeEmulator, invokeUpdater, readDocument, sdkConfig, emulatorForBlock } from '../support/emulator';

jest.setTimeout(10 * 60_000);

const DOC = 'SSM-SessionManagerRunShell';
const REGION = 'eu-west-1';
const TAG = 'session-manager-preferences:restore-version';

const content = (idle: number, logGroup = '/session-manager/sessions') => ({
  schemaVersion: '1.0',
  description: 'Session Manager preferences managed as code (session-manager-preferences).',
  sessionType: 'Standard_Stream',
  inputs: {
    s3BucketName: '',
    s3KeyPrefix: '',
    s3EncryptionEnabled: false,
    cloudWatchLogGroupName: logGroup,
    cloudWatchEncryptionEnabled: true,
    cloudWatchStreamingEnabled: true,
    idleSessionTimeout: String(idle),
    maxSessionDuration: '60',
    kmsKeyId: '',
    runAsEnabled: false,
    runAsDefaultUser: '',
  },
});
type Content = ReturnType<typeof content>;
const event = (action: 'create' | 'update' | 'delete', wanted: Content, prev?: Content) => ({
  documentName: DOC,
  documentFormat: 'JSON',
  documentType: 'Session',
  content: wanted,
  tf: { action, prev_input: prev === undefined ? null : { documentName: DOC, documentFormat: 'JSON', documentType: 'Session', content: prev } },
});
/** The document the console writes when someone saves Session Manager preferences by hand. */
const CONSOLE_CONTENT = {
  schemaVersion: '1.0',
  description: 'Document to hold regional settings for Session Manager',
  sessionType: 'Standard_Stream',
  inputs: {
    s3BucketName: '',
    s3KeyPrefix: '',
    s3EncryptionEnabled: true,
    cloudWatchLogGroupName: '',
    cloudWatchEncryptionEnabled: true,
    cloudWatchStreamingEnabled: true,
    idleSessionTimeout: '20',
    maxSessionDuration: '',
    kmsKeyId: '',
    runAsEnabled: false,
    runAsDefaultUser: '',
    shellProfile: { windows: '', linux: '' },
  },
};

describeEmulator('the updater against the emulator', () => {
  const emulator = emulatorForBlock();
  const read = (account: string) => readDocument(emulator(), REGION, account, DOC);
  const consoleDocument = async (account: string) => {
    const ssm = new SSMClient(sdkConfig(emulator(), REGION, account));
    await ssm.send(new CreateDocumentCommand({ Name: DOC, DocumentType: 'Session', DocumentFormat: 'JSON', Content: JSON.stringify(CONSOLE_CONTENT) }));
    ssm.destroy();
  };

  it('create where there is no document: creates it (version 1, default) and records "none" as the restore snapshot', async () => {
    const account = '240000000001';
    const result = await invokeUpdater(emulator(), REGION, account, event('create', content(20)));
    expect(result).toMatchObject({ action: 'created', version: '1', defaultVersion: '1', snapshot: { existed: false } });
    const doc = (await read(account))!;
    expect(doc).toMatchObject({ documentType: 'Session', documentFormat: 'JSON', defaultVersion: '1', latestVersion: '1' });
    expect(doc.defaultContent).toEqual(content(20));
    expect(doc.tags[TAG]).toBe('none');
  });

  it('create over a console-made document: updates it, records its version for the restore, and leaves equal content alone', async () => {
    const account = '240000000002';
    await consoleDocument(account);
    const created = await invokeUpdater(emulator(), REGION, account, event('create', content(20)));
    expect(created).toMatchObject({ action: 'updated', version: '2', defaultVersion: '2', snapshot: { existed: true, version: '1' } });
    let doc = (await read(account))!;
    expect(doc).toMatchObject({ defaultVersion: '2', latestVersion: '2' });
    expect(doc.defaultContent).toEqual(content(20));
    expect(doc.tags[TAG]).toBe('1');

    const updated = await invokeUpdater(emulator(), REGION, account, event('update', content(15), content(20)));
    expect(updated).toMatchObject({ action: 'updated', version: '3', defaultVersion: '3' });
    doc = (await read(account))!;
    expect(doc).toMatchObject({ defaultVersion: '3', latestVersion: '3' });
    expect(doc.defaultContent.inputs.idleSessionTimeout).toBe('15');

    // Equal content (keys in another order): nothing written.
    const reordered = { inputs: { ...content(15).inputs }, sessionType: 'Standard_Stream', description: content(15).description, schemaVersion: '1.0' } as unknown as Content;
    const equal = await invokeUpdater(emulator(), REGION, account, event('update', reordered, content(15)));
    expect(equal).toMatchObject({ action: 'unchanged', version: '3', defaultVersion: '3' });
    expect((await read(account))!.latestVersion).toBe('3');
  });

  it('update back to earlier content (A -> B -> A): a new version holding A becomes the default', async () => {
    const account = '240000000003';
    await invokeUpdater(emulator(), REGION, account, event('create', content(20)));
    await invokeUpdater(emulator(), REGION, account, event('update', content(15), content(20)));
    const back = await invokeUpdater(emulator(), REGION, account, event('update', content(20), content(15)));
    const doc = (await read(account))!;
    expect(back).toMatchObject({ action: 'updated', version: '3', defaultVersion: '3' });
    expect(doc).toMatchObject({ defaultVersion: '3', latestVersion: '3' });
    expect(doc.defaultContent).toEqual(content(20));
    // And forth again: B is an earlier version too.
    await invokeUpdater(emulator(), REGION, account, event('update', content(15), content(20)));
    const again = (await read(account))!;
    expect(again).toMatchObject({ defaultVersion: '4', latestVersion: '4' });
    expect(again.defaultContent).toEqual(content(15));
  });

  it('delete after a create over a console-made document: the console content is the default again and the tag is gone', async () => {
    const account = '240000000004';
    await consoleDocument(account);
    await invokeUpdater(emulator(), REGION, account, event('create', content(20)));
    const deleted = await invokeUpdater(emulator(), REGION, account, event('delete', content(20), content(20)));
    expect(deleted).toMatchObject({ action: 'restored', snapshot: { existed: true, version: '1' } });
    const doc = (await read(account))!;
    expect(doc.defaultContent).toEqual(CONSOLE_CONTENT);
    expect(doc.latestContent).toEqual(CONSOLE_CONTENT);
    expect(doc.defaultVersion).toBe(doc.latestVersion);
    expect(doc.tags[TAG]).toBeUndefined();
  });

  it('delete where there was no document before: the document is deleted; a second delete changes nothing', async () => {
    const account = '240000000005';
    await invokeUpdater(emulator(), REGION, account, event('create', content(20)));
    const deleted = await invokeUpdater(emulator(), REGION, account, event('delete', content(20), content(20)));
    expect(deleted).toMatchObject({ action: 'deleted', snapshot: { existed: false } });
    expect(await read(account)).toBeUndefined();
    const again = await invokeUpdater(emulator(), REGION, account, event('delete', content(20), content(20)));
    expect(again).toMatchObject({ action: 'unchanged', reason: 'document does not exist' });
  });
});
