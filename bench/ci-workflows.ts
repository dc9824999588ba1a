/**
 * `npm run bench:ci`: the shape and estimated wall time of the pull-request diff and deploy
 * workflows for 50 accounts × 17 Regions. Writes bench/ci-workflows.md.
 *
 * Measured here: synthesis of the organization (stacks, provider aliases, size of the cdktf.out
 * artifact), batching, and rendering the comment from the recorded plans. Estimated: the run
 * times on GitHub-hosted runners, from the timing model below (src/ci/batches.ts workflowSeconds),
 * whose per-stack and per-alias costs are assumptions stated in the output, anchored on the
 * offline plan of bench/results.md (4.0 s for a 4-Region stack without refresh).
 */
import { BENCH_COMMANDS } from '../src/cli/commands';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TimingModel } from '../src/ci/batches';
import type { PlanJson } from '../src/ci/plan-json';
import { startCommand } from '../src/cli/command';

void startCommand(BENCH_COMMANDS.ci, async () => {
  // The benchmark's modules load only now: --help and usage errors answer without them.
  const [
    { stringify },
    { DEFAULT_BATCH_OPTIONS, planBatches, stackSizeOf, workflowSeconds },
    { summarizePlan },
    { COMMENT_MARKER, GITHUB_COMMENT_LIMIT, renderSummary },
    { KNOWN_REGIONS },
  ] = await Promise.all([import('yaml'), import('../src/ci/batches'), import('../src/ci/plan-json'), import('../src/ci/summary'), import('../src/model/regions')]);
  const ROOT = join(__dirname, '..');
  const ACCOUNTS = 50;

  function du(dir: string): number {
    return readdirSync(dir, { withFileTypes: true, recursive: true }).reduce((sum, e) => (e.isFile() ? sum + statSync(join(e.parentPath, e.name)).size : sum), 0);
  }

  // 1. Synthesize the organization.
  const work = mkdtempSync(join(tmpdir(), 'bench-ci-'));
  const config = join(work, 'org.yaml');
  writeFileSync(
    config,
    stringify({
      version: 1,
      regions: KNOWN_REGIONS.slice(0, 17),
      assumeRoleName: 'SessionPrefsDeployer',
      backend: { type: 'cloud', organization: 'acme' },
      accounts: Array.from({ length: ACCOUNTS }, (_, i) => ({ id: String(100000000000 + i), name: `acct${String(i).padStart(2, '0')}` })),
      preferences: { s3: { enabled: true }, runAs: { enabled: true, defaultUser: 'ssm-user' } },
      customDocuments: [{ name: 'SessionManager-BreakGlass', preferences: { maxSessionDuration: 480 } }],
    }),
  );
  const outdir = join(work, 'cdktf.out');
  let started = Date.now();
  execFileSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['main.ts', '--config', config], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: outdir } });
  const synthSeconds = (Date.now() - started) / 1000;
  const load = loadavg()[0];
  const names = readdirSync(join(outdir, 'stacks')).sort();
  const sizes = names.map((n) => stackSizeOf(n, JSON.parse(readFileSync(join(outdir, 'stacks', n, 'cdk.tf.json'), 'utf8'))));
  const artifactMb = du(outdir) / 1e6;

  // 2. Batches.
  started = Date.now();
  const batches = planBatches(sizes);
  const batchMs = Date.now() - started;

  // 3. The comment of a preferences change (every Session document updated) from the recorded plans.
  const recorded = (kind: string): PlanJson => JSON.parse(readFileSync(join(ROOT, '__tests__', 'fixtures', 'plans', `${kind}.json`), 'utf8'));
  started = Date.now();
  const results = names.map((stack) => {
    const plan = recorded(stack.replace(/^acct\d+-/, ''));
    return summarizePlan(stack, {
      resource_changes: (plan.resource_changes ?? []).map((rc) => ({ ...rc, change: { actions: rc.type === 'aws_ssm_document' ? ['update'] : ['no-op'] } })),
    });
  });
  const comment = renderSummary(results, { mode: 'plan', expected: names, limit: GITHUB_COMMENT_LIMIT, marker: COMMENT_MARKER });
  const renderMs = Date.now() - started;

  // 4. Estimates.
  const common = { concurrentJobs: 20 } as const;
  const MODELS: { name: string; model: TimingModel; note: string }[] = [
    {
      name: 'pull-request diff',
      model: { ...common, synthJob: 135, jobSetup: 55, perStack: 10, perAlias: 5, tail: 60 },
      note: 'synth job 135 s (runner start, checkout, npm ci with cache, synthesis, bundle, upload); per batch job 55 s set-up (runner, artifact, Node.js, Terraform, OIDC, provider download); per stack 10 s (init with HCP Terraform, show ×2), per Region 5 s (assume role, refresh of ~16 resources, plan); summary and comment jobs 60 s',
    },
    {
      name: 'deploy, a change in every Region',
      model: { ...common, synthJob: 375, jobSetup: 55, perStack: 15, perAlias: 10, tail: 40 },
      note: 'as the diff, plus type-check and unit tests in the synth job (+240 s), apply of the updates (+5 s per Region, +5 s per stack); approval wait not counted',
    },
    {
      name: 'deploy, first deployment (everything created)',
      model: { ...common, synthJob: 375, jobSetup: 55, perStack: 15, perAlias: 35, tail: 40 },
      note: 'creating ~16 resources per Region (KMS keys, log group, bucket and its settings, documents): ~30 s more per Region',
    },
  ];
  const minutes = (s: number) => `${(s / 60).toFixed(1)} min`;
  const rows = MODELS.map(
    ({ name, model, note }) =>
      `| ${name} | ${1 + batches.length + (name.startsWith('pull') ? 2 : 1)} | ${minutes(workflowSeconds(batches, sizes, model))} | ${minutes(workflowSeconds(batches, sizes, { ...model, concurrentJobs: 10 }))} | ${note} |`,
  );

  const perJob = batches.map((b) => b.stacks.length);
  const md = `# CI workflows at 50 accounts × 17 Regions

  Written by \`npm run bench:ci\` (bench/ci-workflows.ts) on ${new Date().toISOString().slice(0, 10)}.

  ## Measured

  | what | value |
  | --- | --- |
  | stacks (50 × (1 global + 5 Region groups of ≤ 4)) | ${names.length} |
  | provider aliases in all stacks | ${sizes.reduce((t, s) => t + s.aliases, 0)} |
  | synthesis (\`tsx main.ts\`, compliance rules included) | ${synthSeconds.toFixed(1)} s at load average ${load.toFixed(1)} on ${cpus().length} cores (bench/results.md has the idle figure) |
  | cdktf.out artifact (uncompressed) | ${artifactMb.toFixed(1)} MB |
  | batch jobs (\`ci batches\`, defaults: ≤ ${DEFAULT_BATCH_OPTIONS.maxJobs} jobs, ${DEFAULT_BATCH_OPTIONS.memoryGb} GB for plans) | ${batches.length} jobs of ${Math.min(...perJob)}-${Math.max(...perJob)} stacks, ${batches[0].parallelism} plans at once, peak ≈ ${Math.max(...batches.map((b) => b.peakGb))} GB per runner |
  | batching time | ${batchMs} ms |
  | comment for a preferences change (every Session document updated) | ${comment.length} characters of ${GITHUB_COMMENT_LIMIT}, rendered in ${renderMs} ms |

  ## Estimated wall time on GitHub-hosted runners (not measured: no GitHub or AWS here)

  Jobs = synth + batch jobs + summary (+ comment for pull requests). Batch jobs run in waves of
  the account's concurrent-job limit (20 on the free plan; 10 shown for a busy organization).

  | workflow | jobs | 20 concurrent jobs | 10 concurrent jobs | assumptions |
  | --- | ---: | ---: | ---: | --- |
  ${rows.join('\n')}

  Before this change: one matrix job per stack (300 jobs: over GitHub's 256-job matrix limit, each
  repeating \`npm ci\`), and deploy as one job of \`cdktf deploy '*'\` at parallelism 2 (300 stacks in
  one 120-minute job and one role session).
  `;
  writeFileSync(join(__dirname, 'ci-workflows.md'), md);
  process.stdout.write(md);
});
