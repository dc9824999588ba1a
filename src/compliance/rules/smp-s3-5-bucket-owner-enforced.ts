import type { Rule } from '../rule';
import { bucketCompanions } from '../inspect/bucket';
import { blocks } from '../inspect/values';

/** Every bucket disables ACLs (object ownership BucketOwnerEnforced), so only policies grant access. */
export const bucketOwnerEnforced: Rule = {
  id: 'SMP-S3-5',
  description: 'S3 buckets disable ACLs with object ownership BucketOwnerEnforced.',
  severity: 'error',
  controls: ['Security Hub S3.12', 'Prowler s3_bucket_acl_prohibited'],
  appliesTo: (element) => element.kind === 'resource' && element.type === 'aws_s3_bucket',
  check(element, { stack }) {
    const enforced = bucketCompanions(element, stack, 'aws_s3_bucket_ownership_controls').some((o) =>
      blocks(o.config.rule).some((r) => r.object_ownership === 'BucketOwnerEnforced'),
    );
    return enforced ? [] : ['does not enforce bucket owner object ownership (aws_s3_bucket_ownership_controls rule object_ownership BucketOwnerEnforced)'];
  },
};
