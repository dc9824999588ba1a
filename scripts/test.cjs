/**
 * `npm test`: the type-check (`tsc --noEmit`), the lint (`npm run lint`: ESLint and Prettier) and
 * jest, started at the same time. Run one after the other they cost about 30 s of wall time before
 * the first test started; jest's integration tier spends much of its time waiting on the AWS
 * provider's propagation waiters, which the checks fill. Jest's output streams as it comes; each
 * check's output is printed when it ends, with its outcome. The checks run at a lower priority
 * (niceness 10), so jest, the longer, keeps the CPU it needs. Arguments go to jest
 * (`npm test -- --selectProjects unit`). Exit status: jest's when it fails, else 1 when a check
 * failed, else 0. A failed check does not stop jest: its results still tell what else broke.
 */
const { spawn } = require('node:child_process');
const os = require('node:os');
const { join } = require('node:path');
const process = require('node:process');

const ROOT = join(__dirname, '..');
const bin = (name) => join(ROOT, 'node_modules', '.bin', name);
/** Niceness of the checks (0 is normal, 19 the lowest). */
const CHECK_PRIORITY = 10;

const CHECKS = [
  { name: 'type-check (tsc --noEmit -p .)', command: bin('tsc'), args: ['--noEmit', '-p', '.'] },
  { name: 'lint (npm run lint)', command: process.platform === 'win32' ? 'npm.cmd' : 'npm', args: ['run', '-s', 'lint'] },
];

/** Runs a check with its output captured; resolves with whether it passed. */
function runCheck(check) {
  const started = Date.now();
  return new Promise((resolvePromise) => {
    const child = spawn(check.command, check.args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    // Below jest in priority (what the check starts inherits it): the checks end long before jest,
    // so they take the CPU that jest's waiting leaves, not jest's.
    try {
      if (child.pid !== undefined) os.setPriority(child.pid, CHECK_PRIORITY);
    } catch {
      // not permitted here: the check runs at normal priority
    }
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const done = (status, error) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const passed = status === 0;
      const text = output.trim();
      process.stdout.write(`\n${check.name}: ${passed ? 'passed' : `FAILED (${error ?? `exit ${status}`})`} in ${seconds} s\n${passed || text === '' ? '' : `${text}\n`}`);
      resolvePromise(passed);
    };
    child.on('error', (error) => done(null, error.message));
    child.on('close', (status) => done(status));
  });
}

function runJest(args) {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [require.resolve('jest/bin/jest'), ...args], { cwd: ROOT, stdio: 'inherit' });
    child.on('error', () => resolvePromise(1));
    child.on('close', (status, signal) => resolvePromise(status ?? (signal ? 1 : 0)));
  });
}

async function main() {
  const [checks, jest] = await Promise.all([Promise.all(CHECKS.map(runCheck)), runJest(process.argv.slice(2))]);
  const failed = CHECKS.filter((_, i) => !checks[i]).map((c) => c.name);
  if (failed.length > 0) process.stdout.write(`\nfailed: ${failed.join(', ')}\n`);
  process.exitCode = jest !== 0 ? jest : failed.length > 0 ? 1 : 0;
}

void main();
