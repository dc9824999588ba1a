/**
 * The setup every test file runs (__tests__/setup.ts) stays light: jest gives each file its own
 * module registry, so whatever the setup imports, every one of the 70 unit files loads again. This
 * file imports nothing of the project, so its registry shows what the setup alone loaded.
 */
import { CDKTF_MATCHERS } from './support/cdktf-matchers';

/** Files in this test file's jest module registry (jest's require.cache lists them). */
function loadedFiles(): string[] {
  return Object.keys(require.cache);
}

const HEAVY = /node_modules\/(cdktf|@cdktf\/[^/]+|constructs|zod|yaml)\/|\/(src|stacks)\//;

/** A synthesized stack's JSON with one SSM document, as cdktf's matchers read it. */
const SYNTHESIZED = JSON.stringify({ resource: { aws_ssm_document: { prefs: { name: 'SSM-SessionManagerRunShell', document_type: 'Session' } } } });
const SSM_DOCUMENT = { tfResourceType: 'aws_ssm_document' } as never;

describe('the setup of every test file', () => {
  test('loads none of cdktf, the AWS provider classes, zod, yaml or the project', () => {
    const files = loadedFiles();
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((file) => HEAVY.test(file))).toEqual([]);
  });

  test("registers cdktf's matchers, which load cdktf on first use and match as cdktf's own", () => {
    expect(CDKTF_MATCHERS).toContain('toHaveResourceWithProperties');
    expect(SYNTHESIZED).toHaveResourceWithProperties(SSM_DOCUMENT, { document_type: 'Session' });
    expect(SYNTHESIZED).not.toHaveResourceWithProperties(SSM_DOCUMENT, { document_type: 'Command' });
    expect(() => expect(SYNTHESIZED).toHaveResourceWithProperties(SSM_DOCUMENT, { name: 'Other' })).toThrow(
      /Expected aws_ssm_document with properties \{"name":"Other"\} to be present in synthesized stack/,
    );
    expect(loadedFiles().some((file) => file.includes('node_modules/cdktf/lib/testing/'))).toBe(true);
  });
});
