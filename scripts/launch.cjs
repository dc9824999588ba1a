/**
 * How the project's TypeScript entry points start: `node scripts/launch.cjs <entry.ts> [args...]`
 * runs the entry (relative to the working directory) from one bundle of it and every package it
 * loads, built by esbuild when a source or an installed package changes and kept in
 * node_modules/.cache/session-prefs-launch/, with V8's code cache of that bundle beside it. The
 * package.json scripts, `npm run synth` (scripts/synth.cjs), cdktf.json and the tests start entry
 * points this way.
 *
 * What a start costs (`scripts/drift.ts --help`, CPU-seconds, 2 cores): tsx compiling every module
 * 1.4; a bundle of the project's own TypeScript with the packages loaded by Node.js 0.75 (about
 * 800 package files resolved and compiled: 3,300 stat calls); one bundle of everything 0.59; with
 * the code cache 0.52 (bare Node.js 0.12).
 *
 * A bundle is reused only while every project file it was built from (and tsconfig.json,
 * package.json, esbuild's version, Node.js's and this file) has the same content and every package
 * in it has the same package.json; otherwise it is rebuilt, in a temporary file renamed into place,
 * so concurrent starts never read half a bundle. The code cache is written when a start finds none
 * (or V8 rejects it: another Node.js), after the entry ran, so it holds the functions the run
 * compiled; V8 checks it against the bundle's source. If the bundle cannot be built or written (no
 * esbuild, read-only node_modules), the entry runs through tsx as before;
 * SESSION_PREFS_LAUNCH_BUNDLE=0 always does. Each module's `__dirname` is its own source directory,
 * as under tsx, so paths relative to a source file (the updater bundle, the schema) hold. Packages
 * that read files next to their own code (esbuild's binary, tsx, @grpc/grpc-js's protos, cdktf's
 * archive helper, which runs its own file) stay outside the bundle. The entry runs as the main
 * module (`require.main === module`) with `process.argv` = [node, <the bundle or the entry>, ...args].
 */
const process = require('node:process');
const { createHash } = require('node:crypto');
const vm = require('node:vm');
const { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { dirname, isAbsolute, join, relative, resolve } = require('node:path');

const ROOT = join(__dirname, '..');
const CACHE = join(ROOT, 'node_modules', '.cache', 'session-prefs-launch');
/** Files that change a bundle without being bundled. */
const ALWAYS = ['tsconfig.json', 'package.json', 'scripts/launch.cjs'];
/** Packages left to Node.js: they find files next to their own code (binaries, protos, themselves). */
const EXTERNAL = ['esbuild', 'tsx', 'tsx/*', 'typescript', '@grpc/grpc-js', '@grpc/proto-loader'];

/**
 * The file whose content stands for a bundled input: the input itself for the project's files, the
 * package's package.json for a file of a package (hashing every package file at each start would
 * cost more than the bundle saves; an install changes the package.json's version or integrity).
 */
function recordedFile(file) {
  const parts = file.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return file;
  const name = parts[at + 1]?.startsWith('@') ? parts.slice(at + 1, at + 3) : parts.slice(at + 1, at + 2);
  return [...parts.slice(0, at + 1), ...name, 'package.json'].join('/');
}

function digest(file) {
  try {
    return createHash('sha1')
      .update(readFileSync(join(ROOT, file)))
      .digest('hex');
  } catch {
    return 'missing';
  }
}

function esbuildVersion() {
  return require('esbuild/package.json').version;
}

/** The bundle and its record of inputs for an entry (a path relative to the project). */
function cacheFiles(entry) {
  const name = entry.replace(/\.ts$/, '').replace(/[^A-Za-z0-9_-]+/g, '_');
  return { bundle: join(CACHE, `${name}.js`), inputs: join(CACHE, `${name}.inputs.json`), codeCache: join(CACHE, `${name}.v8cache`) };
}

/** Whether the bundle was built from exactly the files there are now. */
function fresh({ bundle, inputs }) {
  if (!existsSync(bundle) || !existsSync(inputs)) return false;
  try {
    const recorded = JSON.parse(readFileSync(inputs, 'utf8'));
    if (recorded.esbuild !== esbuildVersion() || recorded.node !== process.version) return false;
    return Object.entries(recorded.files).every(([file, hash]) => digest(file) === hash);
  } catch {
    return false;
  }
}

/** `__dirname` in a module of the bundle: its own source directory, as under tsx. */
const sourceDirname = {
  name: 'source-dirname',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const contents = readFileSync(args.path, 'utf8');
      return { contents: contents.includes('__dirname') ? contents.replace(/\b__dirname\b/g, JSON.stringify(dirname(args.path))) : contents, loader: 'ts' };
    });
  },
};

