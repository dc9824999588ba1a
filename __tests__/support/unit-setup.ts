/**
 * Unit project only (jest setupFilesAfterEnv): synthesis uses a fixed stand-in for the updater
 * bundle instead of running esbuild (a child process) into dist/lambda, which two workers would
 * empty and rewrite at the same time. The real bundle is built and checked by
 * integration/lambda-bundle.test.ts and integration/updater-stack.test.ts.
 */
import { join } from 'node:path';

jest.mock('../../src/updater/bundle', () => ({
  ...jest.requireActual('../../src/updater/bundle'),
  ensureUpdaterBundle: () => join(__dirname, '..', 'fixtures', 'updater-bundle'),
}));
