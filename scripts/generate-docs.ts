/**
 * Writes every generated file: config/schema.json, docs/configuration-reference.md,
 * docs/configuration-rules.md and docs/compliance-rules.md, each from a pure function in src/.
 * `--check` writes nothing and exits 1 when a committed file is out of date (the unit tests check
 * the same).
 */
import { join } from 'node:path';
import { startCommand } from '../src/cli/command';
import { DOCS_COMMAND } from '../src/cli/commands';
import { writeOrCheck, type GeneratedFile } from '../src/cli/generated-file';
import { COMPLIANCE_RULES_DOC_PATH, complianceRulesDocument } from '../src/compliance/rules-doc';
import { SCHEMA_PATH, configJsonSchema } from '../src/config/json-schema';
import { REFERENCE_DOC_PATH, referenceDocument } from '../src/config/reference-doc';
import { RULES_DOC_PATH, rulesDocument } from '../src/config/rules-doc';

const FILES: readonly GeneratedFile[] = [
  { path: SCHEMA_PATH, text: configJsonSchema, command: 'npm run docs' },
  { path: REFERENCE_DOC_PATH, text: referenceDocument, command: 'npm run docs' },
  { path: RULES_DOC_PATH, text: rulesDocument, command: 'npm run docs' },
  { path: COMPLIANCE_RULES_DOC_PATH, text: () => complianceRulesDocument(), command: 'npm run docs' },
];

void startCommand(DOCS_COMMAND, ({ flags }) => writeOrCheck(FILES, join(__dirname, '..'), flags.check === true));
