/**
 * Per-file and per-test times from jest's JSON results (`jest --json --outputFile=...`, which
 * `.ci/run` writes to .tmp/jest-results.json), rendered as Markdown for docs/testing.md between
 * two markers, so the next slowdown of the suite is visible in review. Pure functions: the script
 * scripts/test-times.ts reads and writes the files.
 */

/** The fields of jest's JSON results that the table reads. */
export interface JestResults {
  readonly startTime: number;
  readonly numTotalTests?: number;
  readonly testResults: readonly {
    readonly name: string;
    readonly startTime: number;
    readonly endTime: number;
    readonly status?: string;
    readonly assertionResults: readonly { readonly fullName?: string; readonly title: string; readonly duration?: number | null; readonly status: string }[];
  }[];
}

/** Time of one test file. */
export interface FileTime {
  /** Path relative to the repository root. */
  readonly file: string;
  /** `unit` or `integration` (by directory, as jest.config.js splits them). */
  readonly tier: 'unit' | 'integration';
  readonly tests: number;
  /** Wall seconds of the file in its worker, setup included. */
  readonly seconds: number;
}

/** Time of one test. */
export interface TestTime {
  readonly file: string;
  readonly test: string;
  readonly seconds: number;
}

/** What the table shows. */
export interface TestTimes {
  /** Wall seconds from the run's start to the last file's end. */
  readonly wallSeconds: number;
  /** Files, slowest first. */
  readonly files: readonly FileTime[];
  /** Tests, slowest first. */
  readonly tests: readonly TestTime[];
}

/** First line and last line of the generated block in a Markdown file. */
export const TIMES_BEGIN = '<!-- test-times:begin (npm run test:times) -->';
export const TIMES_END = '<!-- test-times:end -->';

const round1 = (s: number) => Math.round(s * 10) / 10;

/** The repository-relative path of `name` (jest reports absolute paths): from `__tests__/` on. */
function relativeTestPath(name: string): string {
  const at = name.replace(/\\/g, '/').lastIndexOf('/__tests__/');
  return at === -1 ? name : name.slice(at + 1);
}

/** Files and tests of a jest run, slowest first (ties by name, so the output is stable). */
export function testTimes(results: JestResults): TestTimes {
  const files: FileTime[] = results.testResults.map((r) => {
    const file = relativeTestPath(r.name);
    return { file, tier: file.includes('/integration/') ? 'integration' : 'unit', tests: r.assertionResults.length, seconds: round1((r.endTime - r.startTime) / 1000) };
  });
  const tests: TestTime[] = results.testResults.flatMap((r) =>
    r.assertionResults.map((a) => ({ file: relativeTestPath(r.name), test: a.fullName ?? a.title, seconds: round1((a.duration ?? 0) / 1000) })),
  );
  const end = Math.max(results.startTime, ...results.testResults.map((r) => r.endTime));
  const bySeconds =
    <T extends { seconds: number }>(key: (x: T) => string) =>
    (a: T, b: T) =>
      b.seconds - a.seconds || key(a).localeCompare(key(b));
  return {
    wallSeconds: round1((end - results.startTime) / 1000),
    files: files.sort(bySeconds((f) => f.file)),
    tests: tests.sort(bySeconds((t) => `${t.file} ${t.test}`)),
  };
}

/** Escapes a table cell (pipes, newlines). */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

/** The Markdown block: a summary line, the table of files per tier and the `slowest` slowest tests. */
export function renderTestTimes(times: TestTimes, options: { readonly measured: string; readonly slowest?: number }): string {
  const slowest = options.slowest ?? 15;
  const sum = (tier: FileTime['tier']) => round1(times.files.filter((f) => f.tier === tier).reduce((s, f) => s + f.seconds, 0));
  const count = (tier: FileTime['tier']) => times.files.filter((f) => f.tier === tier).length;
  const lines = [
    TIMES_BEGIN,
    `${options.measured}: jest wall ${times.wallSeconds} s; ${times.files.length} files, ${times.tests.length} tests;` +
      ` unit files ${sum('unit')} s summed over ${count('unit')} files, integration files ${sum('integration')} s summed over ${count('integration')} files` +
      ' (jest runs several files at a time, so the sums exceed the wall time).',
    '',
    '| file | tier | tests | seconds |',
    '| --- | --- | ---: | ---: |',
    ...times.files.map((f) => `| \`${f.file}\` | ${f.tier} | ${f.tests} | ${f.seconds.toFixed(1)} |`),
    '',
    `Slowest ${Math.min(slowest, times.tests.length)} tests:`,
    '',
    '| test | file | seconds |',
    '| --- | --- | ---: |',
    ...times.tests.slice(0, slowest).map((t) => `| ${cell(t.test)} | \`${t.file}\` | ${t.seconds.toFixed(1)} |`),
    TIMES_END,
  ];
  return `${lines.join('\n')}\n`;
}

/** `doc` with the text between the markers (markers included) replaced by `block`; throws when the markers are missing. */
export function replaceTimesBlock(doc: string, block: string): string {
  const begin = doc.indexOf(TIMES_BEGIN);
  const end = doc.indexOf(TIMES_END);
  if (begin === -1 || end === -1 || end < begin) throw new Error(`the document has no "${TIMES_BEGIN}" ... "${TIMES_END}" block to replace`);
  const after = doc.slice(end + TIMES_END.length).replace(/^\n/, '');
  return `${doc.slice(0, begin)}${block}${after}`;
}
