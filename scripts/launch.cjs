/**
 * How the project's TypeScript entry points start: `node scripts/launch.cjs <entry.ts> [args...]`
 * runs the entry (relative to the working directory) from a bundle of the project's own TypeScript (packages stay external), built by
 * esbuild when the sources change and kept in node_modules/.cache/session-prefs-launch/. Loading a
 * bundle costs about a third of the CPU of compiling every module through tsx at each start
 * (`scripts/drift.ts --help`: 0.5 s instead of 1.4 s), and the `tsx` command starts a second Node.js
 * process besides. The package.json scripts, `npm run synth` (scripts/synth.cjs), cdktf.json and the
 * tests start entry points this way.
 *
 * A bundle is reused only while every file it was built from (and tsconfig.json, package.json,
 * esbuild's version, Node.js's and this file) has the same content; otherwise it is rebuilt, in a
 * temporary file renamed into place, so concurrent starts never read half a bundle. If the bundle
 * cannot be built or written (no esbuild, read-only node_modules), the entry runs through tsx as
 * before; SESSION_PREFS_LAUNCH_BUNDLE=0 always does. Each module's `__dirname` is its own source
 * directory, as under tsx, so paths relative to a source file (the updater bundle, the schema) hold.
 * A module the entry loads with `await import('./x')` is evaluated (with the packages it requires)
 * only when that import runs: how entry points keep `--help` and usage errors light.
 * The entry runs as the main module (`require.main === module`) with `process.argv` =
 * [node, <the bundle or the entry>, ...args].
 */
const process = require('node:process');
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { dirname, isAbsolute, join, relative, resolve } = require('node:path');

const ROOT = join(__dirname, '..');
const CACHE = join(ROOT, 'node_modules', '.cache', 'session-prefs-launch');
/** Files that change a bundle without being bundled. */
const ALWAYS = ['tsconfig.json', 'package.json', 'scripts/launch.cjs'];

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
  return { bundle: join(CACHE, `${name}.js`), inputs: join(CACHE, `${name}.inputs.json`) };
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

async function build(entry, { bundle, inputs }) {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    packages: 'external',
    // The bundle is CommonJS: an `await import('pkg')` becomes a require() of the package, as its
    // static imports do (a real import() goes through Node's ES module loader, which parses the
    // package again to find its exports: 40 ms more for cdktf).
    supported: { 'dynamic-import': false },
    tsconfig: join(ROOT, 'tsconfig.json'),
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [sourceDirname],
  });
  const files = {};
  for (const file of [...Object.keys(result.metafile.inputs), ...ALWAYS]) files[file] = digest(file);
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
 * Starts `entry` (a TypeScript file, relative to the working directory or absolute) with `args`.
 * An entry outside this project (another checkout, with packages of its own) runs through tsx:
 * a bundle here would load this project's packages.
 */
async function launch(entry, args) {
  const absolute = resolve(process.cwd(), entry);
  const relativeEntry = relative(ROOT, absolute).split('\\').join('/');
  const viaTsx = () => {
    // The CommonJS hooks for the entry and its imports, and, as the tsx command has them, the ES
    // module hooks for an `await import()` of a TypeScript module (how an entry loads its work lazily).
    require('tsx/cjs');
    require('tsx/esm/api').register();
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
  runMain(files.bundle, args);
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
