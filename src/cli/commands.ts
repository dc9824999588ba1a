/**
 * The CommandSpecs (what --help prints) of the entry points main.ts, scripts/ and bench/, kept in
 * src/ so that the help, the examples and the exit statuses can be checked without running them
 * (src/cli/registry.ts lists every command; __tests__/cli-commands.test.ts). The AWS and HCP
 * Terraform commands keep theirs next to their code, in a module of its own (command-spec.ts of
 * src/drift, src/preflight, src/organization, src/workspaces). Light on imports: the CI tool is
 * bundled with this module, and an entry point's `--help` loads only its spec and the frame.
 */
import { DEFAULT_BATCH_OPTIONS } from '../ci/batches';
import { GITHUB_COMMENT_LIMIT } from '../ci/summary';
import { STATE_DIR_ENV_VAR } from '../state/local-state';
import { CONFIG_FLAG, JSON_FLAG, type CommandSpec } from './args';

export const SYNTH_COMMAND: CommandSpec = {
  usage: 'npm run synth --',
  summary:
    'Synthesizes the configuration into Terraform JSON, one directory per stack under cdktf.out/stacks (runs main.ts). ' +
    'The cdktf CLI runs it too (`npx cdktf synth|diff|deploy`, through cdktf.json).',
  flags: [CONFIG_FLAG],
  details: [
    `Environment: SESSION_PREFS_CONFIG (configuration file), SESSION_PREFS_ROLE_NAME (role assumed in every account, e.g. a read-only one for plans), ${STATE_DIR_ENV_VAR} (local state directory, default state/), CDKTF_OUTDIR (output directory, default cdktf.out).`,
  ],
  examples: [
    { command: 'npm run synth', what: 'synthesize config/example.yaml into cdktf.out' },
    { command: 'npm run synth -- --config config/prod.yaml', what: 'synthesize another configuration' },
  ],
  exit: { 0: 'synthesized', 1: 'configuration problems or compliance errors (every one listed, nothing written)' },
};

export const CHECK_COMMAND: CommandSpec = {
  usage: 'npm run check --',
  summary:
    'Builds the app of the configuration in memory (nothing is written), applies the compliance rules and prints the report: rule x stack, then every finding and suppression.',
  flags: [CONFIG_FLAG, JSON_FLAG],
  examples: [
    { command: 'npm run check', what: 'the compliance report of config/example.yaml' },
    { command: 'npm run check -- --config config/prod.yaml --json', what: 'the report of another configuration, as JSON' },
  ],
  exit: { 0: 'compliant (warnings allowed)', 1: 'error findings or an invalid configuration' },
};

export const STACKS_COMMAND: CommandSpec = {
  usage: 'npm run stacks --',
  summary: 'Lists every stack of the configuration: stack -> account -> Regions, and (with --json) where its state lives. Use the names with `npx cdktf diff <stack>`.',
  flags: [CONFIG_FLAG, JSON_FLAG],
  examples: [
    { command: 'npm run stacks', what: 'the stacks of config/example.yaml, as a table' },
    { command: 'npm run stacks -- --config config/prod.yaml --json', what: 'the stacks of another configuration, as JSON' },
  ],
  exit: { 0: 'listed', 1: 'configuration problems' },
};

/** Where `npm run scp` writes by default. */
export const SCP_DEFAULT_OUT = 'session-manager-scp.json';

export const SCP_COMMAND: CommandSpec = {
  usage: 'npm run scp --',
  summary:
    'Writes a service control policy (not applied) that denies changes to the key aliases the access policies trust, the Session documents, the session log groups and buckets and the DHMC setting, to everyone but the deploying roles.',
  flags: [CONFIG_FLAG, { name: 'out', type: 'string', value: '<file>', description: `where to write the policy (default: ${SCP_DEFAULT_OUT})` }],
  examples: [{ command: 'npm run scp -- --out scp.json', what: 'write the policy of config/example.yaml to scp.json for review' }],
  exit: { 0: 'written', 1: 'invalid configuration, no deploying role to exempt, or the policy exceeds the SCP size limit' },
};

