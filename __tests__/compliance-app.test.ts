/**
 * Compliance of whole apps built from configurations: the example has zero findings, a
 * non-compliant configuration is valid but fails with every finding, suppressions apply with their
 * reasons and unmatched ones are reported, and the `compliance` section is validated.
 */
import { readFileSync, rmSync } from 'node:fs';
import { App } from 'cdktf';
import { applyConfiguredCompliance, checkModel } from '../stacks/compliance';
import { ComplianceAspect } from '../src/compliance/aspect';
import { renderReport, renderSynthNotice, reportJson } from '../src/compliance/report';
import { RULES } from '../src/compliance/rules';
import { DEFAULTS } from '../src/config/defaults';
import { modelFromData } from '../src/config/load';
import { addStacks } from '../stacks/app';
import { parse } from 'yaml';
import { EXAMPLE_CONFIG, ROOT, SANDBOX, configProblems, exampleModel, minimalConfig, minimalModel, stackFor, tempDir } from './helpers';

/** The sandbox account in eu-west-1. */
const NON_COMPLIANT = minimalConfig({
  preferences: {
    sessionEncryption: { enabled: false },
    cloudWatch: { retentionDays: 30 },
  },
});
/** Construct path of the Region in its stack: `<stack>/<region>`. */
const REGION = `${stackFor(minimalModel(), SANDBOX.name, SANDBOX.region)}/${SANDBOX.region}`;
/** The example configuration's stacks: account-wide, us-east-1, eu-west-1. */
const EXAMPLE = exampleModel();
const [GLOBAL, US_EAST_1, EU_WEST_1] = [stackFor(EXAMPLE, SANDBOX.name), stackFor(EXAMPLE, SANDBOX.name, 'us-east-1'), stackFor(EXAMPLE, SANDBOX.name, 'eu-west-1')];

describe('the example configuration', () => {
  const result = checkModel(exampleModel());

  it('has zero findings and no unmatched suppressions', () => {
    expect(result.findings).toEqual([]);
    expect(result.unmatchedSuppressions).toEqual([]);
    expect(result.stacks).toEqual([GLOBAL, US_EAST_1, EU_WEST_1]);
  });

  it('is looked at by every rule somewhere', () => {
    for (const rule of RULES) {
      const looked = result.stacks.reduce((n, stack) => n + result.evaluated(rule.id, stack), 0);
      expect(`${rule.id}: ${looked > 0}`).toBe(`${rule.id}: true`);
    }
  });

  it('reports pass for every rule that applies, per stack', () => {
    const report = renderReport(result);
    expect(report).toMatch(/^SMP-LOG-2\s+error\s+-\s+pass\s+pass$/m);
    expect(report).toMatch(/^SMP-IAM-2\s+error\s+pass\s+-\s+-$/m);
    expect(report).toContain('PASSED: 0 error(s), 0 warning(s), 0 suppressed, 0 unmatched suppression(s)');
    expect(renderSynthNotice(result)).toBe('');
  });

  it('blocks public sharing of SSM documents in every Region it manages', () => {
    const settings = result.stacks.flatMap((s) => (result.evaluated('SMP-SSM-5', s) > 0 ? [s] : []));
    expect(settings).toEqual([US_EAST_1, EU_WEST_1]);
  });
});

describe('a non-compliant configuration', () => {
  it('is a valid configuration: the rules, not the schema, reject it', () => {
    expect(configProblems(NON_COMPLIANT)).toEqual([]);
  });

  const result = checkModel(modelFromData(NON_COMPLIANT));

  it('fails with every finding, each naming the rule and the construct path', () => {
    expect(result.errors.map((f) => [f.rule, f.path])).toEqual([
      ['SMP-LOG-2', `${REGION}/log-group/log-group`],
      ['SMP-SSM-1', `${REGION}/preferences-document/document`],
    ]);
    const notice = renderSynthNotice(result);
    expect(notice).toContain('2 error finding(s); nothing was synthesized');
    expect(notice).toContain(`[SMP-LOG-2] ${REGION}/log-group/log-group (aws_cloudwatch_log_group.`);
    expect(notice).toContain(`[SMP-SSM-1] ${REGION}/preferences-document/document (aws_ssm_document.`);
  });

  it('uses the configured thresholds', () => {
    const strict = checkModel(modelFromData(minimalConfig({ compliance: { maxIdleSessionTimeout: 15, minLogRetentionDays: 400 } })));
    expect(strict.errors.map((f) => `${f.rule}: ${f.message}`)).toEqual([
      'SMP-LOG-2: keeps log events 365 days, below the minimum of 400 (compliance.minLogRetentionDays)',
      'SMP-SSM-3: inputs.idleSessionTimeout is 20 minutes, above the limit of 15 (compliance.maxIdleSessionTimeout)',
    ]);
  });
});

