/**
 * The mechanical part of moving this project from CDKTF (archived upstream in December 2025) to
 * its community fork CDK Terrain: imports and package.json renamed (`cdktf` -> `cdktn`,
 * `@cdktf/provider-*` -> `@cdktn/provider-*`, `cdktf-cli` -> `cdktn-cli`, the `cdktf` command in
 * the npm scripts -> `cdktn`). What is not mechanical (AWS provider 6.x, Node 22) is listed in
 * docs/upstream.md. Pure rewrites plus one function that applies them to a directory.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The CDK Terrain versions the rewrite pins (npm, checked when this script was written). */
export const CDKTN_VERSIONS: Readonly<Record<string, string>> = {
  cdktn: '0.24.0',
  'cdktn-cli': '0.24.0',
  '@cdktn/provider-aws': '25.7.0',
  '@cdktn/provider-archive': '14.0.1',
};

/** CDK Terrain's name for a CDKTF package, or undefined for any other package. */
export function cdktnPackage(name: string): string | undefined {
  if (name === 'cdktf') return 'cdktn';
  if (name === 'cdktf-cli') return 'cdktn-cli';
  if (name.startsWith('@cdktf/provider-')) return `@cdktn/${name.slice('@cdktf/'.length)}`;
  return undefined;
}

/** A TypeScript source with its module specifiers renamed (`'cdktf'`, `'@cdktf/provider-aws/lib/...'`); nothing else changes. */
export function rewriteSource(text: string): string {
  return text.replace(/(['"])(cdktf|cdktf-cli|@cdktf\/provider-[\w-]+)((?:\/[^'"]*)?)\1/g, (whole, quote: string, name: string, rest: string) => {
    const renamed = cdktnPackage(name);
    return renamed === undefined ? whole : `${quote}${renamed}${rest}${quote}`;
  });
}

/** A package.json (as text) with the CDKTF packages renamed and pinned, and the `cdktf` command of its scripts renamed. */
export function rewritePackageJson(text: string): string {
  const pkg = JSON.parse(text) as Record<string, unknown>;
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
    const deps = pkg[field] as Record<string, string> | undefined;
    if (deps === undefined) continue;
    pkg[field] = Object.fromEntries(
      Object.entries(deps)
        .map(([name, version]): [string, string] => {
          const renamed = cdktnPackage(name);
          return renamed === undefined ? [name, version] : [renamed, CDKTN_VERSIONS[renamed] ?? version];
        })
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  }
  const scripts = pkg.scripts as Record<string, string> | undefined;
  if (scripts !== undefined) pkg.scripts = Object.fromEntries(Object.entries(scripts).map(([name, command]) => [name, command.replace(/(^|[\s;&|])cdktf(\s|$)/g, '$1cdktn$2')]));
  const engines = pkg.engines as Record<string, string> | undefined;
  if (engines?.node !== undefined) pkg.engines = { ...engines, node: '>=22' };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** Every TypeScript file under `dir`, except node_modules, cdktf.out and dot directories. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    if (entry === 'node_modules' || entry === 'cdktf.out' || entry.startsWith('.')) return [];
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry) && !entry.endsWith('.d.ts') ? [path] : [];
  });
}

/** Rewrites the TypeScript files and package.json under `dir` in place; returns the files changed (relative to `dir`). */
export function migrateDirectory(dir: string): string[] {
  const changed: string[] = [];
  const rewrite = (path: string, transform: (text: string) => string) => {
    const before = readFileSync(path, 'utf8');
    const after = transform(before);
    if (after !== before) {
      writeFileSync(path, after);
      changed.push(relative(dir, path));
    }
  };
  // This file names the CDKTF packages on purpose: it is not itself rewritten.
  for (const file of sourceFiles(dir).filter((f) => !f.endsWith('migrate-cdktn.ts'))) rewrite(file, rewriteSource);
  rewrite(join(dir, 'package.json'), rewritePackageJson);
  return changed.sort();
}
