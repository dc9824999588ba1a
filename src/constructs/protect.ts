/**
 * Resources that hold data (keys, log groups, buckets) are created with `prevent_destroy`, so a
 * plan that would destroy one fails instead. See docs/operations.md, "Data that is never destroyed".
 */
import type { TerraformProvider, TerraformResourceLifecycle } from 'cdktf';
import type { KmsKeyConfig } from '@cdktf/provider-aws/lib/kms-key';
import type { PolicyDocument } from '../policies/types';
import { renderPolicy } from '../policies/types';
import { terraformLiteral } from './terraform-literal';

export const PROTECT: TerraformResourceLifecycle = { preventDestroy: true };

/** KMS keys are scheduled for deletion after the longest waiting period AWS allows. */
export const KEY_DELETION_WINDOW_DAYS = 30;

/** Every key this project creates: symmetric, yearly rotation, 30-day deletion window, protected. */
export function protectedKeyConfig(provider: TerraformProvider, description: string, keyPolicy: PolicyDocument): KmsKeyConfig {
  return {
    provider,
    description,
    enableKeyRotation: true,
    deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
    policy: terraformLiteral(renderPolicy(keyPolicy)),
    lifecycle: PROTECT,
  };
}
