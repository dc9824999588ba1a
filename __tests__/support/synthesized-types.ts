/**
 * The Terraform resource types of every stack of the app, built in memory from the model as
 * `cdktf synth` builds it (addStacks): what bootstrap-resource-types.test.ts compares the types
 * read from the resource plan (src/bootstrap/resource-types.ts) with.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformResource } from 'cdktf';
import type { Model } from '../../src/model/model';
import type { ResourceTypes } from '../../src/bootstrap/resource-types';
import { addStacks } from '../../stacks/app';
import { LogArchiveStack } from '../../stacks/log-archive-stack';

/** The synthesized resource types of `model`, per side (archive: the log-archive account's stacks), sorted. */
export function synthesizedTypes(model: Model): ResourceTypes {
  const outdir = mkdtempSync(join(tmpdir(), 'session-prefs-kinds-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    const member = new Set<string>();
    const archive = new Set<string>();
    for (const s of addStacks(app, model).values())
      for (const c of s.node.findAll()) if (c instanceof TerraformResource) (s instanceof LogArchiveStack ? archive : member).add(c.terraformResourceType);
    return { member: [...member].sort(), archive: [...archive].sort() };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
