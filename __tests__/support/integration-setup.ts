/**
 * Runs after each integration test file (jest.config.js setupFilesAfterEnv of the integration
 * project): the provider proxies and AWS provider processes kept for a work directory's next
 * command (src/terraform/offline.ts closeProviderPool) are stopped with the file that used them.
 */
import { closeProviderPool } from '../../src/terraform/offline';

afterAll(async () => {
  await closeProviderPool();
});
