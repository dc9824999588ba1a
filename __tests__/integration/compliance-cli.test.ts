/**
 * `npm run check` (scripts/check.ts) and main.ts as users run them: exit codes, the report, and a
 * non-compliant configuration that makes main.ts exit 1 and write nothing.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX, exampleModel, minimalModel, stackFor, writeTempConfig as configFile } from '../helpers';
import { runSynth, runTsx } from '../support/tsx';

const run = (script: string, args: string[], env: Record<string, string> = {}) => runTsx(script, args, { env });

/** Stacks of BASE (minimalConfig's account and Region) and of the example configuration, as the app names them. */
const [GLOBAL, EU_WEST_1] = [stackFor(minimalModel(), SANDBOX.name), stackFor(minimalModel(), SANDBOX.name, 'eu-west-1')];
const EXAMPLE = exampleModel();
const EXAMPLE_STACKS = [stackFor(EXAMPLE, SANDBOX.name), stackFor(EXAMPLE, SANDBOX.name, 'us-east-1'), stackFor(EXAMPLE, SANDBOX.name, 'eu-west-1')];

const BASE = ['version: 1', 'regions: [eu-west-1]', 'accounts:', '  - { id: "111111111111", name: sandbox }'];
const NON_COMPLIANT = configFile([...BASE, 'preferences:', '  sessionEncryption: { enabled: false }', '  cloudWatch: { retentionDays: 30 }']);
const SUPPRESSED = configFile([
  ...BASE,
  'preferences:',
  '  cloudWatch: { retentionDays: 30 }',
  'compliance:',
  '  suppressions:',
  '    - rule: SMP-LOG-2',
  `      resource: ${EU_WEST_1}/eu-west-1/log-group`,
  '      reason: Sandbox logs are exported nightly to the archive account (SEC-42).',
  '    - rule: SMP-S3-1',
  '      stack: "*"',
  '      reason: Kept for when S3 logging is turned on in this account.',
]);

describe('npm run check (scripts/check.ts)', () => {
  it('prints the report of the example configuration and exits 0', () => {
    const check = run('scripts/check.ts', [], { SESSION_PREFS_CONFIG: '' });
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(new RegExp(`^Rule\\s+Severity\\s+${EXAMPLE_STACKS.join('\\s+')}$`, 'm'));
    expect(check.stdout).toContain('PASSED: 0 error(s), 0 warning(s), 0 suppressed, 0 unmatched suppression(s)');
  });

  it('exits 1 on error findings and lists each with its rule and construct path', () => {
    const check = run('scripts/check.ts', ['--config', NON_COMPLIANT]);
    expect(check.status).toBe(1);
    expect(check.stdout).toMatch(/^SMP-SSM-1\s+error\s+-\s+FAIL 1$/m);
    expect(check.stdout).toContain(`[SMP-LOG-2] ${EU_WEST_1}/eu-west-1/log-group/log-group (aws_cloudwatch_log_group.`);
    expect(check.stdout).toContain(`[SMP-SSM-1] ${EU_WEST_1}/eu-west-1/preferences-document/document (aws_ssm_document.`);
    expect(check.stdout).toContain('FAILED: 2 error(s)');
  });

  it('exits 0 when every error is suppressed, showing reasons and the unmatched suppression', () => {
    const check = run('scripts/check.ts', [`--config=${SUPPRESSED}`]);
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('suppressed by compliance.suppressions[0]: Sandbox logs are exported nightly to the archive account (SEC-42).');
    expect(check.stdout).toContain('compliance.suppressions[1] (SMP-S3-1; stack *): no finding of SMP-S3-1 matches it');
  });

  it('reads SESSION_PREFS_CONFIG and prints JSON with --json', () => {
    const check = run('scripts/check.ts', ['--json'], { SESSION_PREFS_CONFIG: NON_COMPLIANT });
    expect(check.status).toBe(1);
    const json = JSON.parse(check.stdout);
    expect(json.passed).toBe(false);
    expect(json.findings.map((f: { rule: string }) => f.rule)).toEqual(['SMP-LOG-2', 'SMP-SSM-1']);
  });

  it('exits 1 on an invalid configuration', () => {
    const check = run('scripts/check.ts', ['--config', configFile([...BASE, 'compliance:', '  suppressions: [{ rule: SMP-LOG-2, stack: "*" }]'])]);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('compliance.suppressions[0].reason: is required');
  });
});

describe('main.ts with a non-compliant configuration', () => {
  it('exits 1, lists every error finding with construct path and rule, and writes nothing', () => {
    const main = runSynth(['--config', NON_COMPLIANT]);
    const outdir = main.outdir;
    expect(main.status).toBe(1);
    expect(main.stderr).toContain('Compliance: 2 error finding(s); nothing was synthesized:');
    expect(main.stderr).toContain(`  - [SMP-LOG-2] ${EU_WEST_1}/eu-west-1/log-group/log-group (aws_cloudwatch_log_group.`);
    expect(main.stderr).toContain(`  - [SMP-SSM-1] ${EU_WEST_1}/eu-west-1/preferences-document/document (aws_ssm_document.`);
    expect(readdirSync(outdir)).toEqual([]);
  });

  it('synthesizes when every error is suppressed, and mentions the unmatched suppression', () => {
    const main = runSynth(['--config', SUPPRESSED]);
    const outdir = main.outdir;
    expect(main.status).toBe(0);
    expect(main.stderr).toContain('1 unmatched suppression(s)');
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual([GLOBAL, EU_WEST_1].sort());
  });
});
