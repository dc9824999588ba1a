/**
 * Bundles the updater into one file, as synthesis does by itself when a Region uses
 * documentManagement lambda (src/updater/bundle.ts).
 * Usage: npx tsx scripts/bundle-lambda.ts [outDir]   (default dist/lambda)
 */
import { statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { errorMessage, startCommand } from '../src/cli/command';
import { BUNDLE_LAMBDA_COMMAND } from '../src/cli/commands';

void startCommand(
  BUNDLE_LAMBDA_COMMAND,
  async ({ positionals }) => {
    // The work loads only now: --help and usage errors answer without it.
    const { bundleLambda } = await import('../src/updater/bundle');
    const file = await bundleLambda(positionals[0] ?? join(__dirname, '..', 'dist', 'lambda'));
    process.stdout.write(`${relative(process.cwd(), file) || file}: ${statSync(file).size} bytes\n`);
  },
  { crash: (e) => `${errorMessage(e)}\n` },
);
