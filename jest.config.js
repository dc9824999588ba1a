/**
 * Two jest projects, both run by `npm test`:
 * - unit: pure builders, schema, synth assertions, SDK mocks (no child process, no Terraform);
 * - integration (__tests__/integration/): child processes, esbuild, Terraform, the AWS API emulator.
 * Run one with `npm run test:unit` or `npm run test:integration`.
 *
 * Unit project wall time (`npx jest --selectProjects unit`, 2 workers on 2 cores, load average
 * 2-4, measured 2026-12-02): warm cache 18.5 s, cold cache (--no-cache) 19.2 s; it was 24.0 s and
 * 30.9 s. What made it cheaper: cdktf's token creation stacks without source maps
 * (__tests__/support/mock-stack-trace.ts), a stand-in updater bundle instead of esbuild in every
 * file that synthesizes a Lambda Region (__tests__/support/unit-setup.ts), and esbuild instead of
 * ts-jest to strip the types (__tests__/support/esbuild-transform.js: cold 25.0 s -> 19.2 s).
 * `npm test` runs tsc and lint beside jest (scripts/test.cjs). `npm run test:unit` uses two workers
 * (2026-12-07, 1,847 tests: 20.9 s; 30.3 s at the five workers below, each worker compiling every
 * module again). Then a light per-file setup (__tests__/setup.ts) and each module compiled once per
 * worker (the `runtime` below): 22.8 -> 17.8 s, 43 -> 34 CPU-s (1,859 tests, docs/testing.md).
 */
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': '<rootDir>/__tests__/support/esbuild-transform.js' },
  setupFiles: ['<rootDir>/__tests__/support/mock-stack-trace.ts'],
  // cdktf loads archiver (about 80 ms) in every test file; it is needed only when an asset is zipped.
  moduleNameMapper: { '^archiver$': '<rootDir>/__tests__/support/archiver-lazy.js' },
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  // Each module compiled once per worker, not once per test file (evaluated afresh in each file).
  runtime: '<rootDir>/__tests__/support/shared-compile-runtime.js',
};

/** @type {import('jest').Config} */
module.exports = {
  // Five workers on 2 cores: the emulator tier spends most of its time in the AWS provider's
  // propagation waiters (an S3 lifecycle configuration about 45 s, a KMS key about 12 s), so more
  // files than cores overlap their waits. Fresh-clone .ci/run: 3 workers 484 s wall at 145 % CPU,
  // 5 workers 351 s at 181 % (2026-12-07, after the schema cut and the entry-point bundles). Memory:
  // about 0.5 GB per provider alias during a plan; the run's peak process was 1.3 GB.
  maxWorkers: 5,
  // Longest files first, from the times docs/testing.md publishes when jest has none (a fresh clone).
  testSequencer: '<rootDir>/__tests__/support/sequencer.js',
  testTimeout: 300000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/__tests__'],
      setupFilesAfterEnv: [...common.setupFilesAfterEnv, '<rootDir>/__tests__/support/unit-setup.ts', '<rootDir>/__tests__/support/file-cpu.ts'],
      testMatch: ['<rootDir>/__tests__/*.test.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      roots: ['<rootDir>/__tests__/integration'],
      testMatch: ['<rootDir>/__tests__/integration/**/*.test.ts'],
      // Stops the provider processes a file kept for its next Terraform command (src/terraform/offline.ts).
      setupFilesAfterEnv: [...common.setupFilesAfterEnv, '<rootDir>/__tests__/support/integration-setup.ts', '<rootDir>/__tests__/support/file-cpu.ts'],
      // One emulator for the whole run (and the plugin cache filled once): see docs/testing.md.
      globalSetup: '<rootDir>/__tests__/global-setup.ts',
      globalTeardown: '<rootDir>/__tests__/global-teardown.ts',
    },
  ],
};
