/**
 * `npm run preflight -- [--config FILE] [--json] [--write] [--account ID] [--region R] [--concurrency N] [--quiet]`
 * Read-only check of every account and Region before the first apply; see docs/preflight.md.
 * Exit status: 0 nothing blocks an apply, 2 an apply would fail, 1 errors.
 */
import { preflight } from '../src/preflight/preflight';
import { expectedResources } from '../stacks/expected-resources';

preflight(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, expectedResources }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`preflight: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
