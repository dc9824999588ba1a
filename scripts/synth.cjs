/**
 * How `npm run synth` and the cdktf CLI (cdktf.json `app`) start main.ts: from a bundle of the
 * project's own TypeScript (packages stay external), built by esbuild when the sources change and
 * kept in node_modules/.cache/session-prefs-synth/. Loading the bundle takes about a third of the
 * CPU of compiling every module through tsx at each start (and tsx's `tsx` command starts a second
 * Node.js process). The bundle is reused only while every file it was built from (and tsconfig.json,
 * package.json, esbuild's version and this file) has the same content; otherwise it is rebuilt, in
 * a temporary file renamed into place, so concurrent synths never read half a bundle. If the bundle
 * cannot be built or written (no esbuild, read-only node_modules), main.ts runs through tsx as before.
 * SESSION_PREFS_SYNTH_BUNDLE=0 always runs through tsx. Each module's `__dirname` is its own source
 * directory, as under tsx, so paths relative to a source file (the updater bundle, the schema) hold.
 */
const process = require('node:process');
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const ROOT = join(__dirname, '..');
const ENTRY = join(ROOT, 'main.ts');
const CACHE = join(ROOT, 'node_modules', '.cache', 'session-prefs-synth');
const BUNDLE = join(CACHE, 'main.js');
const INPUTS = join(CACHE, 'inputs.json');
/** Files that change the bundle without being bundled. */
const ALWAYS = ['tsconfig.json', 'package.json', 'scripts/synth.cjs'];

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

/** Whether the bundle was built from exactly the files there are now. */
function fresh() {
  if (!existsSync(BUNDLE) || !existsSync(INPUTS)) return false;
  try {
    const recorded = JSON.parse(readFileSync(INPUTS, 'utf8'));
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

async function build() {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    packages: 'external',
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
  writeFileSync(BUNDLE + suffix, result.outputFiles[0].contents);
  writeFileSync(INPUTS + suffix, JSON.stringify({ esbuild: esbuildVersion(), node: process.version, files }));
  // The inputs last: a bundle without matching inputs is never taken as fresh.
  renameSync(BUNDLE + suffix, BUNDLE);
  renameSync(INPUTS + suffix, INPUTS);
}

function viaTsx() {
  require('tsx/cjs');
  require(ENTRY);
}

async function launch() {
  if (process.env.SESSION_PREFS_SYNTH_BUNDLE === '0') return viaTsx();
  if (!fresh()) {
    try {
      await build();
    } catch {
      return viaTsx();
    }
  }
  require(BUNDLE);
}

// An error of the app is an uncaught exception, as when main.ts runs directly.
launch().catch((error) => {
  process.nextTick(() => {
    throw error;
  });
});
