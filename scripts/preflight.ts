/**
 * `npm run preflight -- [--config FILE] [--json] [--write] [--account ID] [--region R] [--concurrency N] [--quiet]`
 * Read-only check of every account and Region before the first apply; see docs/preflight.md.
 * Exit status: 0 nothing blocks an apply, 1 an apply would fail (or an invalid configuration), 2 usage error, 3 incomplete.
 */
import { errorStack, startCommand } from '../src/cli/command';
import { PREFLIGHT_COMMAND } from '../src/preflight/command-spec';

void startCommand(
  PREFLIGHT_COMMAND,
  async (args) => {
    // The work loads only now: --help and usage errors answer without the AWS SDK, cdktf and the configuration loader.
    const [{ runPreflight }, { expectedResources }] = await Promise.all([import('../src/preflight/preflight'), import('../stacks/expected-resources')]);
    return runPreflight(args, { stdout: process.stdout, stderr: process.stderr, expectedResources });
  },
  { crash: (e) => `preflight: ${errorStack(e)}\n` },
);
