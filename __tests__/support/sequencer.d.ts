/** Types of sequencer.js (jest loads it as plain JavaScript from jest.config.js). */
import JestSequencer from '@jest/test-sequencer';

declare class PublishedTimesSequencer extends JestSequencer {
  /** File (relative to the repository, with /) -> published seconds. */
  published: Map<string, number>;
}
declare namespace PublishedTimesSequencer {
  /** File -> seconds, from the per-file table of a document's text. */
  function publishedSeconds(text: string): Map<string, number>;
  /** The document that publishes the table (docs/testing.md). */
  const TIMES_DOC: string;
}
export = PublishedTimesSequencer;
