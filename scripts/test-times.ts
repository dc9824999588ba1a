/**
 * `npm run test:times`: reads jest's JSON results (default .tmp/jest-results.json, which `.ci/run`
 * writes) and rewrites the per-file and slowest-test tables of docs/testing.md between their markers.
 * Usage: npm run test:times -- [RESULTS_JSON] [--doc docs/testing.md] [--note "load average 2.1"]
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderTestTimes, replaceTimesBlock, testTimes, type JestResults } from '../src/terraform/test-times';

const ROOT = join(__dirname, '..');
const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = argv.indexOf(name);
  return at === -1 ? undefined : argv.splice(at, 2)[1];
};
const doc = option('--doc') ?? join(ROOT, 'docs', 'testing.md');
const note = option('--note');
const resultsFile = argv[0] ?? join(ROOT, '.tmp', 'jest-results.json');

const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as JestResults;
const day = new Date(results.startTime || statSync(resultsFile).mtimeMs).toISOString().slice(0, 10);
const measured = `Measured ${day}${note ? ` (${note})` : ''}`;
writeFileSync(doc, replaceTimesBlock(readFileSync(doc, 'utf8'), renderTestTimes(testTimes(results), { measured })));
process.stdout.write(`${doc}: times of ${results.testResults.length} test files written\n`);
