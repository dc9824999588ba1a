/**
 * Wires the compliance rules into an app.
 *
 * - `applyCompliance(app, model)` adds one ComplianceAspect to every stack (cdktf never invokes
 *   Aspects added to the App itself) and returns a handle: `run()` applies the rules now, before
 *   synth; `result()` reads what was found (after `run()` or `app.synth()`).
 * - `checkModel(model)` builds the whole app in memory (a throwaway outdir that is removed again),
 *   applies the rules and returns the result (`npm run check`).
 *
 * main.ts calls `run()` on the real app before `app.synth()`: cdktf writes each stack as it
 * synthesizes it and only then looks at its error annotations, so relying on the annotations alone
 * would leave partial output behind a non-compliant configuration.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Aspects, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { ComplianceModel, Model } from '../model/model';
import { addStacks } from '../../stacks/app';
import { ComplianceAspect, type ComplianceOptions, type ComplianceResult } from './aspect';
import type { Suppression } from './rule';

/** Settings and suppressions of the configuration, as the Aspect takes them. */
export function complianceOptions(compliance: ComplianceModel): Required<Pick<ComplianceOptions, 'settings' | 'suppressions'>> {
  return {
    settings: { maxIdleSessionTimeout: compliance.maxIdleSessionTimeout, minLogRetentionDays: compliance.minLogRetentionDays },
    suppressions: compliance.suppressions.map(
      (s, i): Suppression => ({
        rule: s.rule,
        ...(s.stack !== undefined ? { stack: s.stack } : {}),
        ...(s.resource !== undefined ? { resource: s.resource } : {}),
        reason: s.reason,
        source: `compliance.suppressions[${i}]`,
      }),
    ),
  };
}

/** The Aspect added to an app's stacks, and how to read its findings. */
export interface ComplianceHandle {
  readonly aspect: ComplianceAspect;
  /** Applies the rules to every stack now (idempotent; synth later re-reads nothing). */
  run(): ComplianceResult;
  /** Findings so far. */
  result(): ComplianceResult;
}

/**
 * Adds the compliance Aspect to every stack under `scope` (call it after the stacks exist). With
 * the default `annotate`, unsuppressed errors become error annotations and fail `app.synth()`.
 */
export function applyCompliance(
  scope: Construct,
  model: Pick<Model, 'compliance'>,
  options: Omit<ComplianceOptions, 'settings' | 'suppressions'> = {},
): ComplianceHandle {
  const aspect = new ComplianceAspect({ ...options, ...complianceOptions(model.compliance) });
  const stacks = scope.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  for (const stack of stacks) Aspects.of(stack).add(aspect);
  return {
    aspect,
    run() {
      for (const stack of stacks) for (const node of stack.node.findAll()) aspect.visit(node);
      return aspect.result();
    },
    result: () => aspect.result(),
  };
}

/** Builds the app of `model` in memory, applies the rules, and returns what they found. */
export function checkModel(model: Model): ComplianceResult {
  const outdir = mkdtempSync(join(tmpdir(), 'session-prefs-compliance-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    addStacks(app, model);
    return applyCompliance(app, model, { annotate: false }).run();
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
