import { CloudBackend, LocalBackend, NamedCloudWorkspace, type TerraformStack } from 'cdktf';
import type { BackendModel } from '../src/config/model';
import { workspaceName } from '../src/model/resource-names';

/**
 * Gives a stack its state backend: a local state file named after the stack, or an HCP Terraform
 * workspace `<prefix><stack>`. The API token is never written: Terraform reads it from
 * TF_TOKEN_<hostname> (for example TF_TOKEN_app_terraform_io) at run time.
 */
export function configureBackend(stack: TerraformStack, name: string, backend: BackendModel): void {
  if (backend.type === 'local') {
    new LocalBackend(stack, { path: `terraform.${name}.tfstate` });
    return;
  }
  new CloudBackend(stack, {
    hostname: backend.hostname,
    organization: backend.organization,
    workspaces: new NamedCloudWorkspace(workspaceName(backend.workspacePrefix, name), backend.project),
  });
}
