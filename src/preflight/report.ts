/** The preflight's report: text for people, JSON for machines. Pure. */
import { GLOBAL, type RunResult } from '../aws/runner';
import type { Finding } from './findings';
import type { RegionEdit } from './write';

/** Everything the preflight decided, ready to print. */
export interface PreflightOutcome {
  readonly configPath: string;
  readonly result: RunResult<Finding>;
  /** The configuration edits the findings call for. */
  readonly edits: readonly RegionEdit[];
  /** YAML to paste (when not written). */
  readonly snippet: string;
  /** Files written by --write. */
  readonly written: readonly string[];
  readonly exitCode: number;
}

/** Counts by severity, errors, and blocking findings left after --write. */
export function summary(outcome: Pick<PreflightOutcome, 'result' | 'written'>): {
  blocking: number;
  warning: number;
  info: number;
  managed: number;
  errors: number;
  unresolved: number;
} {
  const findings = outcome.result.accounts.flatMap((a) => a.tasks.flatMap((t) => t.findings));
  // The project's own resources are counted apart from info (they are not news).
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s && f.state !== 'managed').length;
  const managed = findings.filter((f) => f.state === 'managed').length;
  const errors = outcome.result.accounts.reduce((n, a) => n + (a.error ? 1 : 0) + a.tasks.filter((t) => t.error).length, 0);
  const written = outcome.written.length > 0;
  const unresolved = findings.filter((f) => f.severity === 'blocking' && !(written && f.fix !== undefined && f.fixIsPartial !== true)).length;
  return { blocking: count('blocking'), warning: count('warning'), info: count('info'), managed, errors, unresolved };
}

function existingText(existing: Readonly<Record<string, unknown>>): string {
  return Object.entries(existing)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

/** How a managed resource was recognized, for its one line. */
function ownedBy(f: Finding): string {
  if (f.managedBy === 'state') return `in ${String(f.existing.state)}`;
  const stackTag = f.existing.stackTag;
  const stack =
    stackTag === undefined ? ', no ManagedByStack tag (made before it)' : stackTag === `ManagedByStack=${f.stack}` ? '' : `, ${String(stackTag)} (moved from that stack)`;
  return `tagged ${String(f.existing.tag)}${stack}, state not read`;
}

/** The text report. */
export function renderText(outcome: PreflightOutcome): string {
  const { result } = outcome;
  const regions = result.accounts.reduce((n, a) => n + a.account.regions.length, 0);
  const out: string[] = [
    `preflight of ${outcome.configPath}: ${result.accounts.length} account${result.accounts.length === 1 ? '' : 's'}, ${regions} account-Region${regions === 1 ? '' : 's'}`,
    '',
  ];
  for (const a of result.accounts) {
    const who = `${a.account.name} (${a.account.id})`;
    if (a.error) {
      out.push(`${who}: ERROR ${a.error.name}: ${a.error.message}`, '');
      continue;
    }
    for (const t of a.tasks) {
      if (t.error) out.push(`${who} ${t.region}: ERROR ${t.error.name}: ${t.error.message}`, '');
      for (const f of t.findings) {
        if (f.state === 'managed') {
          // One line each: the project's own resource, nothing to do.
          out.push(`${who} ${t.region === GLOBAL ? 'IAM (global)' : t.region}: MANAGED ${f.kind} ${f.name} (${f.stack} ${f.address}; ${ownedBy(f)})`);
          continue;
        }
        out.push(
          `${who} ${t.region === GLOBAL ? 'IAM (global)' : t.region}: ${f.severity.toUpperCase()} ${f.kind} ${f.name}`,
          `  where:    ${f.stack} ${f.address}`,
          ...(Object.keys(f.existing).length > 0 ? [`  ${f.state === 'missing' ? 'missing' : 'found'}:    ${existingText(f.existing)}`] : [`  ${f.state}`]),
          `  at apply: ${f.atApply}`,
          `  change:   ${f.action}`,
          '',
        );
      }
    }
  }
  const s = summary(outcome);
  if (s.managed > 0) out.push('');
  if (s.blocking + s.warning + s.info + s.managed === 0 && s.errors === 0) out.push('Nothing the stacks would create exists yet: the first apply will not collide.', '');
  else if (s.blocking + s.warning + s.info === 0 && s.errors === 0) out.push("Everything found is the project's own: the apply updates it in place.", '');
  if (outcome.edits.length > 0) {
    if (outcome.written.length > 0) {
      out.push(`Wrote ${outcome.written.join(', ')} (comments kept):`);
      for (const e of outcome.edits) {
        const parts = [
          ...(e.adoptExisting !== undefined ? [`adoptExisting: ${e.adoptExisting}`] : []),
          ...(e.adoptResources !== undefined ? [`adoptResources: [${e.adoptResources.join(', ')}]`] : []),
        ];
        out.push(`  ${e.accountName} (${e.accountId}) regionSettings.${e.region}: ${parts.join(', ')}`);
      }
      out.push('');
    } else {
      out.push('Set this in the configuration (or run again with --write):', '', outcome.snippet, '');
    }
  }
  out.push(
    `${s.blocking} blocking, ${s.warning} warning${s.warning === 1 ? '' : 's'}, ${s.info} info, ${s.managed} managed, ${s.errors} error${s.errors === 1 ? '' : 's'}` +
      (outcome.written.length > 0 ? `; ${s.unresolved} blocking left after --write` : '') +
      ` (${(result.durationMs / 1000).toFixed(1)} s). Exit ${outcome.exitCode}.`,
  );
  return `${out.join('\n')}\n`;
}

/** The JSON report. */
export function renderJson(outcome: PreflightOutcome): string {
  return `${JSON.stringify(
    {
      config: outcome.configPath,
      summary: summary(outcome),
      exitCode: outcome.exitCode,
      accounts: outcome.result.accounts.map((a) => ({
        id: a.account.id,
        name: a.account.name,
        ...(a.error ? { error: a.error } : {}),
        results: a.tasks.map((t) => ({ region: t.region, ...(t.error ? { error: t.error } : {}), findings: t.findings })),
      })),
      edits: outcome.edits,
      written: outcome.written,
      durationMs: outcome.result.durationMs,
    },
    null,
    2,
  )}\n`;
}
