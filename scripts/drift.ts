/** `npm run drift [-- --config FILE] [--json] [--markdown FILE] [--account ID ...] [--region R ...]`: see docs/drift.md. */
import { errorStack, startCommand } from '../src/cli/command';
import { DRIFT_COMMAND } from '../src/drift/command-spec';

void startCommand(
  DRIFT_COMMAND,
  async (args) => {
    // The work loads only now: --help and usage errors answer without the AWS SDK and the configuration loader.
    const { drift } = await import('../src/drift/cli');
    return drift(args, { stdout: process.stdout, stderr: process.stderr });
  },
  { crash: (e) => `drift: ${errorStack(e)}\n` },
);
