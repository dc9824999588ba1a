/**
 * `npm ci --omit=dev` installs what the documented production commands need (issue 26): every
 * package reachable at run time from their entry points, and the tools their npm scripts and
 * cdktf.json run (the launcher's esbuild and tsx, the cdktf CLI), are runtime dependencies. Read statically, no install; the
 * integration test __tests__/integration/production-install.test.ts runs a real `npm ci --omit=dev`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRODUCTION_COMMANDS } from '../src/cli/registry';
import { ROOT } from './helpers';
import { packageOf, packagesReachedFrom, runtimeImportsOf } from './support/imports';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};
const cdktfJson = JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')) as { app: string };

/** The documented production commands' entry points (src/cli/registry.ts tells developer commands apart). */
const PRODUCTION_ENTRIES = PRODUCTION_COMMANDS.map((c) => c.entry);
/** npm scripts of developers (they may use devDependencies). */
const DEVELOPER_SCRIPTS = ['typecheck', 'lint', 'format', 'test', 'test:unit', 'test:integration', 'docs'];
/** Packages whose binaries the scripts run. */
const BINARIES: Record<string, string> = { tsx: 'tsx', cdktf: 'cdktf-cli', esbuild: 'esbuild' };

describe('runtime dependencies of the production commands', () => {
  it('cover the documented commands (synth, stacks, check, preflight, drift, accounts, scp, plan:offline, ci)', () => {
    expect(PRODUCTION_ENTRIES).toEqual(
      expect.arrayContaining([
        'main.ts',
        'scripts/stacks.ts',
        'scripts/check.ts',
        'scripts/preflight.ts',
        'scripts/drift.ts',
        'scripts/accounts.ts',
        'scripts/generate-scp.ts',
        'scripts/plan-offline.ts',
        'scripts/ci.ts',
      ]),
    );
  });

  it('ignore type-only imports, which are erased', () => {
    const specs = runtimeImportsOf("import type { A } from 'only-types';\nimport { b } from 'real';\nexport type { C } from 'also-types';\n").map((i) => i.spec);
    expect(specs).toEqual(['real']);
    expect(packageOf('@cdktf/provider-aws/lib/ssm-document')).toBe('@cdktf/provider-aws');
  });

  it('every package loaded at run time from those entry points is a runtime dependency', () => {
    const reached = packagesReachedFrom(ROOT, PRODUCTION_ENTRIES);
    // The walk sees the project: the provider, the SDK clients of drift and preflight, the CLI's YAML.
    expect([...reached.keys()]).toEqual(expect.arrayContaining(['cdktf', '@cdktf/provider-aws', '@aws-sdk/client-ssm', '@aws-sdk/client-organizations', 'yaml', 'zod']));
    const missing = [...reached].filter(([name]) => pkg.dependencies[name] === undefined).map(([name, from]) => `${name} (imported by ${from})`);
    expect(missing).toEqual([]);
  });

  it('the tools the production npm scripts and cdktf.json run are runtime dependencies', () => {
    const commands = [
      cdktfJson.app,
      ...Object.entries(pkg.scripts)
        .filter(([name]) => !DEVELOPER_SCRIPTS.includes(name) && !name.startsWith('bench'))
        .map(([, command]) => command),
    ];
    const tools = new Set(
      commands.flatMap((c) =>
        c.split(/&&|\|\|/).map((part) =>
          part
            .trim()
            .split(/\s+/)
            .find((word) => !word.includes('=') && word !== 'npx'),
        ),
      ),
    );
    // `node` runs the launchers (scripts/launch.cjs, scripts/synth.cjs): Node.js itself, no package.
    expect([...tools].sort()).toEqual(['cdktf', 'node']);
    const launched = commands.filter((c) => c.includes('node scripts/'));
    expect(launched.length).toBeGreaterThan(5);
    for (const c of launched) expect(c).toMatch(/\bnode scripts\/(launch\.cjs (scripts|bench)\/[\w-]+\.ts|synth\.cjs)\b/);
    for (const tool of tools) if (tool !== 'node') expect(pkg.dependencies[BINARIES[tool as string]]).toBeDefined();
  });

  it('the packages a production launcher requires are runtime dependencies', () => {
    const launchers = PRODUCTION_COMMANDS.flatMap((c) => (c.launcher !== undefined ? [c.launcher] : []));
    expect(launchers).toEqual(['scripts/synth.cjs']);
    /** Packages a launcher requires, through the launchers it requires itself (`./launch.cjs`). */
    const requiredBy = (file: string): string[] =>
      [...readFileSync(join(ROOT, file), 'utf8').matchAll(/require\('([^']+)'\)/g)].flatMap((m) =>
        m[1].startsWith('./') ? requiredBy(join('scripts', m[1])) : m[1].startsWith('node:') ? [] : [packageOf(m[1])],
      );
    for (const launcher of [...launchers, 'scripts/launch.cjs']) {
      const required = requiredBy(launcher);
      expect(new Set(required)).toEqual(new Set(['esbuild', 'tsx']));
      for (const name of required) expect(pkg.dependencies[name]).toBeDefined();
    }
  });

  it('no package is both a runtime and a development dependency', () => {
    expect(Object.keys(pkg.dependencies).filter((name) => pkg.devDependencies[name] !== undefined)).toEqual([]);
  });
});
