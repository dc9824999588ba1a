import type { Construct } from 'constructs';
import { TerraformResource } from 'cdktf';

/** A Terraform `removed` block (Terraform 1.7+): forget the resource, do not destroy it. */
export interface RemovedBlock {
  readonly from: string;
  readonly lifecycle: { readonly destroy: false };
}

/**
 * `removed` blocks for the resources under `scope`, except the types in `destroyed`. Build the
 * constructs at their usual place (so addresses match what the state holds), collect, then take
 * them out of the tree: the stack writes the blocks with `addOverride('removed', …)`.
 */
export function removedBlocks(scope: Construct, destroyed: ReadonlySet<string> = new Set()): RemovedBlock[] {
  return scope.node
    .findAll()
    .filter((c): c is TerraformResource => c instanceof TerraformResource)
    .filter((r) => !destroyed.has(r.terraformResourceType))
    .map((r) => ({ from: `${r.terraformResourceType}.${r.friendlyUniqueId}`, lifecycle: { destroy: false } }));
}
