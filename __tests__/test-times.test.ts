import { TIMES_BEGIN, TIMES_END, renderTestTimes, replaceTimesBlock, testTimes, type JestResults } from '../src/terraform/test-times';

const RESULTS: JestResults = {
  startTime: 1_000_000,
  testResults: [
    {
      name: '/repo/__tests__/config.test.ts',
      startTime: 1_000_000,
      endTime: 1_002_340,
      assertionResults: [
        { title: 'loads', fullName: 'config loads', duration: 120, status: 'passed' },
        { title: 'rejects | pipes', fullName: 'config rejects | pipes', duration: 2010, status: 'passed' },
      ],
    },
    {
      name: '/repo/__tests__/integration/emulator-example.test.ts',
      startTime: 1_000_500,
      endTime: 1_090_500,
      assertionResults: [{ title: 'applies', fullName: 'the example applies', duration: 61_449, status: 'passed' }],
    },
    {
      name: '/repo/__tests__/integration/cli.test.ts',
      startTime: 1_002_340,
      endTime: 1_004_000,
      assertionResults: [{ title: 'todo', fullName: 'cli todo', duration: null, status: 'todo' }],
    },
  ],
};

describe('test times from jest JSON results', () => {
  it('orders files and tests slowest first, with repository-relative paths, tiers and seconds to a tenth', () => {
    const times = testTimes(RESULTS);
    expect(times.wallSeconds).toBe(90.5);
    expect(times.files).toEqual([
      { file: '__tests__/integration/emulator-example.test.ts', tier: 'integration', tests: 1, seconds: 90 },
      { file: '__tests__/config.test.ts', tier: 'unit', tests: 2, seconds: 2.3 },
      { file: '__tests__/integration/cli.test.ts', tier: 'integration', tests: 1, seconds: 1.7 },
    ]);
    expect(times.tests.map((t) => [t.test, t.seconds])).toEqual([
      ['the example applies', 61.4],
      ['config rejects | pipes', 2],
      ['config loads', 0.1],
      ['cli todo', 0],
    ]);
  });

  it('renders a summary, the file table and the slowest tests between the markers, escaping pipes', () => {
    const block = renderTestTimes(testTimes(RESULTS), { measured: 'Measured 2026-12-06 (load 2.0)', slowest: 2 });
    const lines = block.trimEnd().split('\n');
    expect(lines[0]).toBe(TIMES_BEGIN);
    expect(lines[lines.length - 1]).toBe(TIMES_END);
    expect(lines[1]).toBe(
      'Measured 2026-12-06 (load 2.0): jest wall 90.5 s; 3 files, 4 tests; unit files 2.3 s summed over 1 files, integration files 91.7 s summed over 2 files (jest runs several files at a time, so the sums exceed the wall time).',
    );
    expect(lines).toContain('| `__tests__/integration/emulator-example.test.ts` | integration | 1 | 90.0 |');
    expect(lines).toContain('Slowest 2 tests:');
    expect(lines).toContain('| config rejects \\| pipes | `__tests__/config.test.ts` | 2.0 |');
    expect(lines).not.toContain('| config loads | `__tests__/config.test.ts` | 0.1 |');
  });

  it('replaces only the block between the markers, and says so when they are missing', () => {
    const doc = `# Testing\n\nbefore\n\n${TIMES_BEGIN}\nold table\n${TIMES_END}\n\nafter\n`;
    expect(replaceTimesBlock(doc, `${TIMES_BEGIN}\nnew\n${TIMES_END}\n`)).toBe(`# Testing\n\nbefore\n\n${TIMES_BEGIN}\nnew\n${TIMES_END}\n\nafter\n`);
    expect(() => replaceTimesBlock('# Testing\n', 'x')).toThrow(`the document has no "${TIMES_BEGIN}"`);
  });
});