/** cdktf's archive helper runs its own file as a script (`node <__filename>`): it stays a file of its package. */
const cdktfArchiveHelper = {
  name: 'cdktf-archive-helper',
  setup(build) {
    build.onResolve({ filter: /[\\/]fs(\.js)?$/ }, (args) => {
      const path = resolve(args.resolveDir, args.path);
      if (!/[\\/]node_modules[\\/]cdktf[\\/]lib[\\/]private[\\/]fs(\.js)?$/.test(path)) return undefined;
      return { path: path.endsWith('.js') ? path : `${path}.js`, external: true };
    });
  },
};

async function build(entry, { bundle, inputs }) {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    external: EXTERNAL,
    // `import()` of a built-in (the SDK's instance metadata client) as a require: the bundle runs as
    // a vm.Script, which has no loader for a dynamic import.
    supported: { 'dynamic-import': false },
    tsconfig: join(ROOT, 'tsconfig.json'),
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [sourceDirname, cdktfArchiveHelper],
  });
  const files = {};
  for (const file of [...Object.keys(result.metafile.inputs).map(recordedFile), ...ALWAYS]) files[file] = digest(file);
  mkdirSync(CACHE, { recursive: true });
  const suffix = `.${process.pid}.tmp`;
  writeFileSync(bundle + suffix, result.outputFiles[0].contents);
  writeFileSync(inputs + suffix, JSON.stringify({ esbuild: esbuildVersion(), node: process.version, files }));
  // The inputs last: a bundle without matching inputs is never taken as fresh.
  renameSync(bundle + suffix, bundle);
  renameSync(inputs + suffix, inputs);
}

/** Runs `file` as the main module with `args`. */
function runMain(file, args) {
  process.argv = [process.argv[0], file, ...args];
  require('node:module').runMain();
}

/**
 * Runs the bundle `file` as the main module with `args`, compiled with V8's code cache `codeCache`
 * when there is one V8 accepts, and writes the cache at exit when there was none (or it was
 * rejected). Module.runMain compiles without a cache in Node.js 20, so the bundle's compilation is
 * done here, once, in place of Module's own.
 */
function runBundle(file, codeCache, args) {
  const Module = require('node:module');
  let cachedData;
  try {
    cachedData = readFileSync(codeCache);
  } catch {
    cachedData = undefined;
  }
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileBundle(content, filename) {
    if (filename !== file) return compile.call(this, content, filename);
    Module.prototype._compile = compile;
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) {
      process.once('exit', () => {
        try {
          const temp = `${codeCache}.${process.pid}.tmp`;
          writeFileSync(temp, script.createCachedData());
          renameSync(temp, codeCache);
        } catch {
          // a read-only cache directory: the next start compiles again
        }
      });
    }
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, Module.createRequire(filename), this, filename, dirname(filename));
  };
  runMain(file, args);
}

/**
 * Starts `entry` (a TypeScript file, relative to the working directory or absolute) with `args`.
 * An entry outside this project (another checkout, with packages of its own) runs through tsx:
 * a bundle here would load this project's packages.
 */
async function launch(entry, args) {
  const absolute = resolve(process.cwd(), entry);
  const relativeEntry = relative(ROOT, absolute).split('\\').join('/');
  const viaTsx = () => {
    require('tsx/cjs');
    runMain(absolute, args);
  };
  if (process.env.SESSION_PREFS_LAUNCH_BUNDLE === '0' || relativeEntry.startsWith('../') || isAbsolute(relativeEntry)) return viaTsx();
  const files = cacheFiles(relativeEntry);
  if (!fresh(files)) {
    try {
      await build(relativeEntry, files);
    } catch {
      return viaTsx();
    }
  }
  runBundle(files.bundle, files.codeCache, args);
}

/** `launch`, with an error of the entry an uncaught exception, as when it runs directly. */
function start(entry, args) {
  launch(entry, args).catch((error) => {
    process.nextTick(() => {
      throw error;
    });
  });
}

module.exports = { start };

if (require.main === module) {
  const [entry, ...args] = process.argv.slice(2);
  if (entry === undefined) {
    process.stderr.write('usage: node scripts/launch.cjs <entry.ts> [args...]\n');
    process.exit(2);
  }
  start(entry, args);
}
