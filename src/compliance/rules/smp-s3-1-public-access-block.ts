import type { Rule } from '../rule';
import { bucketCompanions } from '../inspect/bucket';

const FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'] as const;

/** Every bucket has a public access block with all four flags true. */
export const bucketPublicAccessBlock: Rule = {
  id: 'SMP-S3-1',
  description: 'S3 buckets have a public access block with all four flags true.',
  severity: 'error',
  controls: [
    'Checkov CKV_AWS_53, CKV_AWS_54, CKV_AWS_55, CKV_AWS_56, CKV2_AWS_6',
    'Trivy AVD-AWS-0086, AVD-AWS-0087, AVD-AWS-0091, AVD-AWS-0093, AVD-AWS-0094',
    'Security Hub S3.8',
    'Prowler s3_bucket_level_public_access_block',
  ],
  appliesTo: (element) => element.kind === 'resource' && element.type === 'aws_s3_bucket',
  check(element, { stack }) {
    const blocks = bucketCompanions(element, stack, 'aws_s3_bucket_public_access_block');
    if (blocks.length === 0) return ['has no aws_s3_bucket_public_access_block'];
    const complete = blocks.find((b) => FLAGS.every((f) => b.config[f] === true));
    if (complete) return [];
    const missing = FLAGS.filter((f) => !blocks.some((b) => b.config[f] === true));
    return [`public access block does not set ${missing.join(', ')} to true`];
  },
};
