/**
 * jest.config.js's testSequencer (__tests__/support/sequencer.js): in a fresh clone, where jest has
 * no durations of its own, the files start longest first by the seconds docs/testing.md publishes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Sequencer from './support/sequencer';
import { renderTestTimes, testTimes, type JestResults } from '../src/terraform/test-times';
import { ROOT } from './helpers';

const { publishedSeconds, TIMES_DOC } = Sequencer;
type Test = Parameters<Sequencer['sort']>[0][number];

/** A test file as jest hands it to the sequencer, in a checkout at /repo without jest's cache. */
function testFile(file: string, size = 1000): Test {
  return {
    path: `/repo/${file}`,
    duration: undefined,
    context: { config: { rootDir: '/repo', cache: false, cacheDirectory: '/tmp/none', id: 'fresh-clone' }, hasteFS: { getSize: () => size } },
  } as unknown as Test;
}

const RESULTS: JestResults = {
  startTime: 0,
  testResults: [
    { name: '/repo/__tests__/integration/slow.test.ts', startTime: 0, endTime: 200_000, assertionResults: [{ title: 'a', status: 'passed' }] },
    { name: '/repo/__tests__/quick.test.ts', startTime: 0, endTime: 1_500, assertionResults: [{ title: 'b', status: 'passed' }] },
    { name: '/repo/__tests__/integration/middle.test.ts', startTime: 0, endTime: 60_000, assertionResults: [{ title: 'c', status: 'passed' }] },
  ],
};

describe('test sequencer', () => {
  it('reads back the seconds of the per-file table that npm run test:times renders', () => {
    const table = renderTestTimes(testTimes(RESULTS), { measured: 'Measured today' });
    expect(publishedSeconds(table)).toEqual(
      new Map([
        ['__tests__/integration/slow.test.ts', 200],
        ['__tests__/integration/middle.test.ts', 60],
        ['__tests__/quick.test.ts', 1.5],
      ]),
    );
  });

  it('finds the published times in docs/testing.md, the heaviest integration files among them', () => {
    expect(TIMES_DOC).toBe(join(ROOT, 'docs', 'testing.md'));
    const published = publishedSeconds(readFileSync(TIMES_DOC, 'utf8'));
    expect(published.size).toBeGreaterThan(50);
    expect(published.get('__tests__/integration/emulator-example.test.ts')).toBeGreaterThan(60);
  });

  it('starts the files longest first by the published seconds, not by size, and a file never timed first', () => {
    const sequencer = new Sequencer();
    sequencer.published = publishedSeconds(renderTestTimes(testTimes(RESULTS), { measured: 'Measured today' }));
    const files = [
      testFile('__tests__/quick.test.ts', 90_000),
      testFile('__tests__/integration/middle.test.ts', 5_000),
      testFile('__tests__/integration/new.test.ts', 10),
      testFile('__tests__/integration/slow.test.ts', 20_000),
    ];
    const order = (sequencer.sort(files) as Test[]).map((t) => t.path.replace('/repo/', ''));
    expect(order).toEqual(['__tests__/integration/new.test.ts', '__tests__/integration/slow.test.ts', '__tests__/integration/middle.test.ts', '__tests__/quick.test.ts']);
    expect(files.find((t) => t.path.endsWith('slow.test.ts'))!.duration).toBe(200_000);
  });

  it('jest.config.js uses it', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require(join(ROOT, 'jest.config.js')) as { testSequencer?: string };
    expect(config.testSequencer).toBe('<rootDir>/__tests__/support/sequencer.js');
  });
});
