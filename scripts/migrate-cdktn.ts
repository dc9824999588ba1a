/** `npx tsx scripts/migrate-cdktn.ts <dir>`: rewrites imports and package.json for CDK Terrain (src/cli/migrate-cdktn.ts, docs/upstream.md). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgsOrExit } from '../src/cli/args';
import { MIGRATE_CDKTN_COMMAND } from '../src/cli/commands';
import { migrateDirectory } from '../src/cli/migrate-cdktn';

const { positionals } = parseArgsOrExit(MIGRATE_CDKTN_COMMAND, process.argv.slice(2));
const dir = positionals[0];
if (dir === undefined || positionals.length > 1) {
  process.stderr.write(`error: name one directory\nRun ${MIGRATE_CDKTN_COMMAND.usage} --help for the usage.\n`);
  process.exit(2);
}
if (!existsSync(join(dir, 'package.json'))) {
  process.stderr.write(`error: ${dir} has no package.json\n`);
  process.exit(1);
}
const changed = migrateDirectory(dir);
process.stdout.write(
  `${changed.length} files rewritten:\n${changed.map((f) => `  ${f}\n`).join('')}Next: npm install, npx tsc --noEmit -p ., and the manual steps of docs/upstream.md.\n`,
);
