/**
 * Resolves the `compliance` section: thresholds from the file or DEFAULTS.compliance, suppressions
 * as written. Whether the rest of the configuration complies is not decided here but at synth, by
 * the rules (src/compliance), so every finding is reported with its construct path.
 */
import { DEFAULTS } from './defaults';
import type { ComplianceModel, SuppressionModel } from '../model/model';
import type { ComplianceInput } from './schema-compliance';

export function resolveCompliance(input: ComplianceInput | undefined, report: (path: string, message: string) => void): ComplianceModel {
  const suppressions = (input?.suppressions ?? []).map((s): SuppressionModel => ({
    rule: s.rule,
    ...(s.stack !== undefined ? { stack: s.stack } : {}),
    ...(s.resource !== undefined ? { resource: s.resource } : {}),
    reason: s.reason.trim(),
  }));
  const seen = new Map<string, number>();
  suppressions.forEach((s, i) => {
    const key = JSON.stringify([s.rule, s.stack ?? null, s.resource ?? null]);
    const first = seen.get(key);
    if (first !== undefined) report(`compliance.suppressions[${i}]`, `duplicates compliance.suppressions[${first}] (same rule, stack and resource)`);
    else seen.set(key, i);
  });
  return {
    maxIdleSessionTimeout: input?.maxIdleSessionTimeout ?? DEFAULTS.compliance.maxIdleSessionTimeout,
    minLogRetentionDays: input?.minLogRetentionDays ?? DEFAULTS.compliance.minLogRetentionDays,
    suppressions,
  };
}
