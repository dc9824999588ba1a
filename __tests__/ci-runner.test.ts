/** The batch runner's Terraform sequence, parallelism and bookkeeping, with a fake `terraform`. */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { planArgs, runBatch, type ExecResult, type TerraformExec } from '../src/ci/runner';
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
      return ok(JSON.stringify({ resource_changes: (plans[stack] ?? []).map((a) => ({ address: `aws_ssm_document.${a}`, mode: 'managed', change: { actions: ['update'] } })) }));
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
});
