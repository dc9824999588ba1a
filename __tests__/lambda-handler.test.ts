import {
  AddTagsToResourceCommand,
  CreateDocumentCommand,
  DeleteDocumentCommand,
  DescribeDocumentCommand,
  DocumentAlreadyExists,
  DuplicateDocumentContent,
  GetDocumentCommand,
  InvalidDocument,
  ListTagsForResourceCommand,
  RemoveTagsFromResourceCommand,
  SSMClient,
  TooManyUpdates,
  UpdateDocumentCommand,
  UpdateDocumentDefaultVersionCommand,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler, type HandlerDeps } from '../lambda-src/handler';
import { ACCESS_DENIED_RETRY_WINDOW_MS } from '../lambda-src/retry';
import { awsError } from './support/aws-errors';

const ssm = mockClient(SSMClient);

const NAME = 'SSM-SessionManagerRunShell';
const TAG_KEY = 'session-manager-preferences:restore-version';
const PROFILE_MARKER = 'PROFILE_MARKER_7f3a';

const CONTENT = {
  schemaVersion: '1.0',
  description: 'Document to hold regional settings for Session Manager',
  sessionType: 'Standard_Stream',
  inputs: {
    s3BucketName: 'org-session-logs',
    s3KeyPrefix: 'sessions/',
    s3EncryptionEnabled: true,
    cloudWatchLogGroupName: '/aws/ssm/sessions',
    cloudWatchEncryptionEnabled: true,
    cloudWatchStreamingEnabled: true,
    kmsKeyId: 'alias/session-manager',
    runAsEnabled: false,
    runAsDefaultUser: '',
    idleSessionTimeout: '20',
    maxSessionDuration: '60',
    shellProfile: {
      windows: `Write-Host "${PROFILE_MARKER} windows"`,
      linux: `export ${PROFILE_MARKER}=1; cd $HOME; exec bash -l`,
    },
  },
};
const CONTENT_STR = JSON.stringify(CONTENT);

/** Same value, every object's keys in reverse order, pretty-printed: must count as equal. */
function reordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reordered);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .reverse()
        .map((k) => [k, reordered((v as Record<string, unknown>)[k])]),
    );
  return v;
}
const CONTENT_REORDERED = JSON.stringify(reordered(CONTENT), null, 2);
const OTHER_CONTENT = JSON.stringify({ ...CONTENT, inputs: { ...CONTENT.inputs, idleSessionTimeout: '60' } });
const AWS_DEFAULT_CONTENT =
  '{\n  "schemaVersion": "1.0",\n  "description": "Document to hold regional settings for Session Manager",\n  "sessionType": "Standard_Stream",\n  "inputs": {}\n}';

function event(action: 'create' | 'update' | 'delete', overrides: Record<string, unknown> = {}) {
  return {
    documentName: NAME,
    documentFormat: 'JSON',
    documentType: 'Session',
    content: CONTENT,
    tf: { action, prev_input: action === 'create' ? null : { documentName: NAME, content: CONTENT } },
    ...overrides,
  };
}

const meta = { $metadata: { httpStatusCode: 400 } };
const invalidDocument = () => new InvalidDocument({ message: 'Document with name SSM-SessionManagerRunShell does not exist.', ...meta });
const throttle = () => awsError('ThrottlingException', { fault: 'client', status: 400, message: 'Rate exceeded' });
const accessDenied = (operation = 'GetDocument') =>
  awsError('AccessDeniedException', { fault: 'client', status: 400, message: `User: arn:aws:sts::111111111111:assumed-role/x is not authorized to perform: ssm:${operation}` });
const serverError = () => awsError('InternalServerError', { fault: 'server', status: 500, message: 'Internal failure' });

/** Fake clock: sleep (or advance, for slow calls) moves time on, the Lambda context's remaining time shrinks accordingly. */
function fakeClock(remainingAtStart = 60_000) {
  let elapsed = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      elapsed += ms;
    },
    advance: (ms: number) => {
      elapsed += ms;
    },
    context: { getRemainingTimeInMillis: () => remainingAtStart - elapsed, awsRequestId: 'req-123' },
  };
}

let logs: string[];
beforeEach(() => {
  ssm.reset();
  logs = [];
  delete process.env.LOG_LEVEL;
  for (const m of ['log', 'warn', 'error'] as const)
    jest.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      logs.push(args.map(String).join(' '));
    });
});
afterEach(() => jest.restoreAllMocks());

function run(ev: unknown, opts: { clock?: ReturnType<typeof fakeClock>; deps?: HandlerDeps } = {}) {
  const clock = opts.clock ?? fakeClock();
  return createHandler({ sleep: clock.sleep, random: () => 0.5, ...opts.deps })(ev, clock.context);
}

