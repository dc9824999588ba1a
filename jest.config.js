/**
 * Two jest projects, both run by `npm test`:
 * - unit: pure builders, schema, synth assertions, SDK mocks (no child process, no Terraform);
 * - integration (__tests__/integration/): child processes, esbuild, Terraform, the AWS API emulator.
 * Run one with `npm run test:unit` or `npm run test:integration`.
 */
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  // Terraform plans are memory hungry (about 0.5 GB per provider alias): two workers at most.
  maxWorkers: 2,
  testTimeout: 300000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/__tests__'],
      setupFilesAfterEnv: [...common.setupFilesAfterEnv, '<rootDir>/__tests__/support/unit-setup.ts'],
      testMatch: ['<rootDir>/__tests__/*.test.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      roots: ['<rootDir>/__tests__/integration'],
      testMatch: ['<rootDir>/__tests__/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/__tests__/global-setup.ts',
    },
  ],
};
