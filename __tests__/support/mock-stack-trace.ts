/**
 * Runs before anything else in every test file (jest setupFiles), so that cdktf, when setup.ts
 * loads it, gets this module instead of its own.
 *
 * cdktf records where every token (Lazy, Intrinsic, computed list) was created, for error messages
 * only; the synthesized JSON never contains it. It asks for an unbounded stack trace each time, and
 * under jest every frame of it goes through the source-map support jest installs: that was most of
 * the CPU time of a synth in a test (aws-names.test.ts: 13 s -> 9 s). Here the trace is formatted
 * by V8 without source maps and holds the nearest 10 frames (V8's default depth): the bounded
 * recorder of stacks/token-stack-traces.ts (the app itself records none).
 */
jest.mock('cdktf/lib/tokens/private/stack-trace', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, when cdktf asks for the module
  const { boundedStackTrace } = require('../../stacks/token-stack-traces') as typeof import('../../stacks/token-stack-traces');
  return { captureStackTrace: boundedStackTrace };
});
