/**
 * Preloaded into an entry point (`NODE_OPTIONS=--require <this file>`) by
 * __tests__/integration/cli-help.test.ts: records each package the project's own code requires (the
 * launcher's bundle in node_modules/.cache/session-prefs-launch/, or the TypeScript sources when
 * they run through tsx), not what the launcher or the packages themselves require, and writes them,
 * one a line, to the file named by $SESSION_PREFS_RECORD_REQUIRES when the process exits. Node.js's
 * built-in modules are not recorded.
 */
const Module = require('node:module');
const process = require('node:process');
const { writeFileSync } = require('node:fs');
const { join, sep } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const CACHE = join(ROOT, 'node_modules', '.cache') + sep;
const LAUNCHERS = [join(ROOT, 'scripts', 'launch.cjs'), join(ROOT, 'scripts', 'synth.cjs')];
const record = process.env.SESSION_PREFS_RECORD_REQUIRES;

/** True for a file of the project's own code: a launcher's bundle, or a source outside node_modules. */
function projectCode(file) {
  if (file.startsWith(CACHE)) return true;
  return file.startsWith(ROOT + sep) && !file.includes(`${sep}node_modules${sep}`) && !LAUNCHERS.includes(file) && file !== __filename;
}

if (record !== undefined && record !== '') {
  const packages = new Set();
  const load = Module._load;
  Module._load = function (request, parent, ...rest) {
    const bare = !request.startsWith('.') && !request.startsWith('/') && !Module.isBuiltin(request);
    if (bare && parent?.filename && projectCode(parent.filename)) packages.add(request);
    return load.call(this, request, parent, ...rest);
  };
  process.on('exit', () => writeFileSync(record, [...packages].sort().join('\n')));
}
