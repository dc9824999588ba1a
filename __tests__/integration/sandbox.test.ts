/**
 * The README's "Try it locally" step, run as written (issue 26): `npm run sandbox` starts moto in
 * the example's account, `. .sandbox/env.sh` takes its environment, `npx cdktf deploy` applies one
 * stack unchanged against it, and `npm run sandbox -- --stop` stops it by its PID. Only the port
 * differs from a user's run (SESSION_PREFS_SANDBOX_PORT: a free one, so parallel runs don't collide).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers';
import { describeEmulator, freePort } from '../support/emulator';
import { running, sandboxFiles } from '../../src/sandbox/sandbox';

/** The shell lines of the README block after the try-it-locally marker. */
function readmeStep(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /<!-- try-it-locally[^>]*-->\n```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error('README.md has no try-it-locally block');
  return block.split('\n').filter((line) => line.trim() !== '');
}

describeEmulator('npm run sandbox (the README step)', () => {
  const files = sandboxFiles({}, ROOT);
  afterAll(() => {
    // Whatever happened, no emulator is left running and the worktree keeps no sandbox files.
    // (The README's own `--stop` removes the PID file: only a run that failed before it needs this.)
    if (existsSync(files.pidFile)) spawnSync(process.execPath, [join(ROOT, 'scripts', 'launch.cjs'), 'scripts/sandbox.ts', '--stop'], { cwd: ROOT });
    rmSync(files.dir, { recursive: true, force: true });
  });

  it('starts the emulator, deploys one stack, and stops it by its PID', async () => {
    const lines = readmeStep();
    expect(lines).toEqual(['npm run sandbox', '. .sandbox/env.sh', 'npx cdktf deploy sandbox-global --auto-approve --skip-provider-lock', 'npm run sandbox -- --stop']);
    expect(existsSync(files.pidFile)).toBe(false);
    const port = await freePort();
    // Run the lines in one shell, as a user would type them; record the PID the sandbox wrote before it stops.
    const script = [...lines.slice(0, -1), `cat ${JSON.stringify(files.pidFile)} > ${JSON.stringify(join(files.dir, 'pid-seen'))}`, lines[lines.length - 1]].join(' && \\\n');
    const run = spawnSync('bash', ['-c', script], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, SESSION_PREFS_SANDBOX_PORT: String(port), CI: '1' },
      timeout: 600_000,
    });
    if (run.status !== 0) throw new Error(`the README step failed (exit ${run.status}):\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-4000)}`);
    expect(run.stdout).toMatch(/sandbox: moto on http:\/\/127\.0\.0\.1:\d+ as account 111111111111 \(sandbox\)/);
    expect(run.stdout).toContain(`export AWS_ENDPOINT_URL='http://127.0.0.1:${port}'`);
    expect(run.stdout).toContain("export AWS_ACCESS_KEY_ID='test'");
    expect(run.stdout).toMatch(/instance_policy_arn = "?arn:aws:iam::111111111111:policy\/session-manager\/SessionManagerInstanceAccess/);
    expect(run.stdout).toContain('sandbox stopped');
    // The deployed stack's state is the sandbox's own, holding what was created in the emulator.
    const state = JSON.parse(readFileSync(join(files.stateDir, 'sandbox-global.tfstate'), 'utf8'));
    expect(state.resources.filter((r: { type: string }) => r.type === 'aws_iam_policy').length).toBeGreaterThanOrEqual(3);
    // Stopped by its PID: the process is gone and the PID file removed.
    const pid = Number(readFileSync(join(files.dir, 'pid-seen'), 'utf8'));
    expect(pid).toBeGreaterThan(0);
    expect(running(pid)).toBe(false);
    expect(existsSync(files.pidFile)).toBe(false);
  }, 660_000);
});
