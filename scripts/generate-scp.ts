/**
 * `npm run scp`: writes a service control policy that protects what the access policies trust
 * (key aliases, preferences and custom documents, session log groups and buckets, the DHMC service
 * setting) against everyone but the deploying roles. The file is for review; this project never
 * attaches it. See docs/access.md, "Protecting what the policies trust".
 *
 * Usage: npm run scp -- [--config <file>] [--out <file>]   (default out: session-manager-scp.json)
 * Exit status: 0 written, 1 invalid configuration, no deploying role to exempt or over the size limit, 2 usage error.
 */
import { writeFileSync } from 'node:fs';
import type { ParsedArgs } from '../src/cli/args';
import { startCommand } from '../src/cli/command';
import { SCP_COMMAND, SCP_DEFAULT_OUT } from '../src/cli/commands';

async function main({ flags }: ParsedArgs, argv: readonly string[]): Promise<number> {
  // The work loads only now: --help and usage errors answer without it.
  const [{ loadModel }, { UPDATER_FUNCTION_NAME }, { protectedResources }, { policySize }, { protectionScp, SCP_MAX_CHARS }, { renderPolicy }] = await Promise.all([
    import('../src/cli/config-file'),
    import('../src/model/resource-names'),
    import('../src/plan/protected-resources'),
    import('../src/policies/iam-common'),
    import('../src/policies/scp'),
    import('../src/policies/types'),
  ]);
  const out = typeof flags.out === 'string' ? flags.out : SCP_DEFAULT_OUT;
  const model = loadModel(argv);
  let doc;
  try {
    doc = protectionScp(protectedResources(model), { updaterRolePrefix: UPDATER_FUNCTION_NAME });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
  writeFileSync(out, `${renderPolicy(doc)}\n`);
  const size = policySize(doc);
  process.stdout.write(`wrote ${out} (${size} of ${SCP_MAX_CHARS} characters); review it, then attach it to the organizational units yourself\n`);
  if (size > SCP_MAX_CHARS) {
    process.stderr.write(`the policy exceeds the SCP limit of ${SCP_MAX_CHARS} characters: split it by statement before attaching\n`);
    return 1;
  }
  return 0;
}

void startCommand(SCP_COMMAND, main);