describe('suppressions', () => {
  const reason = 'Central security accepts 30-day retention here (ticket SEC-42).';
  const result = checkModel(
    modelFromData({
      ...NON_COMPLIANT,
      compliance: {
        suppressions: [
          { rule: 'SMP-LOG-2', resource: `${REGION}/log-group`, reason },
          { rule: 'SMP-SSM-1', stack: '*-shard*', reason: 'Sandbox sessions carry no customer data; TLS only is accepted.' },
          { rule: 'SMP-S3-1', stack: '*', reason: 'Kept for when S3 logging is turned on in this account.' },
          { rule: 'SMP-NOPE-1', stack: stackFor(minimalModel(), SANDBOX.name), reason: 'A typo in a rule id must not go unnoticed.' },
          { rule: 'SMP-KMS-1', stack: 'prod-*', reason: 'No prod stacks here: the stack pattern matches nothing.' },
        ],
      },
    }),
  );

  it('suppress matching findings, by path prefix or stack pattern, keeping the reason', () => {
    expect(result.errors).toEqual([]);
    expect(result.suppressed.map((f) => [f.rule, f.path, f.suppressedBy?.source, f.suppressedBy?.reason])).toEqual([
      ['SMP-LOG-2', `${REGION}/log-group/log-group`, 'compliance.suppressions[0]', reason],
      ['SMP-SSM-1', `${REGION}/preferences-document/document`, 'compliance.suppressions[1]', 'Sandbox sessions carry no customer data; TLS only is accepted.'],
    ]);
  });

  it('report what they matched nothing, and why', () => {
    expect(result.unmatchedSuppressions.map((u) => [u.suppression.source, u.reason])).toEqual([
      ['compliance.suppressions[2]', 'no finding of SMP-S3-1 matches it'],
      ['compliance.suppressions[3]', 'there is no rule SMP-NOPE-1'],
      ['compliance.suppressions[4]', 'no stack matches prod-*'],
    ]);
  });

  it('show in the report: suppressed cells, reasons, unmatched suppressions', () => {
    const report = renderReport(result);
    expect(report).toMatch(/^SMP-LOG-2\s+error\s+-\s+suppressed 1$/m);
    expect(report).toContain(`suppressed by compliance.suppressions[0]: ${reason}`);
    expect(report).toContain(`compliance.suppressions[3] (SMP-NOPE-1; stack ${stackFor(minimalModel(), SANDBOX.name)}): there is no rule SMP-NOPE-1`);
    expect(report).toContain('PASSED: 0 error(s), 0 warning(s), 2 suppressed, 3 unmatched suppression(s)');
    expect(renderSynthNotice(result)).toContain('3 unmatched suppression(s)');
    const json = JSON.parse(reportJson(result));
    expect(json.passed).toBe(true);
    expect(json.matrix['SMP-LOG-2'][stackFor(minimalModel(), SANDBOX.name, SANDBOX.region)]).toBe('suppressed 1');
    expect(json.findings[0].suppressed).toEqual({ by: 'compliance.suppressions[0]', reason });
  });

  it('accept a break-glass document that idles longer than the limit only with a reasoned suppression (docs/compliance.md)', () => {
    const example = parse(readFileSync(EXAMPLE_CONFIG, 'utf8'));
    example.customDocuments[0].preferences.idleSessionTimeout = 60;
    const strict = checkModel(modelFromData(example, 'example', ROOT));
    expect(strict.errors.map((f) => [f.rule, f.path])).toEqual([
      ['SMP-SSM-3', `${US_EAST_1}/us-east-1/custom-document-SessionManager-BreakGlass/document`],
      ['SMP-SSM-3', `${EU_WEST_1}/eu-west-1/custom-document-SessionManager-BreakGlass/document`],
    ]);
    const accepted = checkModel(
      modelFromData(
        {
          ...example,
          compliance: {
            suppressions: [
              {
                rule: 'SMP-SSM-3',
                stack: '*-shard*',
                resource: '*/custom-document-SessionManager-BreakGlass',
                reason: 'Break-glass sessions may idle 60 minutes during incidents (approved by CISO, 2025-03).',
              },
            ],
          },
        },
        'example',
        ROOT,
      ),
    );
    expect(accepted.errors).toEqual([]);
    expect(accepted.suppressed).toHaveLength(2);
  });

  it('do not hide findings of other rules or other paths', () => {
    const narrow = checkModel(modelFromData({ ...NON_COMPLIANT, compliance: { suppressions: [{ rule: 'SMP-LOG-2', resource: `${REGION}/log-group-other`, reason }] } }));
    expect(narrow.errors.map((f) => f.rule)).toEqual(['SMP-LOG-2', 'SMP-SSM-1']);
  });
});

