/**
 * The CI tool as the workflows run it: bundled with esbuild into one file, run with plain node on
 * a synthesized app: batches, require-shared-state, run (against a stand-in `terraform` on PATH)
 * and summarize.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SANDBOX, exampleModel, stackFor, tempDir } from '../helpers';
import { runSynth } from '../support/tsx';

/** The example's stacks (main.ts synthesizes it): account-wide, us-east-1, eu-west-1. */
const EXAMPLE = exampleModel();
const [GLOBAL, US_EAST_1, EU_WEST_1] = [stackFor(EXAMPLE, SANDBOX.name), stackFor(EXAMPLE, SANDBOX.name, 'us-east-1'), stackFor(EXAMPLE, SANDBOX.name, 'eu-west-1')];
const work = tempDir('ci-tool-');
const outdir = join(work, 'cdktf.out');
const ciJs = join(outdir, 'ci.js');

/** A stand-in terraform: init/plan succeed, `show -json` reports one update, `show` prints text. */
const FAKE_TERRAFORM = `#!/bin/sh
case "$1" in
  show) if [ "$2" = "-json" ]; then echo '{"resource_changes":[{"address":"aws_ssm_document.x","mode":"managed","change":{"actions":["update"]}}]}'; else echo "plan of $(basename "$PWD")"; fi ;;
  *) exit 0 ;;
esac
`;

function node(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [ciJs, ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, ...env } });
}

beforeAll(() => {
  const synth = runSynth([], { env: { CDKTF_OUTDIR: outdir } });
  if (synth.status !== 0) throw new Error(`main.ts exited ${synth.status}:\n${synth.stderr}`);
  execFileSync(join(ROOT, 'node_modules', '.bin', 'esbuild'), [
    join(ROOT, 'scripts', 'ci.ts'),
    '--bundle',
    '--platform=node',
    '--target=node20',
    '--log-level=warning',
    `--outfile=${ciJs}`,
  ]);
}, 180000);

describe('ci tool (bundled)', () => {
  it('cuts the example into one batch and writes the matrix to $GITHUB_OUTPUT', () => {
    const githubOutput = join(work, 'github-output');
    writeFileSync(githubOutput, '');
    const out = node(['batches', '--outdir', outdir], { GITHUB_OUTPUT: githubOutput });
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ batch: [0] });
    expect(readFileSync(githubOutput, 'utf8')).toBe('matrix={"batch":[0]}\n');
    const batches = JSON.parse(readFileSync(join(outdir, 'batches.json'), 'utf8'));
    expect(batches.batches[0].stacks).toEqual([GLOBAL, US_EAST_1, EU_WEST_1]);
  });

  it('refuses the local backend for CI', () => {
    const out = node(['require-shared-state', '--outdir', outdir]);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('::error::3 stacks use the local backend');
  });

  it('plans a batch with terraform from PATH and summarizes it', () => {
    const bin = join(work, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'terraform'), FAKE_TERRAFORM);
    chmodSync(join(bin, 'terraform'), 0o755);
    const results = join(work, 'results', 'plan-batch-0');
    const run = node(['run', '--outdir', outdir, '--mode', 'plan', '--batch', '0', '--results', results], { PATH: `${bin}:${process.env.PATH}` });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`${US_EAST_1}: planned (1 changes)`);
    expect(readFileSync(join(results, `${EU_WEST_1}.plan.txt`), 'utf8')).toBe(`plan of ${EU_WEST_1}\n`);

    const comment = join(work, 'comment.md');
    const summary = node(['summarize', '--outdir', outdir, '--mode', 'plan', '--results', join(work, 'results'), '--comment', comment], { GITHUB_STEP_SUMMARY: '' });
    expect(summary.status).toBe(0);
    const body = readFileSync(comment, 'utf8');
    expect(body).toContain('<!-- session-manager-preferences plan -->');
    expect(body).toContain('<b>3 stacks</b> with identical changes: 0 to add, 1 to change, 0 to destroy');
    expect(body).toContain('~ aws_ssm_document.x');
  });

  it('reports a missing batch result as a failure of the summary', () => {
    const out = node(['summarize', '--outdir', outdir, '--mode', 'apply', '--results', join(work, 'nothing')], { GITHUB_STEP_SUMMARY: '' });
    expect(out.status).toBe(1);
    expect(out.stdout).toContain('**3 without result**');
  });
});

