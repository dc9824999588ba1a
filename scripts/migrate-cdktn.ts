/** `npx tsx scripts/migrate-cdktn.ts <dir>`: rewrites imports and package.json for CDK Terrain (src/cli/migrate-cdktn.ts, docs/upstream.md). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../src/cli/args';
import { startCommand } from '../src/cli/command';
import { MIGRATE_CDKTN_COMMAND } from '../src/cli/commands';

void startCommand(MIGRATE_CDKTN_COMMAND, async ({ positionals }) => {
  const dir = positionals[0];
  if (dir === undefined || positionals.length > 1) throw new UsageError('name one directory');
  if (!existsSync(join(dir, 'package.json'))) {
    process.stderr.write(`error: ${dir} has no package.json\n`);
    return 1;
  }
  // The work loads only now: --help and usage errors answer without it.
  const { migrateDirectory } = await import('../src/cli/migrate-cdktn');
  const changed = migrateDirectory(dir);
  process.stdout.write(
    `${changed.length} files rewritten:\n${changed.map((f) => `  ${f}\n`).join('')}Next: npm install, npx tsc --noEmit -p ., and the manual steps of docs/upstream.md.\n`,
  );
  return 0;
});