export const DOCS_COMMAND: CommandSpec = {
  usage: 'npm run docs --',
  summary:
    'Writes every generated file: config/schema.json, docs/configuration-reference.md (from the zod schema), docs/configuration-rules.md (from the naming rules and checks) and docs/compliance-rules.md (from the compliance rules).',
  flags: [{ name: 'check', type: 'boolean', description: 'write nothing; exit 1 when a generated file is out of date' }],
  examples: [
    { command: 'npm run docs', what: 'regenerate the schema and the generated documents' },
    { command: 'npm run docs -- --check', what: 'only check that they are up to date' },
  ],
  exit: { 0: 'written or up to date', 1: 'out of date (--check)' },
};

export const PLAN_OFFLINE_COMMAND: CommandSpec = {
  usage: 'npm run plan:offline --',
  summary:
    'Plans synthesized stacks from cdktf.out (or $CDKTF_OUTDIR) without AWS credentials (fake credentials, no backend, no imports, local provider mirror), prints the review of what each would create (Markdown) and the path of each saved plan. A smoke test, not a real diff: use `npm run diff` with credentials for that.',
  flags: [],
  positionals: { name: '[stack ...]', description: 'stacks to plan (default: all; `npm run stacks` lists them)' },
  details: ['Saved plans: .tmp/plan-offline/<stack>.tfplan and its `terraform show -json` as <stack>.json (render it again with npm run diff -- --plan-json <file>).'],
  examples: [{ command: 'npm run synth && npm run plan:offline -- sandbox-global', what: 'plan one stack of the example offline' }],
  exit: { 0: 'planned', 1: 'Terraform missing, nothing synthesized, or a plan failed' },
};

export const DIFF_COMMAND: CommandSpec = {
  usage: 'npm run diff --',
  summary:
    'Shows what a change does: every Session preference before -> after, policy statements added, removed and changed by Sid, other attributes by name, and first, every destroy, replacement and forget. Identical changes across account-Regions are shown once. Markdown on stdout.',
  flags: [
    {
      name: 'plan-json',
      type: 'list',
      value: '<file>',
      description: 'render saved plans (`terraform show -json <planfile>` output, one file per stack, named <stack>.json) instead of planning',
    },
    { name: 'stack', type: 'list', value: '<name>', description: 'plan only this stack (repeatable; `npm run stacks` lists them)' },
    { name: 'account', type: 'list', value: '<name|id>', description: "plan only this account's stacks (repeatable)" },
    { name: 'region', type: 'list', value: '<region>', description: 'plan only the stacks holding this Region (repeatable)' },
    { name: 'no-synth', type: 'boolean', description: 'plan the stacks already in cdktf.out (or $CDKTF_OUTDIR) instead of synthesizing first' },
    CONFIG_FLAG,
  ],
  positionals: { name: '[file ...]', description: 'more saved plans after --plan-json (`--plan-json a.json b.json`)' },
  details: [
    "Without --plan-json: needs credentials for every account (the same as `npx cdktf diff`, which still works for one stack with Terraform's own output) and plans without taking the state lock.",
  ],
  examples: [
    { command: 'npm run diff -- --plan-json plans/*.json', what: 'render saved plans (terraform show -json output) as Markdown' },
    { command: 'npm run diff -- --account production-a --region eu-west-1', what: 'synthesize, plan and render the stacks of one account and Region (credentials needed)' },
  ],
  exit: { 0: 'rendered', 1: 'configuration problem, a filter that matches nothing, a plan that failed or a file that is not plan JSON' },
};

export const TEST_TIMES_COMMAND: CommandSpec = {
  usage: 'npm run test:times --',
  summary: "Reads jest's JSON results and rewrites the per-file and slowest-test tables of docs/testing.md between their markers.",
  flags: [
    { name: 'doc', type: 'string', value: '<file>', description: 'the document to rewrite (default docs/testing.md)' },
    { name: 'note', type: 'string', value: '<text>', description: 'added to the "Measured" line, e.g. the load average' },
  ],
  positionals: { name: '[results.json]', description: "jest's --json output (default .tmp/jest-results.json, which .ci/run writes)" },
  examples: [{ command: 'bash .ci/run && npm run test:times -- --note "load average 1.9"', what: 'run the suite as CI does and publish its times' }],
  exit: { 0: 'written', 1: 'unreadable results, or no markers in the document' },
};

