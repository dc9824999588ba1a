/**
 * Writes every generated file: config/schema.json, docs/configuration-reference.md,
 * docs/configuration-rules.md and docs/compliance-rules.md, each from a pure function in src/.
 * `--check` writes nothing and exits 1 when a committed file is out of date (the unit tests check
 * the same).
 */
import { join } from 'node:path';
import { startCommand } from '../src/cli/command';
import { DOCS_COMMAND } from '../src/cli/commands';
import type { GeneratedFile } from '../src/cli/generated-file';

void startCommand(DOCS_COMMAND, async ({ flags }) => {
  // The generators load only now: --help and usage errors answer without them.
  const [
    { writeOrCheck },
    { COMPLIANCE_RULES_DOC_PATH, complianceRulesDocument },
    { SCHEMA_PATH, configJsonSchema },
    { REFERENCE_DOC_PATH, referenceDocument },
    { RULES_DOC_PATH, rulesDocument },
  ] = await Promise.all([
    import('../src/cli/generated-file'),
    import('../src/compliance/rules-doc'),
    import('../src/config/json-schema'),
    import('../src/config/reference-doc'),
    import('../src/config/rules-doc'),
  ]);
  const files: readonly GeneratedFile[] = [
    { path: SCHEMA_PATH, text: configJsonSchema, command: 'npm run docs' },
    { path: REFERENCE_DOC_PATH, text: referenceDocument, command: 'npm run docs' },
    { path: RULES_DOC_PATH, text: rulesDocument, command: 'npm run docs' },
    { path: COMPLIANCE_RULES_DOC_PATH, text: () => complianceRulesDocument(), command: 'npm run docs' },
  ];
  return writeOrCheck(files, join(__dirname, '..'), flags.check === true);
});