const inputs = <T extends object>(cmd: new (input: T) => { input: T }) => ssm.commandCalls(cmd as never).map((c) => (c.args[0] as unknown as { input: T }).input);
const callNames = () => ssm.calls().map((c) => (c.args[0] as object).constructor.name.replace(/Command$/, ''));
const parsedLogs = () => logs.map((l) => JSON.parse(l) as Record<string, unknown>);

/** An existing document: $LATEST = latest, versions as given, optional snapshot tag. */
function existing(o: { latestContent: string; latest: string; default: string; tag?: string }) {
  ssm.on(GetDocumentCommand, { Name: NAME, DocumentVersion: '$LATEST' }).resolves({
    Name: NAME,
    Content: o.latestContent,
    DocumentVersion: o.latest,
    DocumentFormat: 'JSON',
    DocumentType: 'Session',
  });
  ssm.on(DescribeDocumentCommand).resolves({ Document: { Name: NAME, DefaultVersion: o.default, LatestVersion: o.latest } });
  ssm.on(ListTagsForResourceCommand).resolves({
    TagList: [{ Key: 'owner', Value: 'platform' }, ...(o.tag === undefined ? [] : [{ Key: TAG_KEY, Value: o.tag }])],
  });
}

describe('create / update', () => {
  test('missing document is created with the snapshot tag "none"', async () => {
    ssm.on(GetDocumentCommand).rejects(invalidDocument());
    ssm.on(CreateDocumentCommand).resolves({
      DocumentDescription: { Name: NAME, DocumentVersion: '1', LatestVersion: '1', DefaultVersion: '1' },
    });

    const result = await run(event('create'));

    expect(result).toEqual({
      action: 'created',
      documentName: NAME,
      version: '1',
      defaultVersion: '1',
      snapshot: { existed: false },
    });
    expect(inputs(GetDocumentCommand)).toEqual([{ Name: NAME, DocumentVersion: '$LATEST' }]);
    expect(inputs(CreateDocumentCommand)).toEqual([
      {
        Name: NAME,
        Content: CONTENT_STR,
        DocumentType: 'Session',
        DocumentFormat: 'JSON',
        Tags: [{ Key: TAG_KEY, Value: 'none' }],
      },
    ]);
    expect(callNames()).toEqual(['GetDocument', 'CreateDocument']);
  });

  test('existing equal content (different key order and whitespace) is unchanged: no UpdateDocument', async () => {
    existing({ latestContent: CONTENT_REORDERED, latest: '3', default: '3', tag: '2' });

    const result = await run(event('update'));

    expect(result).toEqual({
      action: 'unchanged',
      documentName: NAME,
      version: '3',
      defaultVersion: '3',
      snapshot: { existed: true, version: '2' },
    });
    expect(callNames()).toEqual(['GetDocument', 'DescribeDocument', 'ListTagsForResource']);
    expect(inputs(DescribeDocumentCommand)).toEqual([{ Name: NAME }]);
    expect(inputs(ListTagsForResourceCommand)).toEqual([{ ResourceType: 'Document', ResourceId: NAME }]);
  });

  test('existing equal content but default != latest: only UpdateDocumentDefaultVersion', async () => {
    existing({ latestContent: CONTENT_REORDERED, latest: '4', default: '3', tag: '2' });

    const result = await run(event('update'));

    expect(inputs(UpdateDocumentCommand)).toEqual([]);
    expect(inputs(UpdateDocumentDefaultVersionCommand)).toEqual([{ Name: NAME, DocumentVersion: '4' }]);
    expect(result).toEqual({
      action: 'updated',
      documentName: NAME,
      version: '4',
      defaultVersion: '4',
      snapshot: { existed: true, version: '2' },
    });
  });

  test('existing different content on first touch: snapshot tag = previous default, then UpdateDocument and default version', async () => {
    existing({ latestContent: AWS_DEFAULT_CONTENT, latest: '3', default: '2' });
    ssm.on(UpdateDocumentCommand).resolves({ DocumentDescription: { Name: NAME, DocumentVersion: '4', LatestVersion: '4', DefaultVersion: '2' } });

    const result = await run(event('create'));

    expect(inputs(AddTagsToResourceCommand)).toEqual([{ ResourceType: 'Document', ResourceId: NAME, Tags: [{ Key: TAG_KEY, Value: '2' }] }]);
    expect(inputs(UpdateDocumentCommand)).toEqual([{ Name: NAME, Content: CONTENT_STR, DocumentVersion: '$LATEST', DocumentFormat: 'JSON' }]);
    expect(inputs(UpdateDocumentDefaultVersionCommand)).toEqual([{ Name: NAME, DocumentVersion: '4' }]);
    // The snapshot is durable before anything is changed.
    expect(callNames()).toEqual(['GetDocument', 'DescribeDocument', 'ListTagsForResource', 'AddTagsToResource', 'UpdateDocument', 'UpdateDocumentDefaultVersion']);
    expect(inputs(CreateDocumentCommand)).toEqual([]);
    expect(result).toEqual({
      action: 'updated',
      documentName: NAME,
      version: '4',
      defaultVersion: '4',
      snapshot: { existed: true, version: '2' },
    });
  });

  test('unparseable existing content counts as different', async () => {
    existing({ latestContent: 'schemaVersion: "1.0"\n{not json', latest: '1', default: '1', tag: 'none' });
    ssm.on(UpdateDocumentCommand).resolves({ DocumentDescription: { DocumentVersion: '2' } });

    const result = await run(event('update'));

    expect(inputs(UpdateDocumentCommand)).toHaveLength(1);
    expect(inputs(UpdateDocumentDefaultVersionCommand)).toEqual([{ Name: NAME, DocumentVersion: '2' }]);
    expect(result).toMatchObject({ action: 'updated', version: '2', defaultVersion: '2', snapshot: { existed: false } });
  });

  test('content equal to an earlier version (DuplicateDocumentContent): added again in a distinct form, which becomes the default', async () => {
    existing({ latestContent: OTHER_CONTENT, latest: '5', default: '5', tag: '2' });
    ssm.on(GetDocumentCommand, { Name: NAME, DocumentVersion: '5' }).resolves({ Content: OTHER_CONTENT, DocumentVersion: '5', DocumentFormat: 'JSON' });
    ssm
      .on(UpdateDocumentCommand)
      .rejectsOnce(new DuplicateDocumentContent({ message: 'The content of the document matches another version.', ...meta }))
      .resolves({ DocumentDescription: { DocumentVersion: '6' } });

    const result = await run(event('update'));

    const updates = inputs(UpdateDocumentCommand);
    expect(updates).toHaveLength(2);
    expect(updates[1].Content).not.toBe(CONTENT_STR);
    expect(JSON.parse(updates[1].Content as string)).toEqual(CONTENT);
    expect(inputs(UpdateDocumentDefaultVersionCommand)).toEqual([{ Name: NAME, DocumentVersion: '6' }]);
    expect(inputs(AddTagsToResourceCommand)).toEqual([]);
    expect(result).toEqual({
      action: 'updated',
      documentName: NAME,
      version: '6',
      defaultVersion: '6',
      snapshot: { existed: true, version: '2' },
    });
  });

  test('DuplicateDocumentContent after a concurrent update: default is pointed at the re-read latest version', async () => {
    existing({ latestContent: OTHER_CONTENT, latest: '5', default: '5', tag: '2' });
    ssm
      .on(DescribeDocumentCommand)
      .resolvesOnce({ Document: { DefaultVersion: '5', LatestVersion: '5' } })
      .resolves({ Document: { DefaultVersion: '5', LatestVersion: '6' } });
    ssm.on(GetDocumentCommand, { Name: NAME, DocumentVersion: '6' }).resolves({ Content: CONTENT_REORDERED, DocumentVersion: '6', DocumentFormat: 'JSON' });
    ssm.on(UpdateDocumentCommand).rejects(new DuplicateDocumentContent({ message: 'duplicate', ...meta }));

    const result = await run(event('update'));

    expect(inputs(UpdateDocumentCommand)).toHaveLength(1);
    expect(inputs(UpdateDocumentDefaultVersionCommand)).toEqual([{ Name: NAME, DocumentVersion: '6' }]);
    expect(result).toMatchObject({ action: 'updated', version: '6', defaultVersion: '6' });
  });

  test('SSM refusing the distinct form too: the newest earlier version with equal content becomes the default, with a warning', async () => {
    existing({ latestContent: OTHER_CONTENT, latest: '5', default: '5', tag: '2' });
    ssm.on(GetDocumentCommand, { Name: NAME, DocumentVersion: '5' }).resolves({ Content: OTHER_CONTENT, DocumentVersion: '5', DocumentFormat: 'JSON' });
    ssm.on(GetDocumentCommand, { Name: NAME, DocumentVersion: '4' }).resolves({ Content: OTHER_CONTENT, DocumentVersion: '4', DocumentFormat: 'JSON' });
    ssm.on(GetDocumentCommand, { Name: NAME, DocumentVersion: '3' }).resolves({ Content: CONTENT_REORDERED, DocumentVersion: '3', DocumentFormat: 'JSON' });
    ssm.on(UpdateDocumentCommand).rejects(new DuplicateDocumentContent({ message: 'duplicate', ...meta }));

    const result = await run(event('update'));

    expect(inputs(UpdateDocumentCommand)).toHaveLength(2);
    expect(inputs(UpdateDocumentDefaultVersionCommand)).toEqual([{ Name: NAME, DocumentVersion: '3' }]);
    expect(result).toMatchObject({ action: 'updated', version: '3', defaultVersion: '3' });
    expect(parsedLogs().find((l) => l.level === 'warn' && String(l.msg).includes('earlier version the default'))).toMatchObject({ version: '3', latestVersion: '5' });
  });

  test('SSM refusing the content when no recent version holds it: the invocation fails and says what to do', async () => {
    existing({ latestContent: OTHER_CONTENT, latest: '2', default: '2', tag: '2' });
    ssm.on(GetDocumentCommand, { Name: NAME, DocumentVersion: '2' }).resolves({ Content: OTHER_CONTENT, DocumentVersion: '2', DocumentFormat: 'JSON' });
    ssm.on(GetDocumentCommand, { Name: NAME, DocumentVersion: '1' }).resolves({ Content: AWS_DEFAULT_CONTENT, DocumentVersion: '1', DocumentFormat: 'JSON' });
    ssm.on(UpdateDocumentCommand).rejects(new DuplicateDocumentContent({ message: 'duplicate', ...meta }));

    await expect(run(event('update'))).rejects.toThrow(/DuplicateDocumentContent.*aws ssm update-document-default-version --name SSM-SessionManagerRunShell/);
    expect(inputs(UpdateDocumentDefaultVersionCommand)).toEqual([]);
  });

  test('race on create (DocumentAlreadyExists) switches to the update path', async () => {
    ssm.on(GetDocumentCommand).rejectsOnce(invalidDocument()).resolves({ Content: AWS_DEFAULT_CONTENT, DocumentVersion: '1', DocumentFormat: 'JSON' });
    ssm.on(CreateDocumentCommand).rejects(new DocumentAlreadyExists({ message: 'Document with same name already exists', ...meta }));
    ssm.on(DescribeDocumentCommand).resolves({ Document: { DefaultVersion: '1', LatestVersion: '1' } });
    ssm.on(ListTagsForResourceCommand).resolves({ TagList: [] });
    ssm.on(UpdateDocumentCommand).resolves({ DocumentDescription: { DocumentVersion: '2' } });

    const result = await run(event('create'));

    expect(callNames()).toEqual([
      'GetDocument',
      'CreateDocument',
      'GetDocument',
      'DescribeDocument',
      'ListTagsForResource',
      'AddTagsToResource',
      'UpdateDocument',
      'UpdateDocumentDefaultVersion',
    ]);
    expect(inputs(AddTagsToResourceCommand)[0]).toMatchObject({ Tags: [{ Key: TAG_KEY, Value: '1' }] });
    expect(inputs(UpdateDocumentDefaultVersionCommand)).toEqual([{ Name: NAME, DocumentVersion: '2' }]);
    expect(result).toEqual({
      action: 'updated',
      documentName: NAME,
      version: '2',
      defaultVersion: '2',
      snapshot: { existed: true, version: '1' },
    });
  });

  test('an existing snapshot tag is never overwritten (re-create after a failed delete)', async () => {
    existing({ latestContent: OTHER_CONTENT, latest: '8', default: '8', tag: '7' });
    ssm.on(UpdateDocumentCommand).resolves({ DocumentDescription: { DocumentVersion: '9' } });

    const result = await run(event('create'));

    expect(inputs(AddTagsToResourceCommand)).toEqual([]);
    expect(inputs(RemoveTagsFromResourceCommand)).toEqual([]);
    expect(result).toMatchObject({ action: 'updated', version: '9', snapshot: { existed: true, version: '7' } });
  });

  test('an existing "none" snapshot tag is kept too', async () => {
    existing({ latestContent: CONTENT_STR, latest: '1', default: '1', tag: 'none' });

    const result = await run(event('create'));

    expect(inputs(AddTagsToResourceCommand)).toEqual([]);
    expect(result).toMatchObject({ action: 'unchanged', snapshot: { existed: false } });
  });

  test('update without a snapshot tag does not invent one', async () => {
    existing({ latestContent: CONTENT_STR, latest: '3', default: '3' });

    const result = await run(event('update'));

    expect(inputs(AddTagsToResourceCommand)).toEqual([]);
    expect(result).toMatchObject({ action: 'unchanged', snapshot: { existed: true } });
    expect((result as { snapshot: object }).snapshot).not.toHaveProperty('version');
    expect(parsedLogs().some((l) => l.level === 'warn' && /no restore snapshot tag/.test(String(l.msg)))).toBe(true);
  });

  test('renamed document: new one is a first touch, the previous one is restored', async () => {
    const NEW = 'Org-SessionPreferences';
    ssm.on(GetDocumentCommand, { Name: NEW }).rejects(invalidDocument());
    ssm.on(CreateDocumentCommand).resolves({ DocumentDescription: { DocumentVersion: '1', DefaultVersion: '1' } });
    ssm.on(DescribeDocumentCommand, { Name: NAME }).resolves({ Document: { DefaultVersion: '1', LatestVersion: '1' } });
    ssm.on(ListTagsForResourceCommand, { ResourceId: NAME }).resolves({ TagList: [{ Key: TAG_KEY, Value: 'none' }] });

    const result = await run(event('update', { documentName: NEW }));

    expect(inputs(CreateDocumentCommand)[0]).toMatchObject({ Name: NEW, Tags: [{ Key: TAG_KEY, Value: 'none' }] });
    expect(inputs(DeleteDocumentCommand)).toEqual([{ Name: NAME }]);
    expect(result).toMatchObject({
      action: 'created',
      documentName: NEW,
      previousDocument: { action: 'deleted', documentName: NAME },
    });
  });
});

