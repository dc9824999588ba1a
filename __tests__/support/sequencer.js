/**
 * The order in which jest starts the test files: the longest first, in a fresh clone too.
 *
 * jest's own sequencer orders by the durations it cached in an earlier run of the same checkout
 * (its perf cache is keyed by the checkout's path) and otherwise by file size. CI runs a fresh
 * clone, so it never had durations: it started the files by size, and two of the longest
 * (production-install and cli-help, 140 s each) started after five minutes and ended the run alone.
 * This sequencer falls back to the per-file seconds that docs/testing.md publishes (the table
 * `npm run test:times` writes from a `.ci/run`'s results) when jest has no duration of its own; a
 * file in neither (a new one) starts first, as jest does with a file it has not timed.
 */
const { readFileSync } = require('node:fs');
const { join, relative, sep } = require('node:path');
const JestSequencer = require('@jest/test-sequencer').default;

/** The document whose generated table holds the published per-file seconds. */
const TIMES_DOC = join(__dirname, '..', '..', 'docs', 'testing.md');

/** A row of the per-file table: | `__tests__/x.test.ts` | tier | tests | seconds | */
const FILE_ROW = /^\| `([^`]+\.test\.ts)` \| [a-z]+ \| \d+ \| (\d+(?:\.\d+)?) \|$/gm;

/** File (relative to the repository, with /) -> published seconds, from the document's text. */
function publishedSeconds(text) {
  const seconds = new Map();
  for (const [, file, value] of text.matchAll(FILE_ROW)) seconds.set(file, Number(value));
  return seconds;
}

function readPublished() {
  try {
    return publishedSeconds(readFileSync(TIMES_DOC, 'utf8'));
  } catch {
    return new Map();
  }
}

class PublishedTimesSequencer extends JestSequencer {
  constructor(...args) {
    super(...args);
    this.published = readPublished();
  }

  /** jest's cached milliseconds of this checkout's last run, else the published seconds. */
  time(test) {
    const cached = super.time(test);
    if (cached != null) return cached;
    const file = relative(test.context.config.rootDir, test.path).split(sep).join('/');
    const seconds = this.published.get(file);
    return seconds === undefined ? undefined : seconds * 1000;
  }
}

module.exports = PublishedTimesSequencer;
module.exports.publishedSeconds = publishedSeconds;
module.exports.TIMES_DOC = TIMES_DOC;
