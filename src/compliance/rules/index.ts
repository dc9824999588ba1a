/** Every compliance rule, in report order. Add a rule: one file in this folder, one line here. */
import type { Rule } from '../rule';
import { sessionDocumentKms } from './smp-ssm-1-session-document-kms';
import { sessionDocumentLogging } from './smp-ssm-2-session-document-logging';
import { sessionDocumentTimeouts } from './smp-ssm-3-session-document-timeouts';
import { documentNotPublic } from './smp-ssm-4-document-not-public';
import { blockPublicSharing } from './smp-ssm-5-block-public-sharing';
import { portDocumentNamedTargets } from './smp-ssm-6-port-document-named-targets';
import { commandDocumentNoShell } from './smp-ssm-7-command-document-no-shell';
import { logGroupKms } from './smp-log-1-log-group-kms';
import { logGroupRetention } from './smp-log-2-log-group-retention';
import { keyRotation } from './smp-kms-1-key-rotation';
import { keyPolicyPrincipal } from './smp-kms-2-key-policy-principal';
import { bucketPublicAccessBlock } from './smp-s3-1-public-access-block';
import { bucketSseKms } from './smp-s3-2-bucket-sse-kms';
import { bucketTlsOnly } from './smp-s3-3-bucket-tls-only';
import { bucketVersioning } from './smp-s3-4-bucket-versioning';
import { bucketOwnerEnforced } from './smp-s3-5-bucket-owner-enforced';
import { noWildcardAction } from './smp-iam-1-no-wildcard-action';
import { noWildcardResource } from './smp-iam-2-no-wildcard-resource';
import { providerAlias } from './smp-tf-1-provider-alias';

export const RULES: readonly Rule[] = [
  sessionDocumentKms,
  sessionDocumentLogging,
  sessionDocumentTimeouts,
  documentNotPublic,
  blockPublicSharing,
  portDocumentNamedTargets,
  commandDocumentNoShell,
  logGroupKms,
  logGroupRetention,
  keyRotation,
  keyPolicyPrincipal,
  bucketPublicAccessBlock,
  bucketSseKms,
  bucketTlsOnly,
  bucketVersioning,
  bucketOwnerEnforced,
  noWildcardAction,
  noWildcardResource,
  providerAlias,
];
