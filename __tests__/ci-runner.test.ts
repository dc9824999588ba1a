/** The batch runner's Terraform sequence, parallelism and bookkeeping, with a fake `terraform`. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { planArgs, planFileOf, runBatch, staleMessage, type ExecResult, type TerraformExec } from '../src/ci/runner';
import { tempDir } from './helpers';

interface Call {
  readonly stack: string;
  readonly args: readonly string[];
}

/** A fake terraform: plans from `plans` by stack, failures by `fail[stack] = subcommand`; records calls and peak concurrency. */
function fakeTerraform(plans: Record<string, string[]>, fail: Record<string, string> = {}) {
  const calls: Call[] = [];
  let running = 0;
  let peak = 0;
  const exec: TerraformExec = async (cwd, args) => {
    const stack = basename(cwd);
    calls.push({ stack, args });
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, 2));
    running--;
    const ok = (stdout = ''): ExecResult => ({ status: 0, stdout, stderr: '' });
    if (fail[stack] === args[0]) return { status: 1, stdout: '', stderr: `Error: ${args[0]} broke for ${stack}` };
    if (args[0] === 'show' && args[1] === '-json') {
      return ok(
        JSON.stringify({
          resource_changes: (plans[stack] ?? []).map((a) => ({
            address: `aws_ssm_document.${a}`,
            mode: 'managed',
            type: 'aws_ssm_document',
            name: a,
            change: { actions: ['update'] },
          })),
        }),
      );
    }
    if (args[0] === 'show') return ok(`Terraform will perform the following actions (${stack})`);
    return ok();
  };
  return { exec, calls, peak: () => peak };
}

const options = (exec: TerraformExec, mode: 'plan' | 'apply', parallelism = 2) => ({
  mode,
  stacksDir: '/nonexistent/stacks',
  outDir: tempDir('ci-results-'),
  parallelism,
  exec,
});

