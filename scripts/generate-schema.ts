/**
 * Writes config/schema.json (JSON Schema draft 2020-12) from the zod schema, for editor
 * autocompletion. `--check` exits 1 when the committed file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { configSchema } from '../src/config/schema';

export const SCHEMA_PATH = join(__dirname, '..', 'config', 'schema.json');

/** The JSON Schema text of the configuration file. */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, title: 'Session Manager preferences configuration' }, null, 2)}\n`;
}

if (require.main === module) {
  const text = configJsonSchema();
  if (process.argv.includes('--check')) {
    const current = readFileSync(SCHEMA_PATH, 'utf8');
    if (current !== text) {
      process.stderr.write('config/schema.json is out of date: run npm run schema\n');
      process.exit(1);
    }
  } else {
    writeFileSync(SCHEMA_PATH, text);
    process.stdout.write(`wrote ${SCHEMA_PATH}\n`);
  }
}
