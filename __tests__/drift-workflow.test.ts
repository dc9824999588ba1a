/** The scheduled drift workflow (.github/workflows/drift.yml): what docs/drift.md promises of it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { ROOT } from './helpers';

const FILE = join(ROOT, '.github', 'workflows', 'drift.yml');
const text = readFileSync(FILE, 'utf8');
const workflow = parse(text);
type Step = { uses?: string; run?: string; with?: Record<string, unknown>; if?: string; id?: string };
const steps = (job: string): Step[] => workflow.jobs[job].steps;

describe('drift workflow', () => {
  it('is a valid workflow', () => {
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  it('runs daily and on demand, one run at a time', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(workflow.on.schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }]);
    expect(workflow.concurrency).toEqual({ group: 'drift', 'cancel-in-progress': false });
  });

  it('grants nothing by default and each job only what it uses', () => {
    expect(workflow.permissions).toEqual({});
    expect(workflow.jobs.build.permissions).toEqual({ contents: 'read' });
    expect(workflow.jobs.check.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(workflow.jobs.issue.permissions).toEqual({ issues: 'write' });
  });

  it('pins every action by commit SHA with its tag in a comment', () => {
    const uses = text.split('\n').filter((line) => /^\s*-?\s*uses:/.test(line));
    expect(uses.length).toBeGreaterThanOrEqual(6);
    for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it('checks with a read-only role: an OIDC role, and a role name that replaces every deployer role', () => {
    const aws = steps('check').find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))!;
    expect(aws.with?.['role-to-assume']).toBe('${{ secrets.AWS_DRIFT_ROLE_ARN || secrets.AWS_PLAN_ROLE_ARN }}');
    expect(workflow.env.SESSION_PREFS_ROLE_NAME).toBe('${{ vars.DRIFT_ROLE_NAME || vars.PLAN_ROLE_NAME }}');
    expect(JSON.stringify(workflow)).not.toMatch(/AKIA|aws_secret_access_key|DEPLOY_ROLE/i);
    const checkout = steps('check').find((s) => s.uses?.startsWith('actions/checkout@'))!;
    expect(checkout.with?.['persist-credentials']).toBe(false);
  });

  it('installs dependencies only in a job without AWS access; the check job runs the bundled command', () => {
    expect(
      steps('build')
        .map((s) => s.run ?? '')
        .join('\n'),
    ).toContain('npm ci');
    expect(
      steps('build')
        .map((s) => s.run ?? '')
        .join('\n'),
    ).toContain('npx esbuild scripts/drift.ts --bundle --platform=node');
    expect(steps('build').some((s) => s.uses?.startsWith('aws-actions/'))).toBe(false);
    expect(
      steps('check')
        .map((s) => s.run ?? '')
        .join('\n'),
    ).not.toMatch(/npm (ci|install)/);
    const require = steps('check')[0];
    expect(require.run).toMatch(/if \[ -z "\$SESSION_PREFS_ROLE_NAME" \]; then[\s\S]*exit 1/);
  });

  it('runs the drift check for JSON and Markdown, keeps both, and fails the job only on errors', () => {
    const drift = steps('check').find((s) => s.id === 'drift')!;
    expect(drift.run).toContain('node drift-bin/drift.js --json --markdown drift.md');
    expect(drift.run).toContain('echo "exit=$code" >> "$GITHUB_OUTPUT"');
    expect(steps('check').find((s) => s.uses?.startsWith('actions/upload-artifact@'))!.if).toBe('always()');
    const fail = steps('check').at(-1)!;
    expect(fail.if).toBe("steps.drift.outputs.exit != '0' && steps.drift.outputs.exit != '1'");
    expect(fail.run).toContain('exit 1');
  });

  it('keeps one issue: updated or opened on drift or errors, closed when clean', () => {
    expect(workflow.jobs.issue.needs).toBe('check');
    const script = String(steps('issue').find((s) => s.uses?.startsWith('actions/github-script@'))!.with?.script);
    expect(script).toContain('labels: label');
    expect(script).toMatch(/if \(exit === '0'\) \{[\s\S]*state: 'closed'/);
    expect(script).toContain('github.rest.issues.update({ owner, repo, issue_number: current.number, title, body })');
    expect(script).toContain('github.rest.issues.create({ owner, repo, title, body, labels: [label] })');
  });
});
