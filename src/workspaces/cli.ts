/**
 * `npm run workspaces [-- --dry-run] [--json] [--config FILE] [--concurrency N]`: one HCP Terraform
 * workspace per stack (docs/hcp-terraform.md). This file wires the command line, the configuration
 * and the token to src/workspaces/run.ts.
 */
import { CONFIG_FLAG, UsageError, usageErrorText } from '../cli/args';
import { parseCommand } from '../cli/command';
import { configPath } from '../cli/config-file';
import { terraformTokenVariable } from '../cli/terraform-token';
import { EXIT } from '../aws/runner';
import type { ProgressStream } from '../aws/progress';
import { ConfigError, loadConfig } from '../config/load';
import type { Model } from '../model/model';
import { desiredWorkspaces } from './plan';
import { renderWorkspacesReport, runWorkspaces } from './run';
import { WORKSPACES_COMMAND } from './command-spec';

export { WORKSPACES_COMMAND };

/** What the command needs from outside (tests pass a stub server's URL and buffers). */
export interface WorkspacesCliDeps {
  readonly stdout: ProgressStream;
  readonly stderr: ProgressStream;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The model instead of reading `--config` (tests). */
  readonly model?: Model;
  /** The API's base URL instead of `https://<hostname>/api/v2` (tests). */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Runs the command with `argv` (the arguments after `--`); returns the exit status. */
export async function runWorkspacesCli(argv: readonly string[], deps: WorkspacesCliDeps): Promise<number> {
  const env = deps.env ?? process.env;
  const parsed = parseCommand(WORKSPACES_COMMAND, argv, deps);
  if (typeof parsed === 'number') return parsed;
  const flags = parsed.flags;
  const raw = (flags.concurrency as string | undefined) ?? '4';
  const concurrency = Number(raw);
  if (!/^\d+$/.test(raw) || concurrency < 1 || concurrency > 16) {
    deps.stderr.write(usageErrorText(WORKSPACES_COMMAND, new UsageError(`--concurrency ${raw}: must be a whole number from 1 to 16`)));
    return EXIT.usage;
  }

  let model: Model;
  try {
    model = deps.model ?? loadConfig(configPath(argv));
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    deps.stderr.write(`${e.message}\n`);
    return EXIT.findings;
  }
  const backend = model.backend;
  if (backend.type !== 'cloud') {
    deps.stderr.write(
      `workspaces: the configuration (--${CONFIG_FLAG.name} ${configPath(argv)}) uses the local backend: there are no HCP Terraform workspaces to manage. Set backend.type: cloud with backend.organization (docs/hcp-terraform.md).\n`,
    );
    return EXIT.findings;
  }
  const tokenVariable = terraformTokenVariable(backend.hostname);
  const token = env[tokenVariable] || env.TF_API_TOKEN;
  if (token === undefined || token === '') {
    deps.stderr.write(
      `workspaces: no token for ${backend.hostname}: set ${tokenVariable} (or TF_API_TOKEN) to a team API token with access to the workspaces of ` +
        `${backend.project ? `the project "${backend.project}"` : `the organization "${backend.organization}"`}, or to the organization token (docs/hcp-terraform.md). Nothing was read.\n`,
    );
    return EXIT.error;
  }

  const result = await runWorkspaces({
    baseUrl: deps.baseUrl ?? `https://${backend.hostname}/api/v2`,
    token,
    tokenVariable,
    organization: backend.organization,
    hostname: backend.hostname,
    ...(backend.project !== undefined ? { project: backend.project } : {}),
    prefix: backend.workspacePrefix,
    desired: desiredWorkspaces(model),
    dryRun: flags['dry-run'] === true,
    concurrency,
    progress: deps.stderr,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
  deps.stdout.write(flags.json === true ? `${JSON.stringify(result, null, 2)}\n` : renderWorkspacesReport(result));
  return result.exitCode;
}
