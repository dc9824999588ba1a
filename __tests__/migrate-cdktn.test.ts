/**
 * The migration path to CDK Terrain (issue 26): on a temporary copy of this project, every import
 * and package.json entry of CDKTF is renamed, and nothing else changes. Type-checking (and
 * synthesizing) the migrated copy needs the cdktn packages from npm, so it is not done here but in
 * __tests__/integration/migrate-cdktn.test.ts (docs/upstream.md).
 */
import { cpSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cdktnPackage, CDKTN_VERSIONS, migrateDirectory, rewritePackageJson, rewriteSource } from '../src/cli/migrate-cdktn';
import { ROOT, tempDir } from './helpers';
import { importsOf, packageOf } from './support/imports';

describe('the rewrite', () => {
  it('renames the CDKTF packages, and only those', () => {
    expect(cdktnPackage('cdktf')).toBe('cdktn');
    expect(cdktnPackage('cdktf-cli')).toBe('cdktn-cli');
    expect(cdktnPackage('@cdktf/provider-aws')).toBe('@cdktn/provider-aws');
    expect(cdktnPackage('constructs')).toBeUndefined();
    expect(cdktnPackage('@cdktf/hcl2json')).toBeUndefined();
  });

  it('rewrites module specifiers, deep imports included, and leaves other text alone', () => {
    const before = [
      "import { App, TerraformStack } from 'cdktf';",
      "import { SsmDocument } from '@cdktf/provider-aws/lib/ssm-document';",
      'const x = require("@cdktf/provider-archive/lib/provider");',
      "const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';",
      '// cdktf synth writes cdktf.out',
    ].join('\n');
    expect(rewriteSource(before).split('\n')).toEqual([
      "import { App, TerraformStack } from 'cdktn';",
      "import { SsmDocument } from '@cdktn/provider-aws/lib/ssm-document';",
      'const x = require("@cdktn/provider-archive/lib/provider");',
      "const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';",
      '// cdktf synth writes cdktf.out',
    ]);
  });

  it('renames and pins the packages, pins constructs to the release CDK Terrain accepts, renames the cdktf command of the scripts, and requires Node 22', () => {
    const pkg = JSON.parse(
      rewritePackageJson(
        JSON.stringify({
          engines: { node: '>=20' },
          dependencies: { cdktf: '0.21.0', '@cdktf/provider-aws': '20.1.0', constructs: '10.4.2', yaml: '2.8.1' },
          devDependencies: { 'cdktf-cli': '0.21.0' },
          scripts: { diff: 'CHECKPOINT_DISABLE=1 cdktf diff', synth: 'tsx main.ts', out: 'ls cdktf.out' },
        }),
      ),
    );
    expect(pkg.dependencies).toEqual({ '@cdktn/provider-aws': CDKTN_VERSIONS['@cdktn/provider-aws'], cdktn: CDKTN_VERSIONS.cdktn, constructs: '10.6.0', yaml: '2.8.1' });
    expect(pkg.devDependencies).toEqual({ 'cdktn-cli': CDKTN_VERSIONS['cdktn-cli'] });
    expect(pkg.scripts).toEqual({ diff: 'CHECKPOINT_DISABLE=1 cdktn diff', synth: 'tsx main.ts', out: 'ls cdktf.out' });
    expect(pkg.engines).toEqual({ node: '>=22' });
  });
});

describe('on a copy of this project', () => {
  const copy = tempDir('firstday-cdktn-');
  for (const entry of ['main.ts', 'package.json', 'tsconfig.json', 'src', 'stacks', 'scripts', 'lambda-src', 'config'])
    cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
  // A declaration file that imports cdktf (the jest matchers' types), and the migration's own test.
  for (const file of ['cdktf-matchers.d.ts', 'migrate-cdktn.test.ts']) cpSync(join(ROOT, '__tests__', file), join(copy, '__tests__', file));
  const changed = migrateDirectory(copy);
  const sources = (dir: string): string[] => changed.filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));

  it('rewrites every file that imports CDKTF, and package.json', () => {
    expect(changed).toEqual(expect.arrayContaining(['main.ts', 'package.json', 'stacks/app.ts']));
    expect(changed.filter((f) => f.startsWith('src/constructs/')).length).toBeGreaterThan(5);
    expect(changed.every((f) => f === 'package.json' || f.endsWith('.ts'))).toBe(true);
  });

  it('rewrites declaration files, and leaves the migration itself (script, module, tests) as it is', () => {
    expect(changed).toContain(join('__tests__', 'cdktf-matchers.d.ts'));
    expect(readFileSync(join(copy, '__tests__', 'cdktf-matchers.d.ts'), 'utf8')).toContain("import 'cdktn/lib/testing/adapters/jest';");
    for (const file of [join('src', 'cli', 'migrate-cdktn.ts'), join('scripts', 'migrate-cdktn.ts'), join('__tests__', 'migrate-cdktn.test.ts')]) {
      expect({ file, changed: changed.includes(file) }).toEqual({ file, changed: false });
      expect(readFileSync(join(copy, file), 'utf8')).toBe(readFileSync(join(ROOT, file), 'utf8'));
    }
  });

  it('leaves no import of a CDKTF package, and imports CDK Terrain instead', () => {
    const all = sources(copy).flatMap((file) => importsOf(readFileSync(file, 'utf8')).map((i) => ({ file: relative(copy, file), pkg: packageOf(i.spec) })));
    expect(all.filter((i) => cdktnPackage(i.pkg) !== undefined)).toEqual([]);
    expect(all.filter((i) => i.pkg === 'cdktn').length).toBeGreaterThan(10);
    expect(readFileSync(join(copy, 'stacks', 'app.ts'), 'utf8')).toContain("from 'cdktn'");
  });

  it('changes nothing but the module specifiers', () => {
    for (const file of sources(copy)) {
      const original = readFileSync(join(ROOT, relative(copy, file)), 'utf8');
      expect(rewriteSource(original)).toBe(readFileSync(file, 'utf8'));
      expect(
        readFileSync(file, 'utf8')
          .replace(/@cdktn\/provider-/g, '@cdktf/provider-')
          .replace(/(['"])cdktn(['"/])/g, '$1cdktf$2'),
      ).toBe(original);
    }
    expect(readFileSync(join(copy, 'config', 'example.yaml'), 'utf8')).toBe(readFileSync(join(ROOT, 'config', 'example.yaml'), 'utf8'));
  });

  it('rewrites package.json: CDK Terrain pinned, no CDKTF package left, the other packages kept', () => {
    const before = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const after = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8'));
    const names = (pkg: Record<string, Record<string, string>>) => [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)];
    expect(names(after).filter((n) => cdktnPackage(n) !== undefined)).toEqual([]);
    expect(after.dependencies).toMatchObject({
      cdktn: '0.24.0',
      'cdktn-cli': '0.24.0',
      '@cdktn/provider-aws': '25.7.0',
      '@cdktn/provider-archive': '14.0.1',
      constructs: '10.6.0',
      yaml: before.dependencies.yaml,
    });
    expect(after.scripts.deploy).toBe('CHECKPOINT_DISABLE=1 cdktn deploy');
    expect(names(after).length).toBe(names(before).length);
  });
});
