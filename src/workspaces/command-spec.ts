/**
 * The command line of `npm run workspaces` (what `--help` prints), apart from the command (cli.ts,
 * which re-exports it): the entry point's `--help` and usage errors load neither the configuration
 * loader nor the API client.
 */
import { CONFIG_FLAG, JSON_FLAG, type CommandSpec } from '../cli/args';

/** The command line of `npm run workspaces`. */
export const WORKSPACES_COMMAND: CommandSpec = {
  usage: 'npm run workspaces --',
  summary:
    'Creates or updates one HCP Terraform workspace per stack of the configuration (backend.type cloud) through the HCP Terraform API: ' +
    "named <workspacePrefix><stack>, in the Local execution mode the deploy workflow needs, in backend.project, with this project's tags. " +
    'Idempotent: only what differs is changed, tags are only added, and no workspace is ever deleted (one no stack uses is reported, with whether it holds state).',
  flags: [
    CONFIG_FLAG,
    { name: 'dry-run', type: 'boolean', description: 'read the workspaces and print what would be done; send no write request' },
    { name: 'concurrency', type: 'string', value: '<n>', description: 'workspaces written at once (default 4; 1-16)' },
    JSON_FLAG,
  ],
  details: [
    'Token: TF_TOKEN_<hostname> (dots as underscores: TF_TOKEN_app_terraform_io for app.terraform.io), else TF_API_TOKEN: a team token whose team may manage the workspaces of the project, or the organization token (docs/hcp-terraform.md). Organization, project, hostname and prefix come from backend (or TF_CLOUD_ORGANIZATION, TF_CLOUD_PROJECT, TF_CLOUD_HOSTNAME).',
  ],
  examples: [
    { command: 'npm run workspaces -- --dry-run', what: 'show what would be created or updated for config/example.yaml; write nothing' },
    { command: 'npm run workspaces -- --config config/prod.yaml', what: 'create or update the workspaces of another configuration' },
    { command: 'npm run workspaces -- --dry-run --json', what: 'the plan as JSON, for scripts' },
  ],
  exit: {
    0: 'every workspace is right (or was made right); nothing is left over',
    1: 'with --dry-run: workspaces to create or update; workspaces of this project that no stack uses; the project is missing; a local backend or an invalid configuration',
    3: 'incomplete: no token, or API errors (401, 403, 404, ...); the report says which request and what to do',
  },
};
