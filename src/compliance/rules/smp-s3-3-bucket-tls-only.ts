import type { PolicyStatement } from '../inspect/policy-document';
import type { Rule } from '../rule';
import { bucketCompanions } from '../inspect/bucket';
import { allowsAnyone, readPolicy } from '../inspect/policy-document';

/** A Deny of every S3 action to anyone when aws:SecureTransport is false, on the bucket and its objects. */
function deniesPlainHttp(s: PolicyStatement): boolean {
  const insecure = ['Bool', 'BoolIfExists'].some((op) => (s.condition[op]?.['aws:SecureTransport'] ?? []).some((v) => v === false || v === 'false'));
  const everyAction = s.actions.some((a) => a === 's3:*' || a === '*');
  const resources = s.resources ?? [];
  const coversBucketAndObjects = resources.includes('*') || (resources.some((r) => !r.endsWith('/*')) && resources.some((r) => r.endsWith('/*')));
  return s.effect === 'Deny' && allowsAnyone(s.principals) && insecure && everyAction && coversBucketAndObjects;
}

/** Every bucket's policy denies requests that do not use TLS. */
export const bucketTlsOnly: Rule = {
  id: 'SMP-S3-3',
  description: 'S3 bucket policies deny every request without TLS (aws:SecureTransport false) on the bucket and its objects.',
  severity: 'error',
  controls: ['Security Hub S3.5', 'Prowler s3_bucket_secure_transport_policy'],
  appliesTo: (element) => element.kind === 'resource' && element.type === 'aws_s3_bucket',
  check(element, { stack }) {
    const policies = [
      ...bucketCompanions(element, stack, 'aws_s3_bucket_policy').map((p) => p.config.policy),
      ...(element.config.policy !== undefined ? [element.config.policy] : []),
    ];
    if (policies.length === 0) return ['has no bucket policy: add one that denies requests without TLS (aws:SecureTransport false)'];
    const reads = policies.map((p) => readPolicy(p, stack));
    if (reads.some((r) => r.ok && r.statements.some(deniesPlainHttp))) return [];
    const unreadable = reads.find((r) => !r.ok);
    if (unreadable && !unreadable.ok) return [`${unreadable.reason}: the TLS-only statement cannot be verified`];
    return ['bucket policy does not deny requests without TLS: add Deny s3:* to "*" on the bucket and bucket/* when aws:SecureTransport is false'];
  },
};
