/** `npm run workspaces [-- --dry-run] [--json] [--config FILE]`: one HCP Terraform workspace per stack (docs/hcp-terraform.md). */
import { runWorkspacesCli } from '../src/workspaces/cli';

runWorkspacesCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`workspaces: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 3;
  },
);
