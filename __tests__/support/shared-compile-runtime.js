/**
 * jest's module runtime, with what it compiles and reads kept for the worker's next test files.
 *
 * jest gives each test file a fresh module registry, and its runtime builds a new `vm.Script` for
 * every module each file loads: cdktf, the provider classes, zod and the project, over and over.
 * Node 20 cannot reuse V8's compilation for them (each script carries its own dynamic-import
 * callback), so each file parsed and compiled every function it ran again. A `vm.Script` is not
 * bound to a context: this runtime keeps each one, keyed by file and exact source, and runs it in
 * the next file's context. Modules are still evaluated afresh in every file (their state is not
 * shared); only V8's compiled code is. A script whose source calls `import()` is not kept: its
 * callback would belong to the file that compiled it. Files under node_modules are also read from
 * disk once per worker instead of once per test file.
 *
 * A kept script holds the runtime that compiled it (through that callback); jest's teardown empties
 * a finished file's runtime (registry, environment), so what stays is small: the unit project's
 * peak memory was the same with and without this runtime (716 and 724 MiB, medians of four runs).
 *
 * jest 29's project option `runtime` loads this class (jest-runner's runTest); the methods it
 * overrides are jest-runtime's own and are checked by __tests__/shared-compile-runtime.test.ts.
 */
const Runtime = require('jest-runtime').default;

/** Compiled scripts of this worker, by file: the source they were compiled from and the script (undefined: the source calls import(), compiled each time). */
const scripts = new Map();
/** Contents of node_modules files this worker has read, by path. */
const packageFiles = new Map();

const stats = { compiled: 0, reused: 0 };

/** `import(`, with any white space before the parenthesis (a comment that has it only costs a compilation). */
const DYNAMIC_IMPORT = /\bimport\s*\(/;

class SharedCompileRuntime extends Runtime {
  /** How many scripts this worker compiled and how many it reused (for the test of this runtime). */
  static stats() {
    return { ...stats };
  }

  createScriptFromCode(scriptSource, filename) {
    const kept = scripts.get(filename);
    if (kept !== undefined && kept.source === scriptSource) {
      if (kept.script === undefined) return super.createScriptFromCode(scriptSource, filename);
      stats.reused += 1;
      return kept.script;
    }
    // Whether a source calls import() is decided once per source: the test scans megabytes.
    if (DYNAMIC_IMPORT.test(scriptSource)) {
      scripts.set(filename, { source: scriptSource, script: undefined });
      return super.createScriptFromCode(scriptSource, filename);
    }
    const script = super.createScriptFromCode(scriptSource, filename);
    stats.compiled += 1;
    scripts.set(filename, { source: scriptSource, script });
    return script;
  }

  readFile(filename) {
    if (!filename.includes('/node_modules/')) return super.readFile(filename);
    // The same string every time, so that createScriptFromCode's comparison is one of identity.
    let source = packageFiles.get(filename);
    if (source === undefined) {
      source = super.readFile(filename);
      packageFiles.set(filename, source);
    }
    return source;
  }
}

module.exports = SharedCompileRuntime;
