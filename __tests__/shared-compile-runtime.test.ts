/**
 * The jest runtime of both projects (__tests__/support/shared-compile-runtime.js): each module is
 * compiled once per worker and run afresh in every test file's own context.
 */
import { runInNewContext, createContext, type Script } from 'node:vm';
import { join } from 'node:path';
import JestRuntime from 'jest-runtime';
import SharedCompileRuntime from './support/shared-compile-runtime';

type Fake = {
  createScriptFromCode(source: string, filename: string): Script;
  readFile(filename: string): string;
  _cacheFS: Map<string, string>;
};

/** A runtime with only the fields the two overridden methods and jest's own versions of them read. */
function fakeRuntime(): Fake {
  return Object.assign(Object.create(SharedCompileRuntime.prototype) as Fake, {
    _resolver: { isCoreModule: () => false },
    _fileTransforms: new Map(),
    _config: { injectGlobals: true, sandboxInjectedGlobals: [] },
    _cacheFS: new Map<string, string>(),
    _cacheFSBuffer: new Map<string, Buffer>(),
  });
}

/** Runs a module script in a fresh context the way jest does, and returns what its module.exports became. */
function evaluate(script: Script): { exports: { counter: number; isArray: (v: unknown) => boolean } } {
  const context = createContext({});
  const wrapper = script.runInContext(context) as Record<string, (...args: unknown[]) => void>;
  const module = { exports: {} as never };
  wrapper[Object.keys(wrapper)[0]](module, module.exports, () => undefined, '/x', '/x/m.js', undefined);
  return module;
}

const MODULE = 'let counter = 0; counter += 1; module.exports = { counter, isArray: (v) => v instanceof Array };';

describe('shared-compile runtime', () => {
  test('is the runtime of both jest projects, and overrides methods jest-runtime has', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- jest.config.js is plain CommonJS
    const jestConfig = require(join(__dirname, '..', 'jest.config.js')) as { projects: { runtime?: string }[] };
    expect(jestConfig.projects).toHaveLength(2);
    for (const project of jestConfig.projects) expect(project.runtime).toBe('<rootDir>/__tests__/support/shared-compile-runtime.js');
    expect(Object.getPrototypeOf(SharedCompileRuntime)).toBe(JestRuntime);
    for (const method of ['createScriptFromCode', 'readFile'] as const) {
      expect(typeof (JestRuntime.prototype as unknown as Record<string, unknown>)[method]).toBe('function');
      expect(Object.prototype.hasOwnProperty.call(SharedCompileRuntime.prototype, method)).toBe(true);
    }
  });

  test("compiles a module once for every test file's runtime, and evaluates it afresh in each context", () => {
    const before = SharedCompileRuntime.stats();
    const first = fakeRuntime().createScriptFromCode(MODULE, '/x/m.js');
    const second = fakeRuntime().createScriptFromCode(MODULE, '/x/m.js');
    expect(second).toBe(first);
    const after = SharedCompileRuntime.stats();
    expect(after.compiled - before.compiled).toBe(1);
    expect(after.reused - before.reused).toBe(1);
    const [a, b] = [evaluate(first), evaluate(second)];
    expect(a.exports).not.toBe(b.exports);
    expect([a.exports.counter, b.exports.counter]).toEqual([1, 1]);
    // Each run belongs to the context it ran in: an array of that context is an instance of its Array only.
    expect(a.exports.isArray(runInNewContext('[]'))).toBe(false);
  });

  test('compiles again when the source changed, and never keeps a script that calls import()', () => {
    const runtime = fakeRuntime();
    const first = runtime.createScriptFromCode(MODULE, '/x/changed.js');
    expect(runtime.createScriptFromCode(`${MODULE} // edited`, '/x/changed.js')).not.toBe(first);
    for (const dynamic of ['module.exports = () => import("node:path");', 'module.exports = () => import (\n"node:path");']) {
      expect(runtime.createScriptFromCode(dynamic, '/x/dynamic.js')).not.toBe(runtime.createScriptFromCode(dynamic, '/x/dynamic.js'));
    }
  });

  test('reads a package file from disk once per worker; the project files once per test file, as jest does', () => {
    const packageFile = require.resolve('yaml/package.json');
    const [one, two] = [fakeRuntime(), fakeRuntime()];
    const read = one.readFile(packageFile);
    expect(one._cacheFS.has(packageFile)).toBe(true);
    expect(two.readFile(packageFile)).toBe(read);
    expect(two._cacheFS.has(packageFile)).toBe(false);
    const projectFile = join(__dirname, '..', 'package.json');
    const projectRead = one.readFile(projectFile);
    expect(two.readFile(projectFile)).toBe(projectRead);
    expect(two._cacheFS.has(projectFile)).toBe(true);
  });
});
