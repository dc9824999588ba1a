/**
 * `npm run bench:organization`: an organization layout at scale — 50 member accounts × 17
 * Regions in two account groups, with a central log archive (home Region plus one further archive
 * Region, Object Lock). Measures (same harness as bench/run.ts):
 * - synth wall time and peak RSS of the whole app (member stacks, archive stacks, compliance rules);
 * - `terraform plan` of one archive stack (its bucket policy and key policy admit all 50 members),
 *   offline against the provider mirror;
 * - for comparison, the plan of one member Region stack (default shard size) logging to the archive.
 *
 * Writes bench/results-organization.md. Plans run one at a time.
 */
import { errorMessage, startCommand } from '../src/cli/command';
import { BENCH_COMMANDS } from '../src/cli/commands';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Measurement } from './process-tree';

const RESULTS = join(__dirname, 'results-organization.md');
const ARCHIVE = '999999999999';

/** 50 members in two groups, every preference on, a log archive with two archive Regions. */
export async function organizationConfig(accounts: number, organization = true): Promise<string> {
  const [{ stringify }, { DEFAULT_COMMERCIAL_REGIONS }] = await Promise.all([import('yaml'), import('../src/model/regions')]);
  const config: Record<string, unknown> = {
    version: 1,
    regions: [...DEFAULT_COMMERCIAL_REGIONS],
    assumeRoleName: 'SessionPrefsDeployer',
    logArchive: { accountId: ARCHIVE, regions: ['eu-central-1'], organizationId: 'o-abcdefghij', objectLock: { mode: 'GOVERNANCE', retentionDays: 365 } },
    preferences: { runAs: { enabled: true, defaultUser: 'ssm-user' }, shellProfile: { linux: 'exec bash -l' } },
    customDocuments: [{ name: 'SessionManager-BreakGlass', preferences: { maxSessionDuration: 480, s3: { keyPrefix: 'break-glass' } } }],
    accountGroups: {
      production: { preferences: { idleSessionTimeout: 10 }, access: { user: { targetTag: { key: 'Env', value: 'prod' } } } },
      sandbox: { preferences: { runAs: { enabled: false } }, access: { ssh: 'allow' } },
    },
    accounts: Array.from({ length: accounts }, (_, i) => ({
      id: String(100000000000 + i),
      name: `account-${String(i).padStart(2, '0')}`,
      group: i % 2 === 0 ? 'production' : 'sandbox',
    })),
  };
  if (!organization) {
    // The same accounts and preferences without the archive and the groups (the baseline).
    delete config.logArchive;
    delete config.accountGroups;
    config.accounts = (config.accounts as Record<string, unknown>[]).map(({ group: _group, ...rest }) => rest);
    config.preferences = { ...(config.preferences as object), s3: { enabled: true } };
  }
  return stringify(config);
}

async function synth(config: string): Promise<{ outdir: string; m: Measurement }> {
  const { synthMeasured } = await import('./synth');
  return synthMeasured(config, 'org');
}

async function plan(outdir: string, stackName: string): Promise<{ row: string; m: Measurement }> {
  const [{ PLAN_ARGS, initOffline, terraformEnv }, { measure }, { gb, s }] = await Promise.all([import('../src/terraform/offline'), import('./process-tree'), import('./synth')]);
  const stack = JSON.parse(readFileSync(join(outdir, 'stacks', stackName, 'cdk.tf.json'), 'utf8'));
  const aliases = stack.provider.aws.length;
  const resources = Object.values(stack.resource as Record<string, object>).reduce((n, byId) => n + Object.keys(byId).length, 0);
  const policyBytes = Object.values<{ policy: string }>(stack.resource.aws_s3_bucket_policy ?? {}).map((p) => JSON.stringify(JSON.parse(p.policy)).length)[0];
  const { dir } = initOffline(stack, `bench-${stackName}`);
  const m = await measure('terraform', PLAN_ARGS, { cwd: dir, env: terraformEnv() });
  if (m.status !== 0) throw new Error(`plan of ${stackName} failed:\n${m.stderr}`);
  console.log(`plan ${stackName}: ${aliases} aliases, ${resources} resources, ${s(m.seconds)} s, ${gb(m.peakBytes)} GB`);
  return { row: `| ${stackName} | ${aliases} | ${resources} | ${policyBytes !== undefined ? policyBytes : '–'} | ${s(m.seconds)} | ${gb(m.peakBytes)} |`, m };
}

