/**
 * `npm run bootstrap -- --write DIR`: writes the CloudFormation templates of the roles every account
 * needs (docs/bootstrap.md), from the same configuration as the stacks: the resource types are
 * read from the resource plan (no app is built), the names from the configuration. With
 * --terraform, the same roles are also synthesized as cdktf stacks (stacks/bootstrap-stack.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCommand } from '../src/cli/command';
import type { ParsedArgs } from '../src/cli/args';
import { BOOTSTRAP_COMMAND as COMMAND } from '../src/cli/commands';

async function main({ flags }: ParsedArgs, argv: readonly string[]): Promise<number> {
  if (typeof flags.write !== 'string') {
    process.stderr.write('--write <dir> is required (where to write the templates)\n');
    return 2;
  }
  // The work loads only now: --help and usage errors answer without it.
  const [{ loadModel }, { actionCounts, bootstrapTemplates }, { renderPolicy }, { resourceTypes }] = await Promise.all([
    import('../src/cli/config-file'),
    import('../src/bootstrap/cloudformation'),
    import('../src/policies/types'),
    import('../src/bootstrap/resource-types'),
  ]);
  const model = loadModel(argv);
  let out;
  try {
    out = bootstrapTemplates(model, resourceTypes(model));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
  const dir = flags.write;
  mkdirSync(join(dir, 'policies'), { recursive: true });
  for (const [name, template] of Object.entries(out.templates)) writeFileSync(join(dir, name), `${JSON.stringify(template, null, 2)}\n`);
  for (const [side, roles] of [
    ['member', out.memberRoles],
    ['log-archive', out.archiveRoles],
  ] as const)
    for (const role of roles) writeFileSync(join(dir, 'policies', `${side}-${role.kind}.json`), `${renderPolicy(role.policy)}\n`);
  process.stdout.write(`wrote ${Object.keys(out.templates).join(', ')} and policies/ to ${dir}\n`);
  for (const [side, roles] of [
    ['member', out.memberRoles],
    ['log-archive', out.archiveRoles],
  ] as const)
    for (const [name, count] of Object.entries(actionCounts(roles))) process.stdout.write(`  ${side} ${name}: ${count} actions\n`);
  if (!('stackset.json' in out.templates)) process.stdout.write('no bootstrap.organizationalUnits: stackset.json not written (deploy member-roles.json yourself)\n');
  if (flags.terraform === true) {
    // The same roles as cdktf stacks, built only when asked (docs/bootstrap.md, "Bootstrapping with Terraform").
    const [{ App }, { addBootstrapStacks }] = await Promise.all([import('cdktf'), import('../stacks/bootstrap-stack')]);
    const app = new App({ outdir: join(dir, 'terraform'), stackTraces: false });
    let stacks;
    try {
      stacks = addBootstrapStacks(app, model);
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\n`);
      return 1;
    }
    app.synth();
    process.stdout.write(`wrote ${[...stacks.keys()].join(', ')} to ${join(dir, 'terraform', 'stacks')}\n`);
  }
  return 0;
}

void startCommand(COMMAND, main);
