/**
 * The GitHub Actions workflows users copy: every workflow file passes the workflow schema
 * (@action-validator/core, offline) and the repository's rules (actions pinned by commit SHA,
 * least privilege per job, secrets only in the steps that use them, concurrency), and the diff and
 * deploy workflows have the batched shape docs/ci.md describes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { COMMENT_MARKER, GITHUB_COMMENT_LIMIT } from '../src/ci/summary';
import { ROOT } from './helpers';

const DIR = join(ROOT, '.github', 'workflows');
const FILES = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const text = (name: string) => readFileSync(join(DIR, name), 'utf8');
const workflow = (name: string) => parse(text(name));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const steps = (job: Json): Json[] => job.steps ?? [];
const runs = (job: Json): string =>
  steps(job)
    .map((s) => s.run ?? '')
    .join('\n');

/** Validates a workflow; the validator prints a warning for each glob it cannot check (not a problem). */
function lint(source: string): Json[] {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    return validateWorkflow(source).errors;
  } finally {
    log.mockRestore();
    warn.mockRestore();
  }
}

describe('every workflow file', () => {
  it('is found (ci, deploy, pr-diff at least)', () => {
    expect(FILES).toEqual(expect.arrayContaining(['ci.yml', 'deploy.yml', 'pr-diff.yml']));
  });

  it('the validator works offline and catches a broken workflow', () => {
    const errors = lint('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n');
    expect(errors.length).toBeGreaterThan(0);
    expect(JSON.stringify(errors)).toContain("Additional property 'stepz' is not allowed");
  });

  it.each(FILES)('%s passes the GitHub workflow schema', (file) => {
    expect(lint(text(file))).toEqual([]);
  });

  it.each(FILES)('%s pins every action by commit SHA with its tag in a comment', (file) => {
    const uses = text(file)
      .split('\n')
      .filter((line) => /^\s*(-\s+)?uses:/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+){0,2}$/);
  });

  it.each(FILES)('%s grants nothing by default, declares permissions per job, and sets a concurrency group', (file) => {
    const wf = workflow(file);
    expect(wf.permissions === undefined || Object.keys(wf.permissions).every((k) => wf.permissions[k] === 'read')).toBe(true);
    expect(wf.concurrency?.group).toEqual(expect.any(String));
    for (const [name, job] of Object.entries<Json>(wf.jobs)) {
      expect({ job: name, permissions: job.permissions }).toEqual({ job: name, permissions: expect.any(Object) });
      // Writing to the pull request and checking out code never happen in the same job.
      if (job.permissions['pull-requests'] === 'write' || job.permissions.contents === 'write') {
        expect(steps(job).some((s) => /actions\/checkout@/.test(s.uses ?? ''))).toBe(false);
        expect(steps(job).filter((s) => s.run !== undefined)).toEqual([]);
      }
    }
  });

  it.each(FILES)('%s uses secrets only in the env or inputs of the steps that need them', (file) => {
    const wf = workflow(file);
    expect(JSON.stringify(wf.env ?? {})).not.toContain('secrets.');
    for (const job of Object.values<Json>(wf.jobs)) {
      expect(JSON.stringify(job.env ?? {})).not.toContain('secrets.');
      for (const step of steps(job)) expect(step.run ?? '').not.toContain('secrets.');
    }
    expect(text(file)).not.toMatch(/AKIA|aws_secret_access_key/i);
  });
});

