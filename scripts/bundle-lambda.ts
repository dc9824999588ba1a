/**
 * Bundles the updater into one file, as synthesis does by itself when a Region uses
 * documentManagement lambda (src/updater/bundle.ts).
 * Usage: npx tsx scripts/bundle-lambda.ts [outDir]   (default dist/lambda)
 */
import { statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgsOrExit } from '../src/cli/args';
import { BUNDLE_LAMBDA_COMMAND } from '../src/cli/commands';
import { bundleLambda } from '../src/updater/bundle';

const { positionals } = parseArgsOrExit(BUNDLE_LAMBDA_COMMAND, process.argv.slice(2));
const outDir = positionals[0] ?? join(__dirname, '..', 'dist', 'lambda');
bundleLambda(outDir).then(
  (file) => console.log(`${relative(process.cwd(), file) || file}: ${statSync(file).size} bytes`),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
