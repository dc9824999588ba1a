/**
 * The drift report: differences and errors of a run, the exit status they mean, and its two
 * renderings (JSON for machines, Markdown for people and the workflow's issue). Pure.
 */
import type { Difference, DriftValue } from './compare';
import { EXIT } from '../aws/runner';

/** Something that could not be read or checked (credentials, an API error): the answer is incomplete. */
export interface DriftError {
  readonly account: string;
  readonly accountName: string;
  /** A Region, `global` (IAM) or `*` (the whole account). */
  readonly region: string;
  readonly message: string;
}

/** Everything a drift check found. */
export interface DriftReport {
  /** ISO 8601 time the check finished. */
  readonly checkedAt: string;
  /** The configuration file compared against. */
  readonly config: string;
  /** Accounts and account × Region pairs checked. */
  readonly accounts: number;
  readonly regions: number;
  readonly differences: readonly Difference[];
  readonly errors: readonly DriftError[];
  readonly durationMs: number;
}

/** Exit status (EXIT): 3 when anything could not be checked, else 1 on drift, else 0. */
export function driftExitCode(report: Pick<DriftReport, 'differences' | 'errors'>): number {
  if (report.errors.length > 0) return EXIT.error;
  return report.differences.length > 0 ? EXIT.findings : EXIT.ok;
}

/** `clean`, `drift` or `error`, as in the JSON. */
export function driftStatus(report: Pick<DriftReport, 'differences' | 'errors'>): 'clean' | 'drift' | 'error' {
  return report.errors.length > 0 ? 'error' : report.differences.length > 0 ? 'drift' : 'clean';
}

/** The report as JSON (stable field order). */
export function renderDriftJson(report: DriftReport): string {
  return `${JSON.stringify({ status: driftStatus(report), exitCode: driftExitCode(report), ...report }, null, 2)}\n`;
}

/** Largest value shown in a Markdown cell; the JSON report has the whole value. */
const CELL_MAX = 400;

function cell(value: DriftValue | string, code = true): string {
  if (value === null) return '_(absent)_';
  let text = typeof value === 'string' ? (code ? JSON.stringify(value) : value) : String(value);
  if (typeof value === 'string' && code && !/^[\x20-\x7e]*$/.test(value)) text = JSON.stringify(value);
  if (text.length > CELL_MAX) text = `${text.slice(0, CELL_MAX)}…`;
  const escaped = text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return code ? `\`${escaped.replace(/`/g, "'")}\`` : escaped;
}

/** Sort key: account in file order is kept by the caller; Regions with `global` first. */
function byPlace(a: { region: string }, b: { region: string }): number {
  if (a.region === b.region) return 0;
  if (a.region === 'global' || a.region === '*') return -1;
  if (b.region === 'global' || b.region === '*') return 1;
  return 0;
}

/** The report as Markdown: a summary line, a table of differences, a list of errors. */
export function renderDriftMarkdown(report: DriftReport): string {
  const status = driftStatus(report);
  const lines: string[] = ['## Session Manager preferences drift', ''];
  const summary = `${report.accounts} account${report.accounts === 1 ? '' : 's'}, ${report.regions} account × Region pair${report.regions === 1 ? '' : 's'} checked against \`${report.config}\` at ${report.checkedAt} (${(report.durationMs / 1000).toFixed(1)} s)`;
  if (status === 'clean') lines.push(`**No drift.** ${summary}.`);
  else {
    const parts = [
      ...(report.differences.length > 0 ? [`${report.differences.length} difference${report.differences.length === 1 ? '' : 's'}`] : []),
      ...(report.errors.length > 0 ? [`${report.errors.length} error${report.errors.length === 1 ? '' : 's'} (the check is incomplete)`] : []),
    ];
    lines.push(`**${parts.join(', ')}.** ${summary}.`);
  }
  if (report.differences.length > 0) {
    lines.push('', '| Account | Region | Resource | Field | Expected | Actual |', '| --- | --- | --- | --- | --- | --- |');
    for (const d of [...report.differences].sort(byPlace)) {
      lines.push(`| ${d.accountName} (${d.account}) | ${d.region} | ${cell(d.resource, false)} | ${cell(d.field, false)} | ${cell(d.expected)} | ${cell(d.actual)} |`);
    }
  }
  if (report.errors.length > 0) {
    lines.push('', '### Errors', '');
    for (const e of report.errors) lines.push(`- ${e.accountName} (${e.account}) ${e.region}: ${e.message.replace(/\n/g, ' ')}`);
  }
  return `${lines.join('\n')}\n`;
}
