/** The resources that configure an S3 bucket in its stack. */
import type { ElementView, StackView } from '../rule';
import { isExpression, isSetString, refersTo } from './values';

/**
 * Resources of `type` in the bucket's stack that configure it: their `bucket` argument refers to
 * the bucket resource or names it literally.
 */
export function bucketCompanions(bucket: ElementView, stack: StackView, type: string): ElementView[] {
  const name = bucket.config.bucket;
  return stack.elements.filter(
    (e) => e.kind === 'resource' && e.type === type && (refersTo(e.config.bucket, bucket.address) || (isSetString(name) && !isExpression(name) && e.config.bucket === name)),
  );
}
