/**
 * Writes docs/configuration-rules.md (src/config/rules-doc.ts). `--check` writes nothing and exits
 * 1 when the committed file is out of date. `npm run docs` writes it too, with the other generated
 * documents.
 */
import { join } from 'node:path';
import { parseArgsOrExit } from '../src/cli/args';
import { writeOrCheck } from '../src/cli/generated-file';
import { RULES_DOC_PATH, rulesDocument } from '../src/config/rules-doc';

const { flags } = parseArgsOrExit(
  {
    usage: 'npm run docs:rules --',
    summary: 'Writes docs/configuration-rules.md from the naming rules and the lists of configuration checks.',
    flags: [{ name: 'check', type: 'boolean', description: 'write nothing; exit 1 when docs/configuration-rules.md is out of date' }],
    details: ['Exit status: 0 written or up to date; 1 out of date (--check); 2 usage error.'],
  },
  process.argv.slice(2),
);
process.exitCode = writeOrCheck([{ path: RULES_DOC_PATH, text: rulesDocument, command: 'npm run docs:rules' }], join(__dirname, '..'), flags.check === true);
