/**
 * Writes config/schema.json from the zod schema (src/config/json-schema.ts). `--check` writes
 * nothing and exits 1 when the committed file is out of date. `npm run docs` writes it too.
 */
import { join } from 'node:path';
import { parseArgsOrExit } from '../src/cli/args';
import { writeOrCheck } from '../src/cli/generated-file';
import { SCHEMA_PATH, configJsonSchema } from '../src/config/json-schema';

const { flags } = parseArgsOrExit(
  {
    usage: 'npm run schema --',
    summary: 'Writes config/schema.json from the zod schema (src/config/schema.ts) with defaults, enums and examples (src/config/schema-annotations.ts).',
    flags: [{ name: 'check', type: 'boolean', description: 'write nothing; exit 1 when config/schema.json is out of date' }],
    details: ['Exit status: 0 written or up to date; 1 out of date (--check); 2 usage error.'],
  },
  process.argv.slice(2),
);
process.exitCode = writeOrCheck([{ path: SCHEMA_PATH, text: configJsonSchema, command: 'npm run schema' }], join(__dirname, '..'), flags.check === true);
