/**
 * Bundles the updater (lambda-src/handler.ts) with esbuild into <outDir>/index.js, the only file
 * in that directory. The AWS SDK v3 is external: the Node.js Lambda runtime provides it.
 * Synthesis calls `ensureUpdaterBundle()` when a Region uses documentManagement lambda;
 * scripts/bundle-lambda.ts runs it by hand.
 */
import { build, buildSync, type BuildOptions } from 'esbuild';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { UPDATER_NODE_MAJOR } from './contract';

const ROOT = resolve(__dirname, '..', '..');
export const LAMBDA_ENTRY = join(ROOT, 'lambda-src', 'handler.ts');

/** Refuses to empty a directory that is the filesystem root, the home dir, or contains the project/cwd. */
function assertSafeToClean(dir: string): void {
  const contains = (parent: string, child: string) => {
    const rel = relative(parent, child);
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
  };
  for (const p of [ROOT, process.cwd(), homedir()]) {
    if (contains(dir, p)) throw new Error(`refusing to use ${dir} as the bundle directory: it contains ${p}`);
  }
}

function buildOptions(dir: string): BuildOptions & { write: false } {
  return {
    entryPoints: [LAMBDA_ENTRY],
    bundle: true,
    platform: 'node',
    target: `node${UPDATER_NODE_MAJOR}`,
    format: 'cjs',
    minify: true,
    external: ['@aws-sdk/*'],
    legalComments: 'none',
    sourcemap: false,
    write: false,
    outfile: join(dir, 'index.js'),
    logLevel: 'warning',
  };
}

/** Writes the one bundled file; only index.js may live in the directory, which is archived whole. */
function writeBundle(dir: string, outputFiles: { contents: Uint8Array }[] | undefined): string {
  if (outputFiles?.length !== 1) {
    throw new Error(`esbuild produced ${outputFiles?.length ?? 0} files, expected exactly index.js`);
  }
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
  const out = join(dir, 'index.js');
  writeFileSync(out, outputFiles[0].contents);
  return out;
}

/** Bundles the handler into `<outDir>/index.js` and returns that path. */
export async function bundleLambda(outDir: string): Promise<string> {
  const dir = resolve(outDir);
  assertSafeToClean(dir);
  return writeBundle(dir, (await build(buildOptions(dir))).outputFiles);
}

/** Synchronous bundleLambda, for synthesis (cdktf apps build their stacks synchronously). */
export function bundleLambdaSync(outDir: string): string {
  const dir = resolve(outDir);
  assertSafeToClean(dir);
  return writeBundle(dir, buildSync(buildOptions(dir)).outputFiles);
}

const bundled = new Set<string>();

/** bundleLambdaSync once per process and directory (every stack of a synth shares the one bundle). */
export function ensureUpdaterBundle(outDir: string): string {
  const dir = resolve(outDir);
  if (!bundled.has(dir)) {
    bundleLambdaSync(dir);
    bundled.add(dir);
  }
  return dir;
}
