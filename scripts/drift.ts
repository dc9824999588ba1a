/** `npm run drift [-- --config FILE] [--json] [--markdown FILE] [--account ID ...] [--region R ...]`: see docs/drift.md. */
import { errorStack, startCommand } from '../src/cli/command';
import { drift, DRIFT_COMMAND } from '../src/drift/cli';

void startCommand(DRIFT_COMMAND, (args) => drift(args, { stdout: process.stdout, stderr: process.stderr }), { crash: (e) => `drift: ${errorStack(e)}\n` });
