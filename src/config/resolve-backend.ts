import { DEFAULTS } from './defaults';
import type { Report } from './issues';
import type { ConfigInput } from './schema';
import type { BackendModel } from '../model/model';

/** Backend settings: the file first, then the environment, then DEFAULTS. Tokens never come from the file. */
export function resolveBackend(input: ConfigInput['backend'], env: Readonly<Record<string, string | undefined>>, report: Report): BackendModel {
  if (input === undefined || input.type === 'local') return DEFAULTS.backend;
  const organization = input.organization ?? env.TF_CLOUD_ORGANIZATION ?? '';
  if (organization === '') report('backend.organization', 'is required for a cloud backend: set it here or in TF_CLOUD_ORGANIZATION');
  const project = input.project ?? env.TF_CLOUD_PROJECT;
  return {
    type: 'cloud',
    organization,
    ...(project ? { project } : {}),
    hostname: input.hostname ?? env.TF_CLOUD_HOSTNAME ?? DEFAULTS.cloudBackend.hostname,
    workspacePrefix: input.workspacePrefix ?? DEFAULTS.cloudBackend.workspacePrefix,
  };
}
