/**
 * `npm run bench:drift`: time of `npm run drift` over 50 accounts × 17 Regions, through the real
 * command (src/drift/cli.ts: the shared runner's pool, retries and identity checks), against
 * in-memory clients that answer every call after a uniformly random 50–150 ms (the latency of a
 * read call to a remote Region), optionally failing a share of calls with ThrottlingException.
 *
 * Writes bench/drift-results.md.
 */
import { startCommand } from '../src/cli/command';
import { BENCH_COMMANDS } from '../src/cli/commands';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DriftWorld } from '../src/testing/fake-world';

const RESULTS = join(__dirname, 'drift-results.md');
const ACCOUNTS = 50;
const LATENCY = { min: 50, max: 150 };

/** The configuration of bench/run.ts: every preference on, a bucket and a custom document per Region, assumed roles. */
async function orgConfig(regions: readonly string[]): Promise<string> {
  const { stringify } = await import('yaml');
  return stringify({
    version: 1,
    regions: [...regions],
    assumeRoleName: 'SessionPrefsDeployer',
    accounts: Array.from({ length: ACCOUNTS }, (_, i) => ({ id: String(100000000000 + i), name: `account-${String(i).padStart(2, '0')}` })),
    preferences: { s3: { enabled: true }, runAs: { enabled: true, defaultUser: 'ssm-user' }, shellProfile: { linux: 'exec bash -l' } },
    customDocuments: [{ name: 'SessionManager-BreakGlass', preferences: { maxSessionDuration: 480 } }],
  });
}

interface Row {
  readonly concurrency: number;
  readonly throttlePercent: number;
  readonly seconds: number;
  readonly calls: number;
  readonly throttled: number;
  readonly code: number;
  readonly differences: number;
}

async function once(config: string, world: DriftWorld, concurrency: number, throttlePercent: number): Promise<Row> {
  const [{ runDriftCli }, { AwsError, worldClientFactory }] = await Promise.all([import('../src/drift/cli'), import('../src/testing/fake-world')]);
  let calls = 0;
  let throttled = 0;
  const base = worldClientFactory(world, () => LATENCY.min + Math.random() * (LATENCY.max - LATENCY.min));
  const clients: typeof base = (account, region) => {
    const c = base(account, region);
    const client = {
      async send(command: { input: object }) {
        calls++;
        if (Math.random() * 100 < throttlePercent) {
          throttled++;
          await new Promise((r) => setTimeout(r, LATENCY.min));
          throw new AwsError('ThrottlingException', 'Rate exceeded');
        }
        return c.ssm.send(command);
      },
    };
    return { ssm: client, kms: client, logs: client, s3: client, iam: client, sts: client };
  };
  let out = '';
  const started = process.hrtime.bigint();
  const code = await runDriftCli(['--config', config, '--json', '--quiet', '--concurrency', String(concurrency)], {
    stdout: { write: (s: string) => (out += s) },
    stderr: process.stderr,
    clients,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const report = JSON.parse(out);
  return { concurrency, throttlePercent, seconds, calls, throttled, code, differences: report.differences.length };
}

async function main(): Promise<void> {
  // The benchmark's modules load only now: --help and usage errors answer without them.
  const [{ Testing }, { DEFAULT_COMMERCIAL_REGIONS }, { modelFromText }, { worldFromSynth }, { addStacks }] = await Promise.all([
    import('cdktf'),
    import('../src/model/regions'),
    import('../src/config/load'),
    import('../src/testing/synthesized-world'),
    import('../stacks/app'),
  ]);
  const regions = DEFAULT_COMMERCIAL_REGIONS.slice(0, 17);
  const dir = mkdtempSync(join(tmpdir(), 'bench-drift-'));
  const config = join(dir, 'config.yaml');
  const text = await orgConfig(regions);
  writeFileSync(config, text);
  // The organization as a clean deploy of the synthesized stacks leaves it (about 5 s for 850 Regions, before the timing).
  const stacks = addStacks(Testing.app(), modelFromText(text));
  const world = worldFromSynth([...stacks.values()].map((stack) => Testing.synth(stack)));
  // One drifted Region, so the run does the whole comparison and reports something.
  world.region('100000000049', 'sa-east-1').logGroups.get('/session-manager/sessions')!.retentionInDays = 30;

  const rows: Row[] = [];
  for (const [concurrency, throttle] of [
    [8, 0],
    [16, 0],
    [32, 0],
    [64, 0],
    [32, 2],
  ] as const) {
    const row = await once(config, world, concurrency, throttle);
    rows.push(row);
    console.log(`concurrency ${concurrency}, ${throttle}% throttled: ${row.seconds.toFixed(1)} s, ${row.calls} calls, exit ${row.code}, ${row.differences} difference(s)`);
    if (row.code !== 1 || row.differences !== 1) throw new Error(`expected exit 1 with the one planted difference, got exit ${row.code} with ${row.differences}`);
  }
  const lines = [
    '# Drift check benchmark',
    '',
    `Written by \`npm run bench:drift\` (bench/drift.ts) on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores, Node.js ${process.version}.`,
    `${ACCOUNTS} accounts × ${regions.length} Regions (${ACCOUNTS * regions.length} account × Region checks plus ${ACCOUNTS} IAM checks), the configuration of`,
    'bench/run.ts (every preference on, a created bucket and a custom document per Region). The whole command runs',
    '(`runDriftCli`: expected state, the shared runner with its pool, identity check per account and retries, the',
    'comparison, the JSON report) against in-memory clients that answer every call after a uniformly random',
    `${LATENCY.min}–${LATENCY.max} ms. One Region has a planted difference; every run must find exactly it (exit 1).`,
    'The throttled row fails that share of calls with ThrottlingException (the runner retries with backoff).',
    '',
    '| --concurrency | throttled calls | wall (s) | AWS calls | exit |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.concurrency} | ${r.throttlePercent}% (${r.throttled}) | ${r.seconds.toFixed(1)} | ${r.calls} | ${r.code} |`),
    '',
    'Per Region the check reads in parallel: the key-ID parameter, then the documents (DescribeDocument, GetDocument',
    'per version), both keys (DescribeKey, GetKeyRotationStatus), the log group, the bucket (HeadBucket, then',
    'encryption, versioning and public access block) and the public-sharing setting: about 4 round trips deep.',
    'Real AWS adds per-API rate limits (for example SSM GetDocument and KMS DescribeKey quotas per account and',
    'Region); tasks of one account spread over its Regions, whose quotas are separate, so a higher',
    '--concurrency mostly loads different Regions.',
    '',
  ];
  writeFileSync(RESULTS, lines.join('\n'));
  console.log(`wrote ${RESULTS}`);
}

void startCommand(BENCH_COMMANDS.drift, main);
