/**
 * `npm run test:times`: reads jest's JSON results (default .tmp/jest-results.json, which `.ci/run`
 * writes) and rewrites the per-file and slowest-test tables of docs/testing.md between their markers.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgsOrExit, type CommandSpec } from '../src/cli/args';
import { renderTestTimes, replaceTimesBlock, testTimes, type JestResults } from '../src/terraform/test-times';

const ROOT = join(__dirname, '..');

const COMMAND: CommandSpec = {
  usage: 'npm run test:times --',
  summary: "Writes the per-file and slowest-test times of a jest run (jest's --json results) into docs/testing.md, between its test-times markers.",
  flags: [
    { name: 'doc', type: 'string', value: '<file>', description: 'Markdown file to rewrite (default: docs/testing.md)' },
    { name: 'note', type: 'string', value: '<text>', description: 'said after the date, e.g. "load average 2.1"' },
  ],
  positionals: { name: '[results.json]', description: "jest's JSON results (default: .tmp/jest-results.json, written by .ci/run)" },
  details: ['Exit status: 0 written; 1 unreadable results or no markers in the document; 2 usage error.'],
};

const { flags, positionals } = parseArgsOrExit(COMMAND, process.argv.slice(2));
const doc = (flags.doc as string | undefined) ?? join(ROOT, 'docs', 'testing.md');
const note = flags.note as string | undefined;
const resultsFile = positionals[0] ?? join(ROOT, '.tmp', 'jest-results.json');

const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as JestResults;
const day = new Date(results.startTime || statSync(resultsFile).mtimeMs).toISOString().slice(0, 10);
const measured = `Measured ${day}${note ? ` (${note})` : ''}`;
writeFileSync(doc, replaceTimesBlock(readFileSync(doc, 'utf8'), renderTestTimes(testTimes(results), { measured })));
process.stdout.write(`${doc}: times of ${results.testResults.length} test files written\n`);
