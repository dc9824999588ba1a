/**
 * cdktf records where every token (Lazy, Intrinsic, reference) was created, for its error messages
 * only: the synthesized JSON never contains it. Its own recorder asks V8 for an unbounded stack
 * trace each time, and under tsx (or jest) every frame goes through Node's source-map support: for
 * 50 accounts × 17 Regions that was about a third of the CPU time of a synth. The app records none
 * (addStacks() calls turnOffTokenStackTraces()). The bounded recorder keeps the nearest 10 frames
 * (V8's default depth) formatted without source maps, naming the compiled files and lines: the unit
 * tests use it (__tests__/support/mock-stack-trace.ts), and SESSION_PREFS_TOKEN_STACK_TRACES=1
 * gives it to the app. This module imports nothing, so that a jest module factory can load it before cdktf.
 */

/** The nearest 10 frames of the current stack, below `below`, as `at`-less lines. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- cdktf's own signature
export function boundedStackTrace(below?: Function): string[] {
  const object = { stack: '' };
  const [prepare, limit] = [Error.prepareStackTrace, Error.stackTraceLimit];
  Error.prepareStackTrace = (_error, frames) => frames.map((frame) => String(frame)).join('\n');
  Error.stackTraceLimit = 10;
  try {
    Error.captureStackTrace(object, below ?? boundedStackTrace);
    return object.stack === '' ? [] : object.stack.split('\n');
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}

/** Environment variable that brings the token creation stacks back (`=1`), for an error message that names a token. */
export const TOKEN_STACK_TRACES_ENV = 'SESSION_PREFS_TOKEN_STACK_TRACES';

/** The recorder of the app: records nothing (cdktf then prints no "Object creation stack"). */
const noStackTrace = (): string[] => [];

/**
 * Turns cdktf's token creation stacks off (idempotent), unless SESSION_PREFS_TOKEN_STACK_TRACES=1
 * asks for them: then they are recorded with boundedStackTrace. cdktf looks the recorder up on its
 * module at every call, so replacing the export is enough.
 */
export function turnOffTokenStackTraces(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- cdktf's private module, patched in place
  const recorder = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: typeof boundedStackTrace };
  recorder.captureStackTrace = process.env[TOKEN_STACK_TRACES_ENV] === '1' ? boundedStackTrace : noStackTrace;
}
