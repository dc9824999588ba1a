/**
 * The mechanical part of moving this project from CDKTF (archived upstream in December 2025) to
 * its community fork CDK Terrain: imports and package.json renamed (`cdktf` -> `cdktn`,
 * `@cdktf/provider-*` -> `@cdktn/provider-*`, `cdktf-cli` -> `cdktn-cli`, the `cdktf` command in
 * the npm scripts -> `cdktn`). What is not mechanical (AWS provider 6.x, Node 22) is listed in
 * docs/upstream.md. Pure rewrites plus one function that applies them to a directory.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

/**
 * The versions the rewrite pins (npm, checked when this script was written): the CDK Terrain
 * packages, and `constructs` at the release they require (cdktn 0.24 accepts >=10.6.0 <10.8.0 as
 * its peer, and cdktn-cli depends on 10.6.0; npm refuses to install them beside 10.4).
 */
export const CDKTN_VERSIONS: Readonly<Record<string, string>> = {
  cdktn: '0.24.0',
  'cdktn-cli': '0.24.0',
  '@cdktn/provider-aws': '25.7.0',
  '@cdktn/provider-archive': '14.0.1',
  constructs: '10.6.0',
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

/** A package.json (as text) with the CDKTF packages renamed, they and `constructs` pinned (CDKTN_VERSIONS), and the `cdktf` command of its scripts renamed. */
export function rewritePackageJson(text: string): string {
  const pkg = JSON.parse(text) as Record<string, unknown>;
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
    const deps = pkg[field] as Record<string, string> | undefined;
    if (deps === undefined) continue;
    pkg[field] = Object.fromEntries(
      Object.entries(deps)
        .map(([name, version]): [string, string] => {
          const renamed = cdktnPackage(name) ?? name;
          return [renamed, CDKTN_VERSIONS[renamed] ?? version];
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

/** Every TypeScript file under `dir` (declaration files included), except node_modules, cdktf.out and dot directories. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    if (entry === 'node_modules' || entry === 'cdktf.out' || entry.startsWith('.')) return [];
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return entry.endsWith('.ts') ? [path] : [];
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
  // The migration itself (this file, its script and its tests, all named migrate-cdktn*) names the
  // CDKTF packages on purpose: it is not rewritten.
  for (const file of sourceFiles(dir).filter((f) => !basename(f).startsWith('migrate-cdktn'))) rewrite(file, rewriteSource);
  rewrite(join(dir, 'package.json'), rewritePackageJson);
  return changed.sort();
}
