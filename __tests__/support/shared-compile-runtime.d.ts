/** Types of shared-compile-runtime.js (jest loads it as plain JavaScript through jest.config.js's `runtime`). */
import JestRuntime from 'jest-runtime';

declare class SharedCompileRuntime extends JestRuntime {
  /** How many scripts this worker compiled and how many it reused. */
  static stats(): { compiled: number; reused: number };
}
export = SharedCompileRuntime;
