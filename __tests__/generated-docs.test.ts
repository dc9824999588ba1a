/**
 * Generated files are committed up to date (each failure names the command that regenerates it),
 * and say what they are generated from: the configuration reference lists every field of the
 * schema with its default, and the compliance rules table lists every rule from its metadata.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { staleFiles } from '../src/cli/generated-file';
import { COMPLIANCE_RULES_DOC_PATH, complianceRulesDocument, ruleRow } from '../src/compliance/rules-doc';
import { RULES } from '../src/compliance/rules';
import { DEFAULTS } from '../src/config/defaults';
import { SCHEMA_PATH, configJsonSchema, eachProperty } from '../src/config/json-schema';
import { REFERENCE_DOC_PATH, referenceDocument } from '../src/config/reference-doc';
import { RULES_DOC_PATH, rulesDocument } from '../src/config/rules-doc';
import { ROOT } from './helpers';

describe('generated files', () => {
  it('are up to date (otherwise run npm run docs)', () => {
    const files = [
      { path: SCHEMA_PATH, text: configJsonSchema, command: 'npm run docs' },
      { path: REFERENCE_DOC_PATH, text: referenceDocument, command: 'npm run docs' },
      { path: RULES_DOC_PATH, text: rulesDocument, command: 'npm run docs' },
      { path: COMPLIANCE_RULES_DOC_PATH, text: () => complianceRulesDocument(), command: 'npm run docs' },
    ];
    expect(staleFiles(files, ROOT)).toEqual([]);
  });

  it('are reported stale with the file and the command to run', () => {
    expect(staleFiles([{ path: REFERENCE_DOC_PATH, text: () => 'changed', command: 'npm run docs' }], ROOT)).toEqual([
      'docs/configuration-reference.md is out of date: run npm run docs',
    ]);
    expect(staleFiles([{ path: join(ROOT, 'docs', 'missing.md'), text: () => '', command: 'npm run docs' }], ROOT)).toEqual(['docs/missing.md is out of date: run npm run docs']);
  });
});

describe('docs/configuration-reference.md', () => {
  const doc = referenceDocument();
  const row = (path: string) => doc.split('\n').find((line) => line.startsWith(`| \`${path}\` |`));

  it('has a row for every field of the schema, or for the section it repeats', () => {
    const paths: string[] = [];
    eachProperty(JSON.parse(configJsonSchema()), (path) => {
      if (!path.endsWith('[]')) paths.push(path);
    });
    // A path is listed itself, or one of its parents is listed as "Same fields as" another section.
    const missing = paths.filter((path) => {
      if (row(path)) return false;
      const parents = path
        .split('.')
        .map((_, i, parts) =>
          parts
            .slice(0, i)
            .join('.')
            .replace(/(\[\]|\{\})+$/, ''),
        )
        .filter((p) => p !== '');
      return !parents.some((parent) => row(parent)?.includes('Same fields as'));
    });
    expect(paths.length).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it('shows defaults from src/config/defaults.ts, allowed values and descriptions', () => {
    expect(row('preferences.idleSessionTimeout')).toBe(
      `| \`preferences.idleSessionTimeout\` | number | \`${DEFAULTS.idleSessionTimeout}\` | 1 to 60; whole number | Minutes without activity before a session ends (1-60). |`,
    );
    expect(row('stacks.shardSize')).toContain(`| \`${DEFAULTS.shardSize}\` |`);
    expect(row('documentManagement')).toContain('one of `terraform`, `lambda`');
    expect(row('accounts[].id')).toContain('string, required');
    expect(row('backend.type')).toContain('one of `local`, `cloud`');
    expect(row('backend.workspacePrefix')).toContain('Only with `type: cloud`.');
    expect(row('regions')).toContain('each item: one of [36 values](#values-of-regions)');
    expect(doc).toContain('### Values of regions\n\n`us-east-1`, ');
  });

  it('escapes pipes inside table cells', () => {
    expect(row('accounts[].assumeRoleArn')).toContain('(-cn\\|-us-gov)');
  });
});

describe('docs/compliance-rules.md', () => {
  it('lists every rule with its description, severity and controls, in report order', () => {
    const doc = complianceRulesDocument();
    const rows = doc.split('\n').filter((line) => /^\| SMP-/.test(line));
    expect(rows).toEqual(RULES.map(ruleRow));
    expect(ruleRow(RULES.find((r) => r.id === 'SMP-LOG-2')!)).toBe(
      '| SMP-LOG-2 | CloudWatch log groups set a retention of at least compliance.minLogRetentionDays (default 365) or 0 (never expire). | error | Checkov CKV_AWS_338; Checkov CKV_AWS_66; Security Hub CloudWatch.16; Prowler cloudwatch_log_group_retention_policy_specific_days_enabled |',
    );
  });

  it('is linked from docs/compliance.md and the README', () => {
    expect(readFileSync(join(ROOT, 'docs', 'compliance.md'), 'utf8')).toContain('(compliance-rules.md)');
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('docs/compliance-rules.md');
  });
});