describe('errors and retries', () => {
  test('throttling and 5xx are retried with backoff, then succeed', async () => {
    ssm.on(GetDocumentCommand).rejectsOnce(throttle()).rejectsOnce(serverError()).resolves({ Content: CONTENT_STR, DocumentVersion: '2', DocumentFormat: 'JSON' });
    ssm.on(DescribeDocumentCommand).resolves({ Document: { DefaultVersion: '1', LatestVersion: '2' } });
    ssm.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: TAG_KEY, Value: '1' }] });
    ssm
      .on(UpdateDocumentDefaultVersionCommand)
      .rejectsOnce(new TooManyUpdates({ message: 'Too many updates', ...meta }))
      .resolves({});
    const clock = fakeClock();

    const result = await run(event('update'), { clock });

    expect(inputs(GetDocumentCommand)).toHaveLength(3);
    expect(inputs(UpdateDocumentDefaultVersionCommand)).toEqual([
      { Name: NAME, DocumentVersion: '2' },
      { Name: NAME, DocumentVersion: '2' },
    ]);
    // full jitter with random() = 0.5: 0.5 * 200, 0.5 * 400, then 0.5 * 200 for the next operation
    expect(clock.sleeps).toEqual([100, 200, 100]);
    expect(result).toMatchObject({ action: 'updated', version: '2', defaultVersion: '2' });
    const retries = parsedLogs().filter((l) => /retrying/.test(String(l.msg)));
    expect(retries.map((l) => [l.operation, l.errorName])).toEqual([
      ['GetDocument', 'ThrottlingException'],
      ['GetDocument', 'InternalServerError'],
      ['UpdateDocumentDefaultVersion', 'TooManyUpdates'],
    ]);
  });

  test('persistent throttling gives up after the max attempt count with a clear error', async () => {
    ssm.on(GetDocumentCommand).rejects(throttle());
    const clock = fakeClock(10 * 60_000);

    await expect(run(event('create'), { clock, deps: { random: () => 0.999 } })).rejects.toThrow(
      /^SSM GetDocument failed: ThrottlingException: Rate exceeded \(gave up after 8 attempts: maximum of 8 attempts reached\)$/,
    );
    expect(inputs(GetDocumentCommand)).toHaveLength(8);
    // capped exponential backoff: 200, 400, ..., capped at 5000
    expect(clock.sleeps).toEqual([199, 399, 799, 1598, 3196, 4995, 4995]);
    expect(inputs(CreateDocumentCommand)).toEqual([]);
  });

  test('throttling stops before the Lambda deadline (safety margin)', async () => {
    ssm.on(GetDocumentCommand).rejects(throttle());
    const clock = fakeClock(4000);

    await expect(run(event('create'), { clock, deps: { random: () => 0.999 } })).rejects.toThrow(
      /SSM GetDocument failed: ThrottlingException: Rate exceeded \(gave up after 4 attempts: Lambda deadline in 2603 ms/,
    );
    expect(clock.sleeps).toEqual([199, 399, 799]);
    expect(clock.context.getRemainingTimeInMillis()).toBeGreaterThanOrEqual(2000);
  });

  test('first apply: AccessDeniedException while IAM propagates the new role is retried within the window, then succeeds', async () => {
    ssm.on(GetDocumentCommand).rejectsOnce(accessDenied()).rejectsOnce(accessDenied()).rejects(invalidDocument());
    ssm
      .on(CreateDocumentCommand)
      .rejectsOnce(accessDenied('CreateDocument'))
      .resolves({ DocumentDescription: { DocumentVersion: '1', DefaultVersion: '1' } });
    const clock = fakeClock();

    const result = await run(event('create'), { clock });

    expect(result).toMatchObject({ action: 'created', version: '1', defaultVersion: '1' });
    expect(inputs(GetDocumentCommand)).toHaveLength(3);
    expect(inputs(CreateDocumentCommand)).toHaveLength(2);
    // the same capped backoff as throttling (random() = 0.5), per operation
    expect(clock.sleeps).toEqual([100, 200, 100]);
    const retries = parsedLogs().filter((l) => /retrying/.test(String(l.msg)));
    expect(retries.map((l) => [l.operation, l.errorName])).toEqual([
      ['GetDocument', 'AccessDeniedException'],
      ['GetDocument', 'AccessDeniedException'],
      ['CreateDocument', 'AccessDeniedException'],
    ]);
  });

  test('the window counts from the start of the invocation: a denial after it surfaces without retrying', async () => {
    const clock = fakeClock(10 * 60_000);
    // The first call is slow enough to use up the window, the second is denied.
    ssm
      .on(GetDocumentCommand)
      .callsFakeOnce(async () => {
        clock.advance(ACCESS_DENIED_RETRY_WINDOW_MS);
        throw throttle();
      })
      .rejects(accessDenied());

    await expect(run(event('create'), { clock })).rejects.toThrow(
      /^SSM GetDocument failed: AccessDeniedException: User: arn:aws:sts::111111111111:assumed-role\/x is not authorized to perform: ssm:GetDocument$/,
    );
    expect(inputs(GetDocumentCommand)).toHaveLength(2);
    expect(clock.sleeps).toEqual([100]);
  });

  test('without a Lambda deadline the window is measured in time slept', async () => {
    ssm.on(GetDocumentCommand).rejects(accessDenied());
    const sleeps: number[] = [];
    const handler = createHandler({ sleep: async (ms) => void sleeps.push(ms), random: () => 0.999, retry: { maxAttempts: 20 } });

    await expect(handler(event('create'), {} as never)).rejects.toThrow(/^SSM GetDocument failed: AccessDeniedException: User: .* ssm:GetDocument$/);
    // 26171 ms slept after 9 retries (< 30 s), 31166 ms after 10: the 11th denial surfaces.
    expect(sleeps).toEqual([199, 399, 799, 1598, 3196, 4995, 4995, 4995, 4995, 4995]);
    expect(inputs(GetDocumentCommand)).toHaveLength(11);
  });

  test('a non-retryable error (AccessDeniedException after the window) surfaces operation, SSM error name and message without retrying', async () => {
    const clock = fakeClock(10 * 60_000);
    ssm.on(GetDocumentCommand).callsFake(async () => {
      clock.advance(ACCESS_DENIED_RETRY_WINDOW_MS);
      throw accessDenied();
    });

    const err = await run(event('create'), { clock }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(
      'SSM GetDocument failed: AccessDeniedException: User: arn:aws:sts::111111111111:assumed-role/x is not authorized to perform: ssm:GetDocument',
    );
    expect(inputs(GetDocumentCommand)).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect(parsedLogs().find((l) => l.level === 'error')).toMatchObject({ msg: 'failed', errorName: 'AccessDeniedException' });
  });

  test('InvalidDocumentContent from UpdateDocument surfaces', async () => {
    existing({ latestContent: OTHER_CONTENT, latest: '2', default: '2', tag: '1' });
    ssm.on(UpdateDocumentCommand).rejects(awsError('InvalidDocumentContent', { status: 400, message: 'inputs.foo is not allowed' }));

    await expect(run(event('update'))).rejects.toThrow('SSM UpdateDocument failed: InvalidDocumentContent: inputs.foo is not allowed');
    expect(inputs(UpdateDocumentDefaultVersionCommand)).toEqual([]);
  });
});

