/**
 * The kinds of resources this configuration creates: the Terraform resource types of every stack of
 * the app, built in memory from the model as `cdktf synth` builds it (addStacks), so the bootstrap
 * roles' permissions (src/bootstrap) follow what is really synthesized, never a hand-kept list.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformResource } from 'cdktf';
import type { Model } from '../src/model/model';
import { addStacks } from './app';
import { LogArchiveStack } from './log-archive-stack';

/** The resource types of one stack. */
export interface StackKinds {
  readonly stack: string;
  /** member: an account's own stacks; archive: the log-archive account's stacks. */
  readonly side: 'member' | 'archive';
  readonly types: readonly string[];
}

/** Resource types per stack of `model`, stacks in the app's order, types sorted. */
export function resourceKinds(model: Model): StackKinds[] {
  const outdir = mkdtempSync(join(tmpdir(), 'session-prefs-kinds-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    return [...addStacks(app, model)].map(([stack, s]) => ({
      stack,
      side: s instanceof LogArchiveStack ? 'archive' : 'member',
      types: [...new Set(s.node.findAll().flatMap((c) => (c instanceof TerraformResource ? [c.terraformResourceType] : [])))].sort(),
    }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The union of the types of the stacks of one side. */
export function typesOf(kinds: readonly StackKinds[], side: StackKinds['side']): string[] {
  return [...new Set(kinds.filter((k) => k.side === side).flatMap((k) => k.types))].sort();
}
