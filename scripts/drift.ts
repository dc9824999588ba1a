/** `npm run drift [-- --config FILE] [--json] [--markdown FILE] [--account ID ...] [--region R ...]`: see docs/drift.md. */
import { runDriftCli } from '../src/drift/cli';

runDriftCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`drift: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
