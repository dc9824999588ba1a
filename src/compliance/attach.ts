/**
 * Attaches the compliance rules to the stacks of an app.
 *
 * `applyCompliance(scope, options)` adds one ComplianceAspect to every stack under `scope` (cdktf
 * never invokes Aspects added to the App itself) and returns a handle: `run()` applies the rules
 * now, before synth; `result()` reads what was found (after `run()` or `app.synth()`).
 *
 * The engine knows nothing of this project's configuration: stacks/compliance.ts turns the
 * configuration's `compliance` section into options. main.ts calls `run()` on the real app before
 * `app.synth()`: cdktf writes each stack as it synthesizes it and only then looks at its error
 * annotations, so relying on the annotations alone would leave partial output behind a
 * non-compliant configuration.
 */
import { Aspects, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { ComplianceAspect, type ComplianceOptions, type ComplianceResult } from './aspect';

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
export function applyCompliance(scope: Construct, options: ComplianceOptions = {}): ComplianceHandle {
  const aspect = new ComplianceAspect(options);
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
