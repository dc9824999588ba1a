/**
 * With SESSION_PREFS_TEST_CPU=<file> (jest setupFilesAfterEnv of both projects), appends one line
 * per test file to <file>: the file and the CPU-seconds its worker and the child processes it waited
 * for (Terraform, providers, entry points, npm) used between its first hook and its last, from
 * /proc/self/stat (Linux). The wall-time table (npm run test:times) says which files are long; this
 * says which ones cost the machine, which is what a CPU-bound run on two cores waits for.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

const out = process.env.SESSION_PREFS_TEST_CPU;

/** This process's CPU and that of its waited-for children, in clock ticks (utime, stime, cutime, cstime). */
function ticks(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 to 17 of proc(5), counted from the state field (3): indexes 11 to 14 here.
    return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  } catch {
    return undefined;
  }
}

if (out) {
  let started: number | undefined;
  beforeAll(() => {
    started = ticks();
  });
  afterAll(() => {
    const ended = ticks();
    if (started === undefined || ended === undefined) return;
    const file = relative(process.cwd(), expect.getState().testPath ?? 'unknown');
    appendFileSync(out, `${((ended - started) / 100).toFixed(1)}\t${file}\n`);
  });
}
