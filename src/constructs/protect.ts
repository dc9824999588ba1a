/**
 * Resources that hold data (keys, log groups, buckets) are created with `prevent_destroy`, so a
 * plan that would destroy one fails instead. See README "Data that is never destroyed".
 */
import type { TerraformResourceLifecycle } from 'cdktf';

export const PROTECT: TerraformResourceLifecycle = { preventDestroy: true };

/** KMS keys are scheduled for deletion after the longest waiting period AWS allows. */
export const KEY_DELETION_WINDOW_DAYS = 30;
