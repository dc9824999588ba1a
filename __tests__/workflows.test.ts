/** The GitHub Actions workflows users copy: the properties the README promises. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './helpers';

const workflow = (name: string) => parse(readFileSync(join(ROOT, '.github', 'workflows', name), 'utf8'));

describe('workflows', () => {
  it('diffs every stack on pull requests and posts one comment', () => {
    const pr = workflow('pr-diff.yml');
    expect(Object.keys(pr.on)).toEqual(['pull_request']);
    expect(pr.permissions).toMatchObject({ 'pull-requests': 'write', 'id-token': 'write', contents: 'read' });
    expect(pr.jobs.diff.strategy.matrix.stack).toBe('${{ fromJson(needs.synth.outputs.stacks) }}');
    expect(pr.jobs.diff.steps.map((s: { run?: string }) => s.run ?? '').join('\n')).toContain("cdktf diff '${{ matrix.stack }}' --skip-synth");
    expect(pr.jobs.comment.steps.at(-1).uses).toMatch(/^actions\/github-script@/);
    expect(JSON.stringify(pr)).not.toMatch(/AKIA|aws_secret_access_key/i);
    expect(pr.env.SESSION_PREFS_ROLE_NAME).toBe('${{ vars.PLAN_ROLE_NAME }}');
    expect(pr.jobs.synth.steps.find((s: { name?: string }) => s.name === 'Require shared state').run).toContain('.terraform.backend.local');
  });

  it('deploys main only through the approved production environment, one run at a time', () => {
    const deploy = workflow('deploy.yml');
    expect(deploy.on.push.branches).toEqual(['main']);
    expect(deploy.jobs.deploy.environment).toBe('production');
    expect(deploy.concurrency).toEqual({ group: 'deploy', 'cancel-in-progress': false });
    const runs = deploy.jobs.deploy.steps.map((s: { run?: string }) => s.run ?? '').join('\n');
    expect(runs).toContain('npm test');
    expect(runs).toMatch(/cdktf deploy '\*' --skip-synth --auto-approve --parallelism/);
    expect(deploy.jobs.deploy.steps.some((s: { name?: string }) => s.name === 'Require shared state')).toBe(true);
  });

  it('runs the README test command in CI with Terraform required', () => {
    const ci = workflow('ci.yml');
    const test = ci.jobs.test.steps.find((s: { run?: string }) => s.run === 'npm test');
    expect(test.env.REQUIRE_TERRAFORM).toBe('1');
  });
});