export const BOOTSTRAP_COMMAND: CommandSpec = {
  usage: 'npm run bootstrap --',
  summary:
    'Writes CloudFormation templates for the deployer, plan and read-only roles of every account (a service-managed StackSet), the log-archive account and the CI account (GitHub OIDC), with least-privilege policies computed from the resource plan of the configuration.',
  flags: [
    CONFIG_FLAG,
    { name: 'write', type: 'string', value: '<dir>', description: 'directory to write the templates and the policies into (created if missing; required)' },
    {
      name: 'terraform',
      type: 'boolean',
      description: 'also synthesize the same roles as cdktf stacks into <dir>/terraform (for teams that bootstrap with Terraform)',
    },
  ],
  examples: [
    { command: 'npm run bootstrap -- --write bootstrap/', what: 'write the templates and policies of config/example.yaml into bootstrap/' },
    { command: 'npm run bootstrap -- --config config/prod.yaml --write out/', what: 'the roles of another configuration' },
    { command: 'npm run bootstrap -- --write bootstrap/ --terraform', what: 'the same, plus one Terraform stack per account in bootstrap/terraform/stacks/' },
  ],
  exit: { 0: 'written', 1: 'invalid configuration, nobody to trust, or two bootstrap stacks of one name (--terraform)' },
};

export const BUNDLE_LAMBDA_COMMAND: CommandSpec = {
  usage: 'npx tsx scripts/bundle-lambda.ts',
  summary: 'Bundles the preferences updater (lambda-src/) with esbuild into one file; synthesis does this by itself when a Region uses documentManagement lambda.',
  flags: [],
  positionals: { name: '[out-dir]', description: 'output directory (default dist/lambda)' },
  examples: [{ command: 'npx tsx scripts/bundle-lambda.ts /tmp/updater', what: 'bundle the updater into /tmp/updater/index.js and print its size' }],
  exit: { 0: 'bundled', 1: 'esbuild failed' },
};

export const RECORD_PLAN_FIXTURES_COMMAND: CommandSpec = {
  usage: 'npx tsx scripts/record-plan-fixtures.ts',
  summary: 'Re-records the plan fixtures of the CI summary tests (__tests__/fixtures/plans) with Terraform, offline.',
  flags: [],
  examples: [{ command: 'npx tsx scripts/record-plan-fixtures.ts', what: 're-record the fixtures (Terraform and the provider mirror needed; minutes)' }],
  exit: { 0: 'recorded', 1: 'Terraform unavailable or a plan failed' },
};

const OUTDIR_FLAG = { name: 'outdir', type: 'string', value: '<dir>', description: 'synthesized app (default: $CDKTF_OUTDIR or cdktf.out)' } as const;
/** The file `ci batches` writes into the output directory. */
export const CI_BATCHES_FILE = 'batches.json';
/** Account names and groups for the review's headings, written by `ci batches` next to batches.json. */
export const CI_ACCOUNTS_FILE = 'review-accounts.json';

