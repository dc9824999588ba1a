/** cdktf.json: `cdktf watch` re-synthesizes on changes to the code and to the configuration. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers';

const cdktf = JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8'));

/** A small glob matcher for the patterns used (`**` = any directories, `*` = any name part). */
function matches(pattern: string, file: string): boolean {
  const re = pattern
    .split('/')
    .map((part) => (part === '**' ? '(?:[^/]+/)*' : `${part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}/`))
    .join('');
  return new RegExp(`^${re.slice(0, -1)}$`.replace('(?:[^/]+/)*$', '.*$')).test(file);
}

describe('cdktf.json', () => {
  it('runs the app as npm run synth does, through the bundling launcher (scripts/synth.cjs)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(cdktf.app).toBe('node scripts/synth.cjs');
    expect(pkg.scripts.synth).toBe(cdktf.app);
  });

  it.each(['main.ts', 'src/config/schema.ts', 'stacks/app.ts', 'lambda-src/handler.ts', 'config/example.yaml', 'config/prod/accounts.yml', 'config/accounts.json'])(
    'watches %s',
    (file) => {
      expect(cdktf.watchPattern.some((p: string) => matches(p, file))).toBe(true);
    },
  );

  it('does not watch its own output or dependencies', () => {
    for (const file of ['cdktf.out/stacks/a/cdk.tf.json', 'node_modules/x/index.ts', 'state/a.tfstate']) {
      expect(cdktf.watchPattern.some((p: string) => matches(p, file))).toBe(false);
    }
  });
});
