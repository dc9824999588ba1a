/**
 * Renders compliance results: the rule × stack table (pass / FAIL / warn / suppressed), then every
 * finding with its construct path, suppressed findings with their reasons, and suppressions that
 * matched nothing.
 */
import type { ComplianceResult } from './aspect';
import type { Finding } from './rule';

/** Stacks per table block, so wide organizations stay readable. */
const STACKS_PER_BLOCK = 6;

/** `[SMP-LOG-2] stack/region/log-group/log-group (aws_cloudwatch_log_group.x): message` */
export function formatFinding(f: Finding): string {
  return `[${f.rule}] ${f.path} (${f.address}): ${f.message}`;
}

/** The table cell of one rule in one stack. */
function cell(result: ComplianceResult, rule: string, stack: string): string {
  const here = result.findings.filter((f) => f.rule === rule && f.stack === stack);
  const errors = here.filter((f) => !f.suppressedBy && f.severity === 'error').length;
  const warnings = here.filter((f) => !f.suppressedBy && f.severity === 'warning').length;
  const suppressed = here.filter((f) => f.suppressedBy).length;
  const parts = [errors ? `FAIL ${errors}` : '', warnings ? `warn ${warnings}` : '', suppressed ? `suppressed ${suppressed}` : ''].filter(Boolean);
  if (parts.length > 0) return parts.join(', ');
  return result.evaluated(rule, stack) > 0 ? 'pass' : '-';
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) =>
    r
      .map((text, c) => text.padEnd(widths[c]))
      .join('  ')
      .trimEnd(),
  );
}

/** One line: `PASSED: 0 errors, 0 warnings, 1 suppressed, 0 unmatched suppressions`. */
export function summaryLine(result: ComplianceResult): string {
  const verdict = result.errors.length > 0 ? 'FAILED' : 'PASSED';
  return `${verdict}: ${result.errors.length} error(s), ${result.warnings.length} warning(s), ${result.suppressed.length} suppressed, ${result.unmatchedSuppressions.length} unmatched suppression(s)`;
}

/** The whole report as text. */
export function renderReport(result: ComplianceResult): string {
  const lines: string[] = [`Compliance report: ${result.rules.length} rules, ${result.stacks.length} stacks`, ''];
  const stacks = result.stacks.length > 0 ? result.stacks : [];
  for (let start = 0; start === 0 || start < stacks.length; start += STACKS_PER_BLOCK) {
    const block = stacks.slice(start, start + STACKS_PER_BLOCK);
    const rows = [['Rule', 'Severity', ...block], ...result.rules.map((rule) => [rule.id, rule.severity, ...block.map((stack) => cell(result, rule.id, stack))])];
    lines.push(...table(rows), '');
  }
  lines.push('pass: every resource the rule applies to complies; -: nothing in the stack the rule applies to.', '');
  lines.push('Rules:');
  for (const rule of result.rules) lines.push(`  ${rule.id}  ${rule.description}  [${rule.controls.join('; ')}]`);
  const section = (title: string, findings: readonly Finding[]) => {
    if (findings.length === 0) return;
    lines.push('', `${title} (${findings.length}):`);
    for (const f of findings) {
      lines.push(`  ${formatFinding(f)}`);
      if (f.suppressedBy) lines.push(`      suppressed by ${f.suppressedBy.source}: ${f.suppressedBy.reason}`);
    }
  };
  section('Errors', result.errors);
  section('Warnings', result.warnings);
  section('Suppressed', result.suppressed);
  if (result.unmatchedSuppressions.length > 0) {
    lines.push('', `Unmatched suppressions (${result.unmatchedSuppressions.length}) — remove or fix them:`);
    for (const { suppression: s, reason } of result.unmatchedSuppressions) {
      const scope = [s.stack !== undefined ? `stack ${s.stack}` : '', s.resource !== undefined ? `resource ${s.resource}` : ''].filter(Boolean).join(', ');
      lines.push(`  ${s.source} (${s.rule}; ${scope}): ${reason}`);
    }
  }
  lines.push('', summaryLine(result));
  return `${lines.join('\n')}\n`;
}

/**
 * What main.ts prints before synth: with errors, every unsuppressed error (synth is refused);
 * otherwise a one-line notice when there are warnings or unmatched suppressions; else nothing.
 */
export function renderSynthNotice(result: ComplianceResult): string {
  if (result.errors.length > 0) {
    return [
      `Compliance: ${result.errors.length} error finding(s); nothing was synthesized:`,
      ...result.errors.map((f) => `  - ${formatFinding(f)}`),
      'Fix the configuration, or accept a finding with a reason in compliance.suppressions (docs/compliance.md, Suppressing a finding). `npm run check` prints the full report.',
      '',
    ].join('\n');
  }
  if (result.warnings.length > 0 || result.unmatchedSuppressions.length > 0) {
    return `Compliance: ${summaryLine(result)}. \`npm run check\` prints the full report.\n`;
  }
  return '';
}

/** The result as JSON (`npm run check -- --json`). */
export function reportJson(result: ComplianceResult): string {
  const json = {
    passed: result.errors.length === 0,
    rules: result.rules.map((r) => ({ id: r.id, description: r.description, severity: r.severity, controls: r.controls })),
    stacks: result.stacks,
    matrix: Object.fromEntries(result.rules.map((r) => [r.id, Object.fromEntries(result.stacks.map((s) => [s, cell(result, r.id, s)]))])),
    findings: result.findings.map(({ suppressedBy, ...f }) => ({ ...f, ...(suppressedBy ? { suppressed: { by: suppressedBy.source, reason: suppressedBy.reason } } : {}) })),
    unmatchedSuppressions: result.unmatchedSuppressions.map(({ suppression, reason }) => ({ ...suppression, problem: reason })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