/** The subcommands of `npm run ci`. */
export const CI_SUBCOMMANDS: Readonly<Record<string, CommandSpec>> = {
  batches: {
    usage: 'npm run ci -- batches',
    summary: `Cuts the synthesized stacks into at most --max-jobs CI jobs, balanced by provider aliases, each running as many plans at once as --memory-gb allows. Writes <outdir>/${CI_BATCHES_FILE} (and <outdir>/${CI_ACCOUNTS_FILE}, the account names of the configuration for the review) and prints the GitHub Actions matrix (JSON) on stdout; with $GITHUB_OUTPUT set, also writes matrix=<json> there.`,
    flags: [
      OUTDIR_FLAG,
      { name: 'max-jobs', type: 'string', value: '<n>', description: `most jobs (default ${DEFAULT_BATCH_OPTIONS.maxJobs})` },
      { name: 'memory-gb', type: 'string', value: '<gb>', description: `memory for plans on one runner (default ${DEFAULT_BATCH_OPTIONS.memoryGb})` },
    ],
    examples: [{ command: 'npm run synth && npm run ci -- batches --max-jobs 4', what: 'cut the example into at most 4 jobs and print the matrix' }],
    exit: { 0: 'written', 1: 'nothing synthesized, or a stack over the memory budget' },
  },
  run: {
    usage: 'npm run ci -- run',
    summary:
      'Plans (--mode plan) or applies (--mode apply) every stack of one batch with terraform, a few at a time; writes <stack>.json, <stack>.review.json and <stack>.plan.txt into --results. With --plans, plan mode saves each plan there as <stack>.tfplan and apply mode applies exactly those saved plans (a stale one fails: re-run the workflow); without it, apply mode plans and applies.',
    flags: [
      OUTDIR_FLAG,
      { name: 'mode', type: 'string', value: 'plan|apply', description: 'plan only, or plan and apply' },
      { name: 'batch', type: 'string', value: '<n>', description: `batch number from ${CI_BATCHES_FILE}` },
      { name: 'results', type: 'string', value: '<dir>', description: 'where per-stack results go (default results)' },
      { name: 'only', type: 'list', value: '<stack>', description: 'run only these stacks of the batch' },
      { name: 'plans', type: 'string', value: '<dir>', description: 'saved plans: written by --mode plan, applied as they are by --mode apply' },
    ],
    examples: [{ command: 'npm run ci -- run --mode plan --batch 0', what: 'plan every stack of batch 0 (credentials needed)' }],
    exit: { 0: 'every stack planned (or applied)', 1: 'a stack failed' },
  },
  summarize: {
    usage: 'npm run ci -- summarize',
    summary: `Reads every <stack>.json under --results (any depth) and renders one Markdown summary: --comment (within GitHub's ${GITHUB_COMMENT_LIMIT}-character comment limit), --full (everything), and with $GITHUB_STEP_SUMMARY set, the job summary.`,
    flags: [
      OUTDIR_FLAG,
      { name: 'mode', type: 'string', value: 'plan|apply', description: 'wording of the summary' },
      { name: 'results', type: 'string', value: '<dir>', description: 'downloaded result artifacts (default results)' },
      { name: 'comment', type: 'string', value: '<file>', description: 'write the pull-request comment here' },
      { name: 'full', type: 'string', value: '<file>', description: 'write the complete summary here' },
      { name: 'artifacts', type: 'string', value: '<pattern>', description: 'artifact names to point readers to, e.g. plan-batch-*' },
      { name: 'only', type: 'list', value: '<stack>', description: 'expect results for these stacks only (a deploy that picked stacks)' },
    ],
    examples: [{ command: 'npm run ci -- summarize --mode plan --comment comment.md', what: 'render the pull-request comment of the results in results/' }],
    exit: { 0: 'rendered', 1: 'a stack failed or has no result' },
  },
  'require-shared-state': {
    usage: 'npm run ci -- require-shared-state',
    summary: 'Fails when a synthesized stack uses the local backend: its state would live and die with the CI runner.',
    flags: [OUTDIR_FLAG],
    examples: [{ command: 'npm run ci -- require-shared-state', what: 'check cdktf.out before a deploy job' }],
    exit: { 0: 'every stack has a shared backend', 1: 'a stack uses the local backend' },
  },
};

export const CI_COMMAND: CommandSpec = {
  usage: 'npm run ci --',
  summary: `The CI tool of the diff and deploy workflows. Run npm run ci -- <command> --help for the flags of each.`,
  flags: [],
  positionals: { name: '<command>', description: Object.keys(CI_SUBCOMMANDS).join(' | ') },
  examples: [{ command: 'npm run ci -- batches --help', what: 'the flags of one command' }],
  exit: { 0: 'the command succeeded', 1: 'the command failed (see each command)' },
};

/** The benchmarks: `--help` prints this, anything else runs them (minutes). */
const bench = (script: string, summary: string, writes: string): CommandSpec => ({
  usage: `npm run ${script} --`,
  summary: `${summary} Writes ${writes}. Takes minutes and much memory: run it alone.`,
  flags: [],
  examples: [{ command: `npm run ${script}`, what: `run the benchmark and rewrite ${writes}` }],
  exit: { 0: 'measured (and within its targets)', 1: 'a measurement failed or missed its target' },
});

