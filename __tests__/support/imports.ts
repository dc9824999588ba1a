/** Reading a TypeScript file's imports, for the tests that check where imports point (not a test file). */
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Module specifiers a file imports (static and dynamic imports, re-exports, require, jest.mock), with line numbers. */
export function importsOf(text: string): { spec: string; line: number }[] {
  const found: { spec: string; line: number }[] = [];
  const patterns = [/\bfrom\s*['"]([^'"]+)['"]/g, /^\s*import\s*['"]([^'"]+)['"]/gm, /\b(?:import|require|jest\.mock|jest\.requireActual)\s*\(\s*['"]([^'"]+)['"]/g];
  for (const re of patterns) {
    for (const m of text.matchAll(re)) found.push({ spec: m[1], line: text.slice(0, m.index).split('\n').length });
  }
  return found;
}

/** The imports that are there at run time: `import type` and `export type` statements are erased by the compiler. */
export function runtimeImportsOf(text: string): { spec: string; line: number }[] {
  const erased = text.replace(/^\s*(?:import|export)\s+type\s[^;]*?from\s*['"][^'"]+['"];?/gm, (m) => m.replace(/[^\n]/g, ' '));
  return importsOf(erased);
}

/** The package a bare specifier names: `@scope/name` or `name` (`@cdktf/provider-aws/lib/x` -> `@cdktf/provider-aws`). */
export function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** True for `fs`, `node:fs`, `fs/promises` and the like. */
export function isBuiltin(spec: string): boolean {
  return spec.startsWith('node:') || builtinModules.includes(packageOf(spec));
}

/**
 * Every package the given entry points load at run time, following their relative imports through
 * the project: package -> the first project file (repository path) that imports it.
 */
export function packagesReachedFrom(root: string, entries: readonly string[]): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const queue = entries.map((e) => join(root, e));
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const { spec } of runtimeImportsOf(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) {
        const base = resolve(dirname(file), spec);
        const target = [`${base}.ts`, join(base, 'index.ts'), base].find((f) => existsSync(f) && f.endsWith('.ts'));
        if (target !== undefined) queue.push(target);
      } else if (!isBuiltin(spec) && !packages.has(packageOf(spec))) {
        packages.set(packageOf(spec), relative(root, file).split(sep).join('/'));
      }
    }
  }
  return packages;
}
