/**
 * jest transformer: TypeScript to CommonJS with esbuild (a dependency already: it bundles the
 * updater). Type-checking is `tsc --noEmit`, which `npm test` runs first; like ts-jest with
 * isolatedModules (which it replaces), this only strips types, with inline source maps for stack traces. esbuild does
 * not hoist `jest.mock` above imports: a setup file that mocks a module cdktf loads mocks it
 * before importing anything (__tests__/support/mock-stack-trace.ts).
 */
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const esbuild = require('esbuild');

const tsconfig = readFileSync(join(__dirname, '..', '..', 'tsconfig.json'), 'utf8');
const version = `${esbuild.version}:${createHash('sha256').update(tsconfig).update(readFileSync(__filename)).digest('hex')}`;

module.exports = {
  getCacheKey(source, path) {
    return createHash('sha256').update(version).update('\0').update(path).update('\0').update(source).digest('hex');
  },
  process(source, path) {
    const { code, map } = esbuild.transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      platform: 'node',
      sourcefile: path,
      sourcemap: 'external',
      tsconfigRaw: tsconfig,
    });
    return { code, map };
  },
};
