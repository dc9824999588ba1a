/**
 * `npm run test:times`: reads jest's JSON results (default .tmp/jest-results.json, which `.ci/run`
 * writes) and rewrites the per-file and slowest-test tables of docs/testing.md between their markers.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCommand } from '../src/cli/command';
import { TEST_TIMES_COMMAND } from '../src/cli/commands';
import type { JestResults } from '../src/terraform/test-times';

const ROOT = join(__dirname, '..');
void startCommand(TEST_TIMES_COMMAND, async ({ flags, positionals }) => {
  // The work loads only now: --help and usage errors answer without it.
  const { renderTestTimes, replaceTimesBlock, testTimes } = await import('../src/terraform/test-times');
  const doc = typeof flags.doc === 'string' ? flags.doc : join(ROOT, 'docs', 'testing.md');
  const note = typeof flags.note === 'string' ? flags.note : undefined;
  const resultsFile = positionals[0] ?? join(ROOT, '.tmp', 'jest-results.json');

  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as JestResults;
  const day = new Date(results.startTime || statSync(resultsFile).mtimeMs).toISOString().slice(0, 10);
  const measured = `Measured ${day}${note ? ` (${note})` : ''}`;
  writeFileSync(doc, replaceTimesBlock(readFileSync(doc, 'utf8'), renderTestTimes(testTimes(results), { measured })));
  process.stdout.write(`${doc}: times of ${results.testResults.length} test files written\n`);
});