describe('delete', () => {
  test('snapshot version: content restored as a new version, default set, tag removed', async () => {
    const original = '{"schemaVersion":"1.0","inputs":{"idleSessionTimeout":"20"},  "sessionType":"Standard_Stream"}';
    ssm.on(DescribeDocumentCommand).resolves({ Document: { DefaultVersion: '5', LatestVersion: '5' } });
    ssm.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: TAG_KEY, Value: '2' }] });
    ssm.on(GetDocumentCommand, { DocumentVersion: '2' }).resolves({ Content: original, DocumentVersion: '2', DocumentFormat: 'JSON' });
    ssm.on(GetDocumentCommand, { DocumentVersion: '5' }).resolves({ Content: CONTENT_STR, DocumentVersion: '5', DocumentFormat: 'JSON' });
    ssm.on(UpdateDocumentCommand).resolves({ DocumentDescription: { DocumentVersion: '6' } });

    const result = await run(event('delete'));

    expect(inputs(GetDocumentCommand)).toEqual([
      { Name: NAME, DocumentVersion: '2' },
      { Name: NAME, DocumentVersion: '5' },
    ]);
    expect(inputs(UpdateDocumentCommand)).toEqual([{ Name: NAME, Content: original, DocumentVersion: '$LATEST', DocumentFormat: 'JSON' }]);
    expect(inputs(UpdateDocumentDefaultVersionCommand)).toEqual([{ Name: NAME, DocumentVersion: '6' }]);
    expect(inputs(RemoveTagsFromResourceCommand)).toEqual([{ ResourceType: 'Document', ResourceId: NAME, TagKeys: [TAG_KEY] }]);
    expect(inputs(DeleteDocumentCommand)).toEqual([]);
    expect(callNames().at(-1)).toBe('RemoveTagsFromResource');
    expect(result).toEqual({
      action: 'restored',
      documentName: NAME,
      version: '6',
      defaultVersion: '6',
      snapshot: { existed: true, version: '2' },
    });
  });

  test('snapshot version with DuplicateDocumentContent: default set back to the snapshot version', async () => {
    ssm.on(DescribeDocumentCommand).resolves({ Document: { DefaultVersion: '5', LatestVersion: '5' } });
    ssm.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: TAG_KEY, Value: '2' }] });
    ssm.on(GetDocumentCommand, { DocumentVersion: '2' }).resolves({ Content: AWS_DEFAULT_CONTENT, DocumentVersion: '2', DocumentFormat: 'JSON' });
    ssm.on(GetDocumentCommand, { DocumentVersion: '5' }).resolves({ Content: CONTENT_STR, DocumentVersion: '5', DocumentFormat: 'JSON' });
    ssm.on(UpdateDocumentCommand).rejects(new DuplicateDocumentContent({ message: 'duplicate', ...meta }));

    const result = await run(event('delete'));

    expect(inputs(UpdateDocumentDefaultVersionCommand)).toEqual([{ Name: NAME, DocumentVersion: '2' }]);
    expect(inputs(RemoveTagsFromResourceCommand)).toHaveLength(1);
    expect(result).toMatchObject({ action: 'restored', version: '2', defaultVersion: '2' });
  });

  test('snapshot content equal to an earlier version: added again in a distinct form, which becomes the default', async () => {
    ssm.on(DescribeDocumentCommand).resolves({ Document: { DefaultVersion: '5', LatestVersion: '5' } });
    ssm.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: TAG_KEY, Value: '2' }] });
    ssm.on(GetDocumentCommand, { DocumentVersion: '2' }).resolves({ Content: AWS_DEFAULT_CONTENT, DocumentVersion: '2', DocumentFormat: 'JSON' });
    ssm.on(GetDocumentCommand, { DocumentVersion: '5' }).resolves({ Content: CONTENT_STR, DocumentVersion: '5', DocumentFormat: 'JSON' });
    ssm
      .on(UpdateDocumentCommand)
      .rejectsOnce(new DuplicateDocumentContent({ message: 'duplicate', ...meta }))
      .resolves({ DocumentDescription: { DocumentVersion: '6' } });

    const result = await run(event('delete'));

    const updates = inputs(UpdateDocumentCommand);
    expect(updates).toHaveLength(2);
    expect(updates[1].Content).not.toBe(AWS_DEFAULT_CONTENT);
    expect(JSON.parse(updates[1].Content as string)).toEqual(JSON.parse(AWS_DEFAULT_CONTENT));
    expect(inputs(UpdateDocumentDefaultVersionCommand)).toEqual([{ Name: NAME, DocumentVersion: '6' }]);
    expect(result).toMatchObject({ action: 'restored', version: '6', defaultVersion: '6' });
  });

  test('snapshot version whose content is already the default: nothing changed, tag removed', async () => {
    ssm.on(DescribeDocumentCommand).resolves({ Document: { DefaultVersion: '4', LatestVersion: '5' } });
    ssm.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: TAG_KEY, Value: '2' }] });
    ssm.on(GetDocumentCommand, { DocumentVersion: '2' }).resolves({ Content: CONTENT_STR, DocumentVersion: '2', DocumentFormat: 'JSON' });
    ssm.on(GetDocumentCommand, { DocumentVersion: '4' }).resolves({ Content: CONTENT_REORDERED, DocumentVersion: '4', DocumentFormat: 'JSON' });

    const result = await run(event('delete'));

    expect(inputs(UpdateDocumentCommand)).toEqual([]);
    expect(inputs(UpdateDocumentDefaultVersionCommand)).toEqual([]);
    expect(inputs(RemoveTagsFromResourceCommand)).toHaveLength(1);
    expect(result).toMatchObject({ action: 'unchanged', version: '4', defaultVersion: '4', snapshot: { existed: true, version: '2' } });
  });

  test('snapshot "none": the document is deleted', async () => {
    ssm.on(DescribeDocumentCommand).resolves({ Document: { DefaultVersion: '3', LatestVersion: '3' } });
    ssm.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: TAG_KEY, Value: 'none' }] });

    const result = await run(event('delete'));

    expect(inputs(DeleteDocumentCommand)).toEqual([{ Name: NAME }]);
    expect(callNames()).toEqual(['DescribeDocument', 'ListTagsForResource', 'DeleteDocument']);
    expect(result).toEqual({
      action: 'deleted',
      documentName: NAME,
      version: null,
      defaultVersion: null,
      snapshot: { existed: false },
    });
  });

  test('no snapshot tag: the document is left alone with a warning', async () => {
    ssm.on(DescribeDocumentCommand).resolves({ Document: { DefaultVersion: '3', LatestVersion: '3' } });
    ssm.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: 'owner', Value: 'platform' }] });

    const result = await run(event('delete'));

    expect(callNames()).toEqual(['DescribeDocument', 'ListTagsForResource']);
    expect(result).toMatchObject({ action: 'unchanged', documentName: NAME, version: '3', reason: 'no restore snapshot tag' });
    const warning = parsedLogs().find((l) => l.level === 'warn');
    expect(warning).toMatchObject({ documentName: NAME, tfAction: 'delete', action: 'unchanged' });
    expect(String(warning?.msg)).toMatch(/leaving the document as it is/);
  });

  test('document missing: nothing to do', async () => {
    ssm.on(DescribeDocumentCommand).rejects(invalidDocument());

    const result = await run(event('delete'));

    expect(callNames()).toEqual(['DescribeDocument']);
    expect(result).toEqual({
      action: 'unchanged',
      documentName: NAME,
      version: null,
      defaultVersion: null,
      snapshot: null,
      reason: 'document does not exist',
    });
  });

  test('document vanishing before DeleteDocument is fine', async () => {
    ssm.on(DescribeDocumentCommand).resolves({ Document: { DefaultVersion: '1', LatestVersion: '1' } });
    ssm.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: TAG_KEY, Value: 'none' }] });
    ssm.on(DeleteDocumentCommand).rejects(invalidDocument());

    await expect(run(event('delete'))).resolves.toMatchObject({ action: 'deleted' });
  });
});