describe('pull-request diff', () => {
  const pr = workflow('pr-diff.yml');

  it('synthesizes once with the plan role, requires it, and cuts the stacks into batches', () => {
    expect(Object.keys(pr.on)).toEqual(['pull_request']);
    expect(pr.concurrency).toEqual({ group: 'pr-diff-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
    const synth = pr.jobs.synth;
    expect(synth.permissions).toEqual({ contents: 'read' });
    const require = steps(synth).find((s) => s.name === 'Require the plan role');
    expect(require.env.PLAN_ROLE_NAME).toBe('${{ vars.PLAN_ROLE_NAME }}');
    expect(require.run).toMatch(/if \[ -z "\$PLAN_ROLE_NAME" \]; then[\s\S]*exit 1/);
    expect(steps(synth).indexOf(require)).toBe(0);
    expect(steps(synth).find((s) => s.run === 'npm run synth').env.SESSION_PREFS_ROLE_NAME).toBe('${{ vars.PLAN_ROLE_NAME }}');
    expect(runs(synth)).toContain('scripts/ci.ts require-shared-state');
    expect(runs(synth)).toContain('scripts/ci.ts batches');
    expect(runs(synth)).toMatch(/esbuild scripts\/ci\.ts --bundle .*--outfile=cdktf\.out\/ci\.js/);
    expect(synth.outputs.matrix).toBe('${{ steps.batches.outputs.matrix }}');
  });

  it('plans each batch with the plan role and a state-reading token only in the plan step, without npm ci', () => {
    const plan = pr.jobs.plan;
    expect(plan.permissions).toEqual({ 'id-token': 'write' });
    expect(plan.strategy.matrix).toBe('${{ fromJson(needs.synth.outputs.matrix) }}');
    expect(plan.strategy['fail-fast']).toBe(false);
    expect(runs(plan)).not.toContain('npm ci');
    expect(steps(plan).find((s) => /configure-aws-credentials@/.test(s.uses ?? '')).with['role-to-assume']).toBe('${{ secrets.AWS_PLAN_ROLE_ARN }}');
    const withToken = steps(plan).filter((s) => JSON.stringify(s).includes('TF_PLAN_API_TOKEN'));
    expect(withToken).toHaveLength(1);
    expect(withToken[0].run).toContain('node cdktf.out/ci.js run --mode plan --batch "$BATCH"');
    const upload = steps(plan).find((s) => /upload-artifact@/.test(s.uses ?? ''));
    expect(upload).toMatchObject({ if: 'always()', with: { name: 'plan-batch-${{ matrix.batch }}', path: 'results' } });
  });

  it('renders the comment without credentials and posts it from a job that runs no pull-request code', () => {
    expect(pr.jobs.summarize.permissions).toEqual({});
    expect(runs(pr.jobs.summarize)).toContain('ci.js summarize --mode plan --results results --comment comment.md');
    const comment = pr.jobs.comment;
    expect(comment.permissions).toEqual({ 'pull-requests': 'write' });
    const script = steps(comment).find((s) => /github-script@/.test(s.uses ?? '')).with.script;
    expect(script).toContain(COMMENT_MARKER);
    expect(script).toContain(String(GITHUB_COMMENT_LIMIT));
    expect(script).toContain('updateComment');
  });
});

describe('deploy', () => {
  const deploy = workflow('deploy.yml');

  it('deploys main one run at a time, and a dispatch can pick stacks', () => {
    expect(deploy.on.push.branches).toEqual(['main']);
    expect(deploy.on.workflow_dispatch.inputs.stacks.type).toBe('string');
    expect(deploy.concurrency).toEqual({ group: 'deploy', 'cancel-in-progress': false });
    expect(runs(deploy.jobs.synth)).toContain('scripts/ci.ts require-shared-state');
    expect(runs(deploy.jobs.synth)).toContain('npm run test:unit');
    expect(runs(deploy.jobs.plan)).toMatch(/for stack in \$ONLY_STACKS; do only\+=\(--only "\$stack"\); done/);
  });

  it('plans every batch before any approval, saving the plans and uploading them with the results', () => {
    const plan = deploy.jobs.plan;
    expect(plan.environment).not.toBe('production');
    expect(plan.permissions).toEqual({ 'id-token': 'write' });
    expect(plan.strategy.matrix).toBe('${{ fromJson(needs.synth.outputs.matrix) }}');
    expect(runs(plan)).toContain('node cdktf.out/ci.js run --mode plan --batch "$BATCH" --results results --plans plans');
    expect(steps(plan).filter((s) => JSON.stringify(s).includes('TF_API_TOKEN'))).toHaveLength(1);
    const upload = steps(plan).find((s) => /upload-artifact@/.test(s.uses ?? ''));
    expect(upload.with.name).toBe('deploy-plan-${{ matrix.batch }}');
    expect(upload.with.path.split('\n').filter(Boolean)).toEqual(['results', 'plans']);
  });

  it('publishes the review of the saved plans as the job summary, without credentials', () => {
    const review = deploy.jobs.review;
    expect(review.needs).toEqual(['synth', 'plan']);
    expect(review.permissions).toEqual({});
    expect(steps(review).find((s) => /download-artifact@/.test(s.uses ?? '') && s.with.pattern).with.pattern).toBe('deploy-plan-*');
    expect(runs(review)).toContain('node cdktf.out/ci.js summarize --mode plan --results planned');
  });

  it('applies exactly the saved plans of the plan job behind the production environment, after the review', () => {
    const apply = deploy.jobs.apply;
    expect(apply.environment).toBe('production');
    expect(apply.needs).toEqual(['synth', 'plan', 'review']);
    expect(apply.permissions).toEqual({ 'id-token': 'write' });
    expect(apply.strategy.matrix).toBe('${{ fromJson(needs.synth.outputs.matrix) }}');
    // The artifact the plan job of the same batch uploaded, and nothing planned again.
    const download = steps(apply).find((s) => /download-artifact@/.test(s.uses ?? '') && s.with.name !== 'cdktf-out');
    expect(download.with).toEqual({ name: deploy.jobs.plan.steps.find((s: Json) => /upload-artifact@/.test(s.uses ?? '')).with.name, path: 'planned' });
    expect(runs(apply)).toContain('node cdktf.out/ci.js run --mode apply --batch "$BATCH" --plans planned/plans');
    expect(runs(apply)).not.toContain('--mode plan');
    expect(steps(apply).find((s) => /configure-aws-credentials@/.test(s.uses ?? '')).with['role-duration-seconds']).toBe(3600);
    expect(steps(apply).filter((s) => JSON.stringify(s).includes('TF_API_TOKEN'))).toHaveLength(1);
    expect(runs(deploy.jobs.summarize)).toContain('ci.js summarize --mode apply');
    expect(deploy.jobs.summarize.permissions).toEqual({});
  });
});

describe('ci', () => {
  it('runs the README test command with Terraform required, cancelling superseded pull-request runs', () => {
    const ci = workflow('ci.yml');
    const test = steps(ci.jobs.test).find((s) => s.run === 'npm test');
    expect(test.env.REQUIRE_TERRAFORM).toBe('1');
    expect(ci.concurrency['cancel-in-progress']).toBe("${{ github.event_name == 'pull_request' }}");
  });
});
