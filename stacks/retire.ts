import type { Construct } from 'constructs';
import { TerraformResource } from 'cdktf';

/**
 * Resource types a retired Region destroys: the updater Lambda's machinery, so that destroying its
 * invocation restores the preferences document that was there before this project. Everything
 * else (keys, aliases, log groups, buckets and their settings, documents, the key-ID parameter,
 * the public-sharing block) is forgotten and stays in AWS as last applied.
 */
export const DESTROYED_WHEN_RETIRED: ReadonlySet<string> = new Set([
  'aws_lambda_invocation',
  'aws_lambda_function',
  'aws_iam_role',
  'aws_iam_role_policy',
]);

/** A Terraform `removed` block (Terraform 1.7+): forget the resource, do not destroy it. */
export interface RemovedBlock {
  readonly from: string;
  readonly lifecycle: { readonly destroy: false };
}

/** `removed` blocks for every resource under `scope` that a retired Region keeps in AWS. */
export function removedBlocks(scope: Construct): RemovedBlock[] {
  return scope.node
    .findAll()
    .filter((c): c is TerraformResource => c instanceof TerraformResource)
    .filter((r) => !DESTROYED_WHEN_RETIRED.has(r.terraformResourceType))
    .map((r) => ({ from: `${r.terraformResourceType}.${r.friendlyUniqueId}`, lifecycle: { destroy: false } }));
}