describe('event validation', () => {
  test.each([
    ['not an object', 'hello', /field "\(root\)" must be a JSON object/],
    ['missing documentName', event('create', { documentName: undefined }), /field "documentName" is missing/],
    ['bad documentName', event('create', { documentName: 'a b' }), /field "documentName" must be an SSM document name/],
    ['wrong documentFormat', event('create', { documentFormat: 'YAML' }), /field "documentFormat" must be "JSON" \(got "YAML"\)/],
    ['wrong documentType', event('create', { documentType: 'Command' }), /field "documentType" must be "Session"/],
    ['missing content', event('create', { content: undefined }), /field "content" is missing/],
    ['string content', event('create', { content: CONTENT_STR }), /field "content" must be a JSON object/],
    ['array content', event('create', { content: [] }), /field "content" must be a JSON object/],
    ['missing tf', event('create', { tf: undefined }), /field "tf" is missing/],
    ['missing tf.action', event('create', { tf: { prev_input: null } }), /field "tf.action" is missing/],
    ['bad tf.action', event('create', { tf: { action: 'read', prev_input: null } }), /field "tf.action" must be one of create, update, delete/],
    ['bad prev_input', event('update', { tf: { action: 'update', prev_input: 'x' } }), /field "tf.prev_input" must be an object or null/],
  ])('%s', async (_label, ev, message) => {
    await expect(run(ev)).rejects.toThrow(message);
    expect(ssm.calls()).toHaveLength(0);
    expect(parsedLogs()[0]).toMatchObject({ level: 'error', msg: 'invalid event' });
  });
});

