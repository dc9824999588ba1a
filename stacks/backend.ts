import { App, CloudBackend, LocalBackend, NamedCloudWorkspace, type TerraformStack } from 'cdktf';
import type { BackendModel } from '../src/model/model';
import { backendPath } from '../src/state/local-state';
import { workspaceName } from '../src/model/resource-names';

/**
 * Gives a stack its state backend: a local state file `state/<stack>.tfstate` at the project root
 * (outside cdktf.out, so cleaning the build folder keeps it; docs/state.md), or an HCP Terraform
 * workspace `<prefix><stack>`. The API token is never written: Terraform reads it from
 * TF_TOKEN_<hostname> (for example TF_TOKEN_app_terraform_io) at run time.
 */
export function configureBackend(stack: TerraformStack, name: string, backend: BackendModel): void {
  if (backend.type === 'local') {
    new LocalBackend(stack, { path: backendPath(name, App.of(stack).outdir) });
    return;
  }
  new CloudBackend(stack, {
    hostname: backend.hostname,
    organization: backend.organization,
    workspaces: new NamedCloudWorkspace(workspaceName(backend.workspacePrefix, name), backend.project),
  });
}