describe('the compliance section of the configuration', () => {
  const suppress = (s: Record<string, unknown>) => minimalConfig({ compliance: { suppressions: [s] } });

  it('fills its defaults from DEFAULTS', () => {
    expect(modelFromData(minimalConfig()).compliance).toEqual({ ...DEFAULTS.compliance, suppressions: [] });
  });

  it.each([
    ['a reason is mandatory', suppress({ rule: 'SMP-LOG-2', stack: '*' }), 'compliance.suppressions[0].reason: is required'],
    ['a reason says something', suppress({ rule: 'SMP-LOG-2', stack: '*', reason: 'legacy' }), 'compliance.suppressions[0].reason: must be at least 20 characters'],
    ['a reason is not blank', suppress({ rule: 'SMP-LOG-2', stack: '*', reason: ' '.repeat(30) }), 'compliance.suppressions[0].reason: must be at least 20 characters'],
    ['a scope is mandatory', suppress({ rule: 'SMP-LOG-2', reason: 'Accepted by the security team.' }), 'compliance.suppressions[0]: must name a stack or a resource'],
    [
      'rule ids have a format',
      suppress({ rule: 'log-2', stack: '*', reason: 'Accepted by the security team.' }),
      'compliance.suppressions[0].rule: must be a rule id such as SMP-LOG-2',
    ],
    [
      'unknown fields',
      suppress({ rule: 'SMP-LOG-2', stack: '*', reason: 'Accepted by the security team.', until: '2030' }),
      'compliance.suppressions[0].until: is not a known field',
    ],
    ['idle limit range', minimalConfig({ compliance: { maxIdleSessionTimeout: 90 } }), 'compliance.maxIdleSessionTimeout: must be between 1 and 60'],
    ['retention range', minimalConfig({ compliance: { minLogRetentionDays: 0 } }), 'compliance.minLogRetentionDays: must be between 1 and 3653'],
    [
      'duplicate suppressions',
      minimalConfig({ compliance: { suppressions: [1, 2].map(() => ({ rule: 'SMP-LOG-2', stack: '*', reason: 'Accepted by the security team.' })) } }),
      'compliance.suppressions[1]: duplicates compliance.suppressions[0]',
    ],
  ])('%s', (_name, data, expected) => {
    const found = configProblems(data);
    if (!found.some((p) => p.startsWith(expected))) throw new Error(`expected "${expected}" in:\n${found.join('\n')}`);
  });
});

describe('the Aspect in a cdktf app', () => {
  it('is idempotent: a check before synth and the synth itself find the same, once', () => {
    const outdir = tempDir('compliance-aspect-');
    try {
      const app = new App({ outdir, stackTraces: false });
      addStacks(app, exampleModel());
      const handle = applyConfiguredCompliance(app, exampleModel());
      expect(handle.run().findings).toEqual([]);
      app.synth();
      expect(handle.result().findings).toEqual([]);
      expect(handle.result().evaluated('SMP-TF-1', US_EAST_1)).toBe(handle.run().evaluated('SMP-TF-1', US_EAST_1));
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('fails cdktf synth with an error annotation naming the rule, when used as a plain Aspect', () => {
    const outdir = tempDir('compliance-aspect-');
    try {
      const app = new App({ outdir, stackTraces: false });
      addStacks(app, modelFromData(NON_COMPLIANT));
      applyConfiguredCompliance(app, modelFromData(NON_COMPLIANT));
      expect(() => app.synth()).toThrow(/\[SMP-LOG-2\] keeps log events 30 days/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('can be constructed without any configuration (default thresholds and every rule)', () => {
    const aspect = new ComplianceAspect();
    expect(aspect.rules).toBe(RULES);
    expect(aspect.settings).toEqual({ maxIdleSessionTimeout: DEFAULTS.compliance.maxIdleSessionTimeout, minLogRetentionDays: DEFAULTS.compliance.minLogRetentionDays });
  });
});