describe('CI batch runner', () => {
  it('plans every stack (init, plan without lock, show -json, show) two at a time and writes each result', async () => {
    const tf = fakeTerraform({ b: ['doc1', 'doc2'] });
    const opts = options(tf.exec, 'plan');
    const results = await runBatch(['a', 'b', 'c', 'd'], opts);
    expect(results.map((r) => [r.stack, r.status, r.changes.length])).toEqual([
      ['a', 'planned', 0],
      ['b', 'planned', 2],
      ['c', 'planned', 0],
      ['d', 'planned', 0],
    ]);
    expect(tf.peak()).toBe(2);
    // The first init runs alone (it fills the provider cache), then is not repeated.
    expect(tf.calls[0]).toEqual({ stack: 'a', args: ['init', '-input=false', '-no-color'] });
    expect(
      tf.calls
        .filter((c) => c.args[0] === 'init')
        .map((c) => c.stack)
        .sort(),
    ).toEqual(['a', 'b', 'c', 'd']);
    expect(tf.calls.filter((c) => c.stack === 'b').map((c) => c.args.join(' '))).toEqual([
      'init -input=false -no-color',
      'plan -input=false -no-color -lock=false -out=tfplan',
      'show -json tfplan',
      'show -no-color tfplan',
    ]);
    expect(tf.calls.some((c) => c.args[0] === 'apply')).toBe(false);
    expect(JSON.parse(readFileSync(join(opts.outDir, 'b.json'), 'utf8')).counts.change).toBe(2);
    expect(readFileSync(join(opts.outDir, 'b.plan.txt'), 'utf8')).toContain('(b)');
  });

  it('deploys stack by stack: applies the saved plan only where it changes something, and carries on after a failure', async () => {
    const tf = fakeTerraform({ a: ['x'], b: ['y'], c: [] }, { b: 'apply' });
    const opts = options(tf.exec, 'apply', 1);
    const results = await runBatch(['a', 'b', 'c'], opts);
    expect(results.map((r) => r.status)).toEqual(['applied', 'failed', 'applied']);
    expect(results[1].error).toContain('terraform apply failed (exit 1):\nError: apply broke for b');
    expect(results[1].changes.map((c) => c.address)).toEqual(['aws_ssm_document.y']);
    expect(tf.calls.filter((c) => c.args[0] === 'apply').map((c) => [c.stack, c.args.join(' ')])).toEqual([
      ['a', 'apply -input=false -no-color -auto-approve tfplan'],
      ['b', 'apply -input=false -no-color -auto-approve tfplan'],
    ]);
    expect(tf.peak()).toBe(1);
    expect(planArgs('apply')).toContain('-lock-timeout=10m');
  });

  it("records a failed init or plan as a failed stack with Terraform's error, without stopping the batch", async () => {
    const tf = fakeTerraform({}, { a: 'init', b: 'plan' });
    const opts = options(tf.exec, 'plan');
    const results = await runBatch(['a', 'b', 'c'], opts);
    expect(results.map((r) => r.status)).toEqual(['failed', 'failed', 'planned']);
    expect(results[0].error).toContain('terraform init failed');
    expect(results[1].error).toContain('Error: plan broke for b');
    expect(existsSync(join(opts.outDir, 'a.json'))).toBe(true);
  });

  describe('saved plans (the deploy applies what was reviewed)', () => {
    /** Stack directories on disk: the fake plan writes tfplan there, as terraform does. */
    function onDisk(stacks: readonly string[]) {
      const stacksDir = tempDir('ci-stacks-');
      for (const s of stacks) mkdirSync(join(stacksDir, s));
      return stacksDir;
    }

    it('plan mode saves each plan as <stack>.tfplan, and writes its review', async () => {
      const tf = fakeTerraform({ a: ['x'] });
      const stacksDir = onDisk(['a', 'b']);
      const exec: TerraformExec = async (cwd, args) => {
        if (args[0] === 'plan') writeFileSync(join(cwd, 'tfplan'), `plan of ${basename(cwd)}`);
        if (args[0] === 'show' && args[1] === '-json' && basename(cwd) === 'a') {
          const change = { actions: ['update'], before: { description: 'old', policy: null }, after: { description: 'new', policy: null }, after_unknown: {} };
          return {
            status: 0,
            stdout: JSON.stringify({
              resource_changes: [{ address: 'aws_kms_key.us-east-1_logs-key_53F0547D', mode: 'managed', type: 'aws_kms_key', name: 'us-east-1_logs-key_53F0547D', change }],
            }),
            stderr: '',
          };
        }
        return tf.exec(cwd, args);
      };
      const plansDir = join(tempDir('ci-plans-'), 'plans');
      const opts = { ...options(exec, 'plan'), stacksDir, plansDir };
      await runBatch(['a', 'b'], opts);
      expect(readFileSync(join(plansDir, planFileOf('a')), 'utf8')).toBe('plan of a');
      expect(readFileSync(join(plansDir, planFileOf('b')), 'utf8')).toBe('plan of b');
      expect(JSON.parse(readFileSync(join(opts.outDir, 'a.review.json'), 'utf8'))).toEqual([
        expect.objectContaining({
          stack: 'a',
          region: 'us-east-1',
          resources: [{ resource: 'aws_kms_key logs-key', action: 'update', attributes: [{ name: 'description', before: '"old"', after: '"new"' }] }],
        }),
      ]);
    });

    it('apply mode applies the saved plan file as it is, never plans, and skips plans without changes', async () => {
      const tf = fakeTerraform({ a: ['x'], b: [] });
      const plansDir = tempDir('ci-plans-');
      for (const s of ['a', 'b']) writeFileSync(join(plansDir, planFileOf(s)), 'saved');
      const results = await runBatch(['a', 'b'], { ...options(tf.exec, 'apply'), plansDir });
      expect(results.map((r) => [r.stack, r.status, r.changes.length])).toEqual([
        ['a', 'applied', 1],
        ['b', 'applied', 0],
      ]);
      expect(tf.calls.some((c) => c.args[0] === 'plan')).toBe(false);
      expect(tf.calls.filter((c) => c.args[0] !== 'init').map((c) => [c.stack, c.args.join(' ')])).toEqual([
        ['a', `show -json ${join(plansDir, 'a.tfplan')}`],
        ['a', `apply -input=false -no-color ${join(plansDir, 'a.tfplan')}`],
        ['b', `show -json ${join(plansDir, 'b.tfplan')}`],
      ]);
    });

    it('a stale plan fails with the message to re-run; a missing one fails too', async () => {
      const tf = fakeTerraform({ a: ['x'] });
      const exec: TerraformExec = async (cwd, args) =>
        args[0] === 'apply'
          ? {
              status: 1,
              stdout: '',
              stderr: 'Error: Saved plan is stale\n\nThe given plan file can no longer be applied because the state was changed by another operation after the plan was created.',
            }
          : tf.exec(cwd, args);
      const plansDir = tempDir('ci-plans-');
      writeFileSync(join(plansDir, planFileOf('a')), 'saved');
      const [stale, missing] = await runBatch(['a', 'b'], { ...options(exec, 'apply', 1), plansDir });
      expect(stale.status).toBe('failed');
      expect(stale.error).toContain('Error: Saved plan is stale');
      expect(stale.error!.endsWith(staleMessage('a'))).toBe(true);
      expect(staleMessage('a')).toMatch(/Nothing was applied to this stack\. Re-run the whole deploy workflow/);
      expect(stale.changes.map((c) => c.address)).toEqual(['aws_ssm_document.x']);
      expect(missing.status).toBe('failed');
      expect(missing.error).toMatch(/no saved plan .*b\.tfplan: the plan job did not plan b/);
    });
  });
});
