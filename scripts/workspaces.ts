/** `npm run workspaces [-- --dry-run] [--json] [--config FILE]`: one HCP Terraform workspace per stack (docs/hcp-terraform.md). */
import { parseCommand } from '../src/cli/command';
import { WORKSPACES_COMMAND } from '../src/workspaces/command-spec';

async function main(argv: readonly string[]): Promise<number> {
  const io = { stdout: process.stdout, stderr: process.stderr };
  // --help and usage errors answer from the spec alone; the command (which parses the same
  // arguments again, silently now) loads only after.
  const parsed = parseCommand(WORKSPACES_COMMAND, argv, io);
  if (typeof parsed === 'number') return parsed;
  const { runWorkspacesCli } = await import('../src/workspaces/cli');
  return runWorkspacesCli(argv, io);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`workspaces: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 3;
  },
);
