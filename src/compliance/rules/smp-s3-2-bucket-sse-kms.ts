import type { Rule } from '../rule';
import { bucketCompanions } from '../inspect/bucket';
import { blocks, isSetString } from '../inspect/values';

/** Default encryption rules of a bucket: its SSE configuration resources and a legacy inline block. */
function encryptionDefaults(rules: Record<string, unknown>[]): Record<string, unknown>[] {
  return rules.flatMap((r) => blocks(r.apply_server_side_encryption_by_default));
}

/** Every bucket encrypts new objects with SSE-KMS under a named (customer managed) key. */
export const bucketSseKms: Rule = {
  id: 'SMP-S3-2',
  description: 'S3 buckets default to SSE-KMS with a customer managed key (kms_master_key_id set).',
  severity: 'error',
  controls: ['Checkov CKV_AWS_145', 'Trivy AVD-AWS-0088, AVD-AWS-0132', 'Security Hub S3.17', 'Prowler s3_bucket_kms_encryption'],
  appliesTo: (element) => element.kind === 'resource' && element.type === 'aws_s3_bucket',
  check(element, { stack }) {
    const rules = [
      ...bucketCompanions(element, stack, 'aws_s3_bucket_server_side_encryption_configuration').flatMap((c) => blocks(c.config.rule)),
      ...blocks(element.config.server_side_encryption_configuration).flatMap((c) => blocks(c.rule)),
    ];
    const defaults = encryptionDefaults(rules);
    if (defaults.length === 0) return ['has no default encryption configuration (aws_s3_bucket_server_side_encryption_configuration)'];
    const kms = defaults.filter((d) => d.sse_algorithm === 'aws:kms' || d.sse_algorithm === 'aws:kms:dsse');
    if (kms.length === 0) return [`encrypts with ${defaults.map((d) => JSON.stringify(d.sse_algorithm)).join(', ')}, not SSE-KMS`];
    if (!kms.some((d) => isSetString(d.kms_master_key_id))) return ['uses SSE-KMS with the AWS managed key aws/s3: name a customer managed key in kms_master_key_id'];
    return [];
  },
};