describe('.ci/run before npm ci', () => {
  it('prints the first line of a terraform that writes much more, and goes on (no SIGPIPE under pipefail)', () => {
    // `terraform version | head -1` failed CI with exit 141: head exits after one line, terraform's
    // next write gets SIGPIPE, and `set -o pipefail` makes that the pipeline's status.
    const dir = tempDir('ci-run-');
    mkdirSync(join(dir, '.ci'));
    mkdirSync(join(dir, 'bin'));
    const script = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    const prelude = script.slice(0, script.indexOf('\nnpm ci'));
    expect(prelude).toContain('set -euo pipefail');
    writeFileSync(join(dir, '.ci', 'run'), `${prelude}\necho "prelude done"\n`);
    writeFileSync(join(dir, '.ci', 'moto-requirements.txt'), readFileSync(join(ROOT, '.ci', 'moto-requirements.txt')));
    const terraform = join(dir, 'bin', 'terraform');
    // A first line, then 1.5 MB written by the shell itself: far more than a pipe holds, so a reader
    // that stops early kills it with SIGPIPE, as it did terraform. A warning on stderr, as terraform
    // prints when TF_CLI_CONFIG_FILE names a missing file.
    writeFileSync(
      terraform,
      `#!/bin/sh\necho "Warning: Unable to open CLI configuration file" >&2\necho "Terraform v9.9.9"\ni=0\nwhile [ $i -lt 100000 ]; do echo "on linux_amd64"; i=$((i+1)); done\n`,
    );
    chmodSync(terraform, 0o755);
    const result = spawnSync('bash', [join(dir, '.ci', 'run')], { encoding: 'utf8', env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}` } });
    expect({ status: result.status, signal: result.signal }).toEqual({ status: 0, signal: null });
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines).toContain('Terraform v9.9.9');
    expect(lines).not.toContain('on linux_amd64');
    expect(lines).toContain('prelude done');
  });
});

describe('npm test (scripts/test.cjs)', () => {
  // A project of its own: a copy of the runner, a stand-in tsc, lint script and jest whose outcome
  // each comes from the environment.
  const project = tempDir('test-runner-');
  mkdirSync(join(project, 'scripts'));
  mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
  mkdirSync(join(project, 'node_modules', 'jest', 'bin'), { recursive: true });
  writeFileSync(join(project, 'scripts', 'test.cjs'), readFileSync(join(ROOT, 'scripts', 'test.cjs')));
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ private: true, scripts: { lint: 'node -e "console.log(\'lint says hi\'); process.exit(Number(process.env.LINT_EXIT || 0))"' } }),
  );
  writeFileSync(join(project, 'node_modules', '.bin', 'tsc'), '#!/bin/sh\necho "src/a.ts(1,1): error TS2322: $*"\nexit "${TSC_EXIT:-0}"\n');
  chmodSync(join(project, 'node_modules', '.bin', 'tsc'), 0o755);
  writeFileSync(join(project, 'node_modules', 'jest', 'package.json'), '{"name":"jest","version":"0.0.0"}');
  writeFileSync(
    join(project, 'node_modules', 'jest', 'bin', 'jest.js'),
    "console.log('jest ran with ' + process.argv.slice(2).join(' '));\nprocess.exit(Number(process.env.JEST_EXIT || 0));\n",
  );
  const runTests = (env: Record<string, string>) => {
    const r = spawnSync(process.execPath, ['scripts/test.cjs', '--json', '--outputFile=x.json'], { cwd: project, encoding: 'utf8', env: { ...process.env, ...env } });
    return { status: r.status, stdout: r.stdout };
  };

  it('runs the type-check, the lint and jest (with its arguments), and passes when all pass', () => {
    const r = runTests({});
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('jest ran with --json --outputFile=x.json');
    expect(r.stdout).toMatch(/type-check \(tsc --noEmit -p \.\): passed in [\d.]+ s/);
    expect(r.stdout).toMatch(/lint \(npm run lint\): passed in [\d.]+ s/);
    expect(r.stdout).not.toContain('error TS2322'); // a passing check's output is not repeated
  });

  it('fails (exit 1) when a check fails, prints its output, and still runs jest', () => {
    const r = runTests({ TSC_EXIT: '2' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('type-check (tsc --noEmit -p .): FAILED (exit 2)');
    expect(r.stdout).toContain('src/a.ts(1,1): error TS2322: --noEmit -p .');
    expect(r.stdout).toContain('jest ran with');
    expect(r.stdout).toContain('failed: type-check (tsc --noEmit -p .)');
    const lint = runTests({ LINT_EXIT: '1' });
    expect(lint.status).toBe(1);
    expect(lint.stdout).toContain('lint says hi');
  });

  it("exits with jest's status when jest fails", () => {
    expect(runTests({ JEST_EXIT: '3' }).status).toBe(3);
    expect(runTests({ JEST_EXIT: '3', TSC_EXIT: '2' }).status).toBe(3);
  });
});
