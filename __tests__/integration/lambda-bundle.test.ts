import * as ssmSdk from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleLambda } from '../../src/updater/bundle';
import { tempDir } from '../helpers';

/** Loads the CommonJS bundle, resolving @aws-sdk/client-ssm to the (mockable) test copy. */
function load(code: string): { handler: (e: unknown, c: unknown) => Promise<unknown> } {
  const mod = { exports: {} as Record<string, unknown> };
  // The bundle is CommonJS: it gets a require() that resolves any other module at run time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const req = (id: string) => (id === '@aws-sdk/client-ssm' ? ssmSdk : require(id));
  new Function('module', 'exports', 'require', code)(mod, mod.exports, req);
  return mod.exports as never;
}

describe('bundle', () => {
  let dir: string;
  let code: string;
  beforeAll(async () => {
    dir = tempDir('bundle-test-');
    writeFileSync(join(dir, 'stale.txt'), 'left over');
    const file = await bundleLambda(dir);
    expect(file).toBe(join(dir, 'index.js'));
    code = readFileSync(file, 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('index.js is the only file; the SDK stays external', () => {
    expect(readdirSync(dir)).toEqual(['index.js']);
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['@aws-sdk/client-ssm', 'node:crypto']));
    expect(code).not.toMatch(/smithy|SSMServiceException/);
  });

  test('refuses a directory that contains the project', async () => {
    await expect(bundleLambda(join(__dirname, '..', '..'))).rejects.toThrow(/refusing/);
    await expect(bundleLambda('/')).rejects.toThrow(/refusing/);
  });

  test('the bundled handler works end to end (create path)', async () => {
    const ssm = mockClient(ssmSdk.SSMClient);
    const logs = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      ssm.on(ssmSdk.GetDocumentCommand).rejects(Object.assign(new Error('missing'), { name: 'InvalidDocument', $metadata: {} }));
      ssm.on(ssmSdk.CreateDocumentCommand).resolves({ DocumentDescription: { DocumentVersion: '1', DefaultVersion: '1' } });
      const { handler } = load(code);
      const content = { schemaVersion: '1.0', sessionType: 'Standard_Stream', inputs: {} };
      const result = await handler(
        {
          documentName: 'SSM-SessionManagerRunShell',
          documentFormat: 'JSON',
          documentType: 'Session',
          content,
          tf: { action: 'create', prev_input: null },
        },
        { getRemainingTimeInMillis: () => 30_000 },
      );
      expect(result).toEqual({
        action: 'created',
        documentName: 'SSM-SessionManagerRunShell',
        version: '1',
        defaultVersion: '1',
        snapshot: { existed: false },
      });
      expect(ssm.commandCalls(ssmSdk.CreateDocumentCommand)[0].args[0].input).toMatchObject({ Content: JSON.stringify(content) });
      await expect(handler({}, { getRemainingTimeInMillis: () => 30_000 })).rejects.toThrow('field "documentName" is missing');
    } finally {
      logs.mockRestore();
      errors.mockRestore();
      ssm.restore();
    }
  });
});