async function main(): Promise<void> {
  // The benchmark's modules load only now: --help and usage errors answer without them.
  const [{ terraformUnavailableReason, terraformVersion }, { gb, s }] = await Promise.all([import('../src/terraform/offline'), import('./synth')]);
  const load = loadavg()[0];
  const accounts = 50;
  // Baseline first (same machine, same moment): the same 50 × 17 without archive and groups.
  const baseline = await synth(await organizationConfig(accounts, false));
  const baselineStacks = Object.keys(JSON.parse(readFileSync(join(baseline.outdir, 'manifest.json'), 'utf8')).stacks).length;
  console.log(`synth ${accounts}x17 baseline: ${baselineStacks} stacks, ${s(baseline.m.seconds)} s, ${gb(baseline.m.peakBytes)} GB`);
  const { outdir, m } = await synth(await organizationConfig(accounts));
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  const names = Object.keys(manifest.stacks);
  const archiveStacks = names.filter((n) => n.startsWith('log-archive-'));
  console.log(`synth ${accounts}x17 with a log archive: ${names.length} stacks (${archiveStacks.join(', ')}), ${s(m.seconds)} s, ${gb(m.peakBytes)} GB`);

  const unavailable = terraformUnavailableReason();
  const rows: string[] = [];
  if (unavailable === undefined) {
    rows.push((await plan(outdir, 'log-archive-us-east-1')).row);
    rows.push((await plan(outdir, 'account-00-shard0')).row);
  }
  const lines = [
    '# Benchmark: organization layout with a log archive',
    '',
    `Written by \`npm run bench:organization\` (bench/organization.ts) on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores, ${gb(totalmem())} GB memory,`,
    `Node.js ${process.version}, ${terraformVersion() ?? 'no terraform'}, hashicorp/aws 5.100.0 from the local mirror.`,
    `Peak RSS is sampled every 50 ms over the whole process tree. Load average (1 min) when it started: ${load.toFixed(1)} on ${cpus().length} cores`,
    '(other jobs shared the machine, so wall times are upper bounds: compare with the baseline row, measured the same way at the same time).',
    'Configuration: 50 member accounts × 17 Regions in two account groups (production, sandbox; both override preferences and access),',
    'a log archive with buckets in us-east-1 and eu-central-1 (Object Lock GOVERNANCE 365 days), every preference on, a custom document.',
    '',
    '## Synthesis',
    '',
    '| accounts × Regions | stacks | of which archive | wall (s) | peak RSS (GB) |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| ${accounts} × 17, no archive, no groups (baseline, per-account buckets) | ${baselineStacks} | 0 | ${s(baseline.m.seconds)} | ${gb(baseline.m.peakBytes)} |`,
    `| ${accounts} × 17 + log archive + 2 account groups | ${names.length} | ${archiveStacks.length} | ${s(m.seconds)} | ${gb(m.peakBytes)} |`,
    '',
    '## `terraform plan` of one stack',
    '',
    unavailable === undefined ? 'The archive stack plans alone (no member stack needed); its bucket policy names all 50 members.' : `Not measured: ${unavailable}.`,
    '',
    '| stack | provider aliases | resources | bucket policy (bytes, of 20,480) | wall (s) | peak RSS (GB) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
  ];
  writeFileSync(RESULTS, `${lines.join('\n')}\n`);
  console.log(`wrote ${RESULTS}`);
}

if (require.main === module) {
  void startCommand(BENCH_COMMANDS.organization, main, { crash: (e) => `${errorMessage(e)}\n` });
}
