/**
 * `npm run plan:offline [stack ...]`: plans synthesized stacks from cdktf.out without AWS
 * credentials (fake credentials, skip flags, no backend, no imports, through the local provider
 * mirror), prints the review of what each would create (src/review) and where its saved plan is,
 * and removes its temporary Terraform folders. A smoke test of the Terraform, not a real diff:
 * use `npm run diff` with credentials for that.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedArgs } from '../src/cli/args';
import { startCommand } from '../src/cli/command';
import { PLAN_OFFLINE_COMMAND } from '../src/cli/commands';
import type { ReviewPlanJson, ReviewUnit } from '../src/review/plan-review';

const root = join(__dirname, '..');
const outdir = process.env.CDKTF_OUTDIR ?? join(root, 'cdktf.out');
const stacksDir = join(outdir, 'stacks');
/** Where the saved plans are kept (the Terraform folders themselves are removed). */
const savedDir = join(root, '.tmp', 'plan-offline');

async function main({ positionals }: ParsedArgs): Promise<number> {
  // The work loads only now: --help and usage errors answer without it.
  const [{ reviewPlan }, { renderReview }, { planOffline, terraformUnavailableReason }] = await Promise.all([
    import('../src/review/plan-review'),
    import('../src/review/render'),
    import('../src/terraform/offline'),
  ]);
  const reason = terraformUnavailableReason();
  if (reason !== undefined) {
    console.error(`cannot plan offline: ${reason}`);
    return 1;
  }
  if (!existsSync(stacksDir)) {
    console.error(`${stacksDir} does not exist: run npm run synth first`);
    return 1;
  }
  const stacks = positionals.length > 0 ? positionals : readdirSync(stacksDir).sort();
  const units: ReviewUnit[] = [];
  const saved: string[] = [];
  mkdirSync(savedDir, { recursive: true });
  for (const name of stacks) {
    const file = join(stacksDir, name, 'cdk.tf.json');
    if (!existsSync(file)) {
      console.error(`no stack ${name} in ${stacksDir}`);
      return 1;
    }
    let dir: string | undefined;
    try {
      const plan = planOffline(JSON.parse(readFileSync(file, 'utf8')), name);
      dir = plan.dir;
      const summary = plan.plan.stdout.split('\n').find((l) => l.startsWith('Plan:') || l.startsWith('No changes')) ?? '';
      const planFile = join(savedDir, `${name}.tfplan`);
      copyFileSync(join(plan.dir, 'plan.bin'), planFile);
      writeFileSync(join(savedDir, `${name}.json`), JSON.stringify(plan.planJson));
      units.push(...reviewPlan(name, plan.planJson as ReviewPlanJson));
      saved.push(`- \`${name}\`: ${summary} (plan ${plan.plan.seconds.toFixed(1)} s), saved plan ${planFile}`);
    } catch (e) {
      console.error(`${name}: ${(e as Error).message}`);
      return 1;
    } finally {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    }
  }
  process.stdout.write(
    `${renderReview(units)}\n### Saved plans\n\n${saved.join('\n')}\n\nEach plan's JSON is next to it as <stack>.json (\`npm run diff -- --plan-json ${join(savedDir, '<stack>.json')}\`).\n`,
  );
  return 0;
}

void startCommand(PLAN_OFFLINE_COMMAND, main);
