/**
 * `npm run plan:offline [stack ...]`: plans synthesized stacks from cdktf.out without AWS
 * credentials (fake credentials, skip flags, no backend, no imports, through the local provider
 * mirror) and prints what each would create. A smoke test of the Terraform, not a real diff:
 * use `cdktf diff <stack>` with credentials for that.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgsOrExit } from '../src/cli/args';
import { PLAN_OFFLINE_COMMAND } from '../src/cli/commands';
import { planOffline, terraformUnavailableReason } from '../src/terraform/offline';

const outdir = process.env.CDKTF_OUTDIR ?? join(__dirname, '..', 'cdktf.out');
const stacksDir = join(outdir, 'stacks');

function main(): number {
  const { positionals } = parseArgsOrExit(PLAN_OFFLINE_COMMAND, process.argv.slice(2));
  const reason = terraformUnavailableReason();
  if (reason !== undefined) {
    console.error(`cannot plan offline: ${reason}`);
    return 1;
  }
  if (!existsSync(stacksDir)) {
    console.error(`${stacksDir} does not exist: run npm run synth first`);
    return 1;
  }
  const wanted = positionals;
  const stacks = wanted.length > 0 ? wanted : readdirSync(stacksDir).sort();
  for (const name of stacks) {
    const file = join(stacksDir, name, 'cdk.tf.json');
    if (!existsSync(file)) {
      console.error(`no stack ${name} in ${stacksDir}`);
      return 1;
    }
    try {
      const plan = planOffline(JSON.parse(readFileSync(file, 'utf8')), name);
      const summary = plan.plan.stdout.split('\n').find((l) => l.startsWith('Plan:') || l.startsWith('No changes')) ?? '';
      console.log(`${name}: ${summary} (plan ${plan.plan.seconds.toFixed(1)} s)`);
    } catch (e) {
      console.error(`${name}: ${(e as Error).message}`);
      return 1;
    }
  }
  return 0;
}

process.exit(main());
