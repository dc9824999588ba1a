import type { Rule } from '../rule';
import { bucketCompanions } from '../inspect/bucket';
import { blocks } from '../inspect/values';

/** Every bucket keeps object versions, so an overwritten or deleted session log can be recovered. */
export const bucketVersioning: Rule = {
  id: 'SMP-S3-4',
  description: 'S3 buckets have versioning enabled.',
  severity: 'error',
  controls: ['Checkov CKV_AWS_21', 'Trivy AVD-AWS-0090', 'Security Hub S3.14', 'Prowler s3_bucket_object_versioning'],
  appliesTo: (element) => element.kind === 'resource' && element.type === 'aws_s3_bucket',
  check(element, { stack }) {
    const enabled =
      bucketCompanions(element, stack, 'aws_s3_bucket_versioning').some((v) => blocks(v.config.versioning_configuration).some((c) => c.status === 'Enabled')) ||
      blocks(element.config.versioning).some((v) => v.enabled === true);
    return enabled ? [] : ['does not enable versioning (aws_s3_bucket_versioning with status Enabled)'];
  },
};