export const BENCH_COMMANDS = {
  run: bench('bench', 'Synthesis and offline terraform plan at organization scale (1×1, 10×17, 50×17; one stack of 1 to 17 Regions).', 'bench/results.md'),
  organization: bench('bench:organization', 'Synthesis and plans of an organization with a central log archive (50 accounts × 17 Regions).', 'bench/results-organization.md'),
  lambda: bench('bench:lambda', 'Bundle and zip size of the preferences updater (the target is 10 KB zipped).', 'bench/lambda-size.md'),
  validation: bench('bench:validation', 'Validation time of an organization-scale configuration, and the share of the planned-app checks.', 'bench/validation.md'),
  ci: bench('bench:ci', 'Shape and estimated wall time of the CI workflows for 50 accounts × 17 Regions.', 'bench/ci-workflows.md'),
  drift: bench('bench:drift', 'Time of npm run drift over 50 accounts × 17 Regions against in-memory clients with latency.', 'bench/drift-results.md'),
  preflight: bench('bench:preflight', "The preflight's checks at organization scale against fake clients with latency.", 'bench/preflight.md'),
  synth: {
    ...bench(
      'bench:synth',
      'Synthesis of 5 × 17 and 50 × 17 as whole processes started as cdktf.json says: medians of wall time, CPU time and peak memory, with the load average.',
      'a Markdown table for bench/speed.md on stdout',
    ),
    flags: [
      { name: 'runs', type: 'string', value: '<n>', description: 'counted runs of each synth, after one warm-up (default 5)' },
      { name: 'before', type: 'string', value: '<checkout>', description: 'also measure another checkout of the project, run by run in turn' },
    ],
    examples: [{ command: 'npm run bench:synth -- --before ../main', what: 'measure this checkout against another, alternating runs' }],
  },
} as const;

export const SANDBOX_COMMAND: CommandSpec = {
  usage: 'npm run sandbox --',
  summary:
    "Starts the AWS API emulator (moto with this project's extensions) in the background, as the configuration's first account, and prints the environment " +
    'under which `npx cdktf deploy`, `npx cdktf diff`, `npm run drift` and `npm run preflight` work against it unchanged (also written to .sandbox/env.sh). ' +
    'No AWS account or credentials needed; nothing leaves the machine. `--stop` stops it by the PID it wrote.',
  flags: [CONFIG_FLAG, { name: 'stop', type: 'boolean', description: 'stop the running sandbox (by the PID in .sandbox/moto.pid)' }],
  details: [
    'Environment: SESSION_PREFS_SANDBOX_PORT (default 4566), SESSION_PREFS_SANDBOX_DIR (PID, log, env.sh and the state of deployed stacks; default .sandbox), MOTO_PYTHON (the python with moto[server]; default python3).',
  ],
  examples: [
    { command: 'npm run sandbox', what: 'start it in the example account; then . .sandbox/env.sh and npx cdktf deploy sandbox-global --auto-approve --skip-provider-lock' },
    { command: 'npm run sandbox -- --config config/prod.yaml', what: 'start it in the first account of another configuration' },
    { command: 'npm run sandbox -- --stop', what: 'stop it' },
  ],
  exit: { 0: 'started (or stopped)', 1: 'moto missing or not starting, a sandbox already running, or an invalid configuration' },
};

export const MIGRATE_CDKTN_COMMAND: CommandSpec = {
  usage: 'npx tsx scripts/migrate-cdktn.ts',
  summary:
    'Rewrites a copy of this project for CDK Terrain, the community fork of the archived CDKTF: imports and package.json (cdktf -> cdktn, @cdktf/provider-* -> @cdktn/provider-*, cdktf-cli -> cdktn-cli, pinned). ' +
    'Run it on a copy or a branch, then npm install, npx tsc --noEmit -p . and the manual steps of docs/upstream.md (AWS provider 6.x, Node 22).',
  flags: [],
  positionals: { name: '<dir>', description: 'the project directory to rewrite in place' },
  examples: [{ command: 'git worktree add ../cdktn && npx tsx scripts/migrate-cdktn.ts ../cdktn', what: 'rewrite a separate worktree, leaving this one as it is' }],
  exit: { 0: 'rewritten (the files changed are listed)', 1: 'no package.json in the directory' },
};