describe('logging', () => {
  test.each([['info'], ['debug']])('at %s level: JSON lines, content hash only, never the shell profile', async (level) => {
    process.env.LOG_LEVEL = level;
    existing({ latestContent: AWS_DEFAULT_CONTENT, latest: '3', default: '2' });
    ssm.on(UpdateDocumentCommand).resolves({ DocumentDescription: { DocumentVersion: '4' } });

    await run(event('create'));

    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs) {
      expect(line).not.toContain(PROFILE_MARKER);
      expect(line).not.toContain('shellProfile');
      expect(line).not.toContain('org-session-logs');
      expect(line.split('\n')).toHaveLength(1);
    }
    const parsed = parsedLogs();
    for (const l of parsed) {
      expect(['debug', 'info', 'warn', 'error']).toContain(l.level);
      expect(typeof l.msg).toBe('string');
      expect(l).toMatchObject({ documentName: NAME, tfAction: 'create', requestId: 'req-123' });
    }
    expect(parsed[0]).toMatchObject({
      level: 'info',
      msg: 'invocation',
      contentSha256: expect.stringMatching(/^[0-9a-f]{12}$/),
      contentBytes: Buffer.byteLength(CONTENT_STR),
    });
    expect(parsed.at(-1)).toMatchObject({ msg: 'document converged', action: 'updated', version: '4', defaultVersion: '4' });
    const debugLines = parsed.filter((l) => l.level === 'debug');
    if (level === 'debug') expect(debugLines.map((l) => l.operation)).toContain('UpdateDocument');
    else expect(debugLines).toEqual([]);
  });
});
