/**
 * Bundles lambda-src/handler.ts into <outDir>/index.js (the only file in that directory).
 * The AWS SDK v3 is external: the Node.js 20 Lambda runtime provides it.
 * Usage: npx tsx scripts/bundle-lambda.ts [outDir]   (default dist/lambda)
 */
import { build } from 'esbuild';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '..');
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

export async function bundleLambda(outDir: string): Promise<string> {
  const dir = resolve(outDir);
  assertSafeToClean(dir);
  const result = await build({
    entryPoints: [LAMBDA_ENTRY],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    external: ['@aws-sdk/*'],
    legalComments: 'none',
    sourcemap: false,
    write: false,
    outfile: join(dir, 'index.js'),
    logLevel: 'warning',
  });
  if (result.outputFiles.length !== 1) {
    throw new Error(`esbuild produced ${result.outputFiles.length} files, expected exactly index.js`);
  }
  // Only index.js may live in the directory: the archive is built from the whole directory.
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
  const out = join(dir, 'index.js');
  writeFileSync(out, result.outputFiles[0].contents);
  return out;
}

if (require.main === module) {
  const outDir = process.argv[2] ?? join(ROOT, 'dist', 'lambda');
  bundleLambda(outDir).then(
    (file) => console.log(`${relative(process.cwd(), file) || file}: ${statSync(file).size} bytes`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
