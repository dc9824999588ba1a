/**
 * Wires the compliance engine (src/compliance/, which knows nothing of the configuration) into
 * this app: the configuration's thresholds and suppressions as the engine's options, and
 * `checkModel()` for `npm run check`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import type { Construct } from 'constructs';
import type { ComplianceModel, Model } from '../src/model/model';
import type { ComplianceOptions, ComplianceResult } from '../src/compliance/aspect';
import { applyCompliance, type ComplianceHandle } from '../src/compliance/attach';
import type { Suppression } from '../src/compliance/rule';
import { addStacks } from './app';
import { terraformOfElement } from './resolve-once-stack';

/** Settings and suppressions of the configuration, as the Aspect takes them. */
export function complianceOptions(compliance: ComplianceModel): Required<Pick<ComplianceOptions, 'settings' | 'suppressions'>> {
  return {
    settings: { maxIdleSessionTimeout: compliance.maxIdleSessionTimeout, minLogRetentionDays: compliance.minLogRetentionDays },
    suppressions: compliance.suppressions.map((s, i): Suppression => ({
      rule: s.rule,
      ...(s.stack !== undefined ? { stack: s.stack } : {}),
      ...(s.resource !== undefined ? { resource: s.resource } : {}),
      reason: s.reason,
      source: `compliance.suppressions[${i}]`,
    })),
  };
}

/** Adds the rules to every stack under `scope` with the configuration's thresholds and suppressions. */
export function applyConfiguredCompliance(
  scope: Construct,
  model: Pick<Model, 'compliance'>,
  options: Omit<ComplianceOptions, 'settings' | 'suppressions'> = {},
): ComplianceHandle {
  // The rules read each element's JSON once, and the synth resolves that same JSON (resolve-once-stack.ts).
  return applyCompliance(scope, { terraformOf: terraformOfElement, ...options, ...complianceOptions(model.compliance) });
}

/** Builds the app of `model` in memory, applies the rules, and returns what they found. */
export function checkModel(model: Model): ComplianceResult {
  const outdir = mkdtempSync(join(tmpdir(), 'session-prefs-compliance-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    addStacks(app, model);
    return applyConfiguredCompliance(app, model, { annotate: false }).run();
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
