/**
 * Re-records __tests__/fixtures/plans/*.json: `terraform show -json` of the six stacks of one
 * account with the 17 default Regions, planned offline (src/terraform/offline.ts) and
 * trimmed to what src/ci/plan-json.ts reads. Needs Terraform and the provider mirror; takes minutes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCommand } from '../src/cli/command';
import { RECORD_PLAN_FIXTURES_COMMAND } from '../src/cli/commands';

void startCommand(RECORD_PLAN_FIXTURES_COMMAND, async () => {
  // The work loads only now: --help and usage errors answer without cdktf and the configuration loader.
  const [{ Testing }, { modelFromData }, { KNOWN_REGIONS }, { planOffline, terraformUnavailableReason }, { addStacks }] = await Promise.all([
    import('cdktf'),
    import('../src/config/load'),
    import('../src/model/regions'),
    import('../src/terraform/offline'),
    import('../stacks/app'),
  ]);
  const reason = terraformUnavailableReason();
  if (reason !== undefined) {
    process.stderr.write(`cannot record: ${reason}\n`);
    return 1;
  }
  const model = modelFromData({
    version: 1,
    regions: KNOWN_REGIONS.slice(0, 17),
    accounts: [{ id: '111111111111', name: 'acct00' }],
    preferences: { s3: { enabled: true }, runAs: { enabled: true, defaultUser: 'ssm-user' } },
    customDocuments: [{ name: 'SessionManager-BreakGlass', preferences: { maxSessionDuration: 480 } }],
  });
  const stacks = addStacks(Testing.app(), model);
  for (const [name, stack] of stacks) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const plan = planOffline(JSON.parse(Testing.synth(stack)), name).planJson as any;
    const trimmed = {
      format_version: plan.format_version,
      terraform_version: plan.terraform_version,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      resource_changes: plan.resource_changes.map((r: any) => ({
        address: r.address,
        mode: r.mode,
        type: r.type,
        name: r.name,
        provider_name: r.provider_name,
        change: { actions: r.change.actions },
      })),
      applyable: plan.applyable,
      complete: plan.complete,
      errored: plan.errored,
    };
    writeFileSync(join(__dirname, '..', '__tests__', 'fixtures', 'plans', `${name.replace('acct00-', '')}.json`), `${JSON.stringify(trimmed, null, 1)}\n`);
    process.stdout.write(`${name}: ${plan.resource_changes.length} resource changes\n`);
  }
  return 0;
});
