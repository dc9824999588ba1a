/**
 * What the collectors read from AWS for one account and Region: plain data, so the comparison is
 * pure and testable without clients. `null` means "does not exist"; read errors are kept apart.
 */
import type { BucketSettings, Tags } from '../aws/readers';

/** One version of a document as GetDocument returns it. */
export interface ObservedDocumentVersion {
  readonly version: string;
  /** The content text (JSON for the documents this project writes). */
  readonly content: string;
}

/** A Session document: its versions pointers and the content of the default and the latest version. */
export interface ObservedDocument {
  readonly documentType?: string;
  readonly defaultVersion: string;
  readonly latestVersion: string;
  readonly default: ObservedDocumentVersion;
  /** Absent when the latest version is the default one. */
  readonly latest?: ObservedDocumentVersion;
}

/** The key ID the default version of a document names (`inputs.kmsKeyId`), when it can be read. */
export function documentKeyId(document: ObservedDocument | null | undefined): string | undefined {
  if (!document) return undefined;
  try {
    const id = (JSON.parse(document.default.content) as { inputs?: { kmsKeyId?: unknown } }).inputs?.kmsKeyId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** A KMS key as DescribeKey, GetKeyRotationStatus and (for the created key's candidates) ListResourceTags describe it. */
export interface ObservedKey {
  readonly keyId: string;
  readonly arn: string;
  /** Enabled, Disabled, PendingDeletion, ... */
  readonly keyState: string;
  readonly enabled: boolean;
  /** Absent when the rotation status could not be read (an imported or asymmetric key). */
  readonly rotationEnabled?: boolean;
  /** DescribeKey's Description (absent when empty). */
  readonly description?: string;
  /** Its tags: read only for the keys that may be the created session-data key; absent when not read or unreadable. */
  readonly tags?: Tags;
}

/** A log group as DescribeLogGroups describes it. */
export interface ObservedLogGroup {
  /** Absent: events never expire. */
  readonly retentionDays?: number;
  /** ARN of the KMS key, absent when the group is not encrypted with one. */
  readonly kmsKeyId?: string;
}

/** A Lambda function as GetFunction describes it. */
export interface ObservedFunction {
  readonly runtime?: string;
  readonly roleArn?: string;
  /** LoggingConfig.LogGroup. */
  readonly logGroup?: string;
  readonly handler?: string;
  /** Seconds. */
  readonly timeout?: number;
  /** MB. */
  readonly memorySize?: number;
}

/** A bucket's settings; each absent field means "not configured" (the shared reader's shape). */
export type ObservedBucket = BucketSettings;

/** Everything read in one Region of one account. */
export interface ObservedRegion {
  readonly documents: Readonly<Record<string, ObservedDocument | null>>;
  /**
   * KMS keys by the reference they were looked up with (an alias name resolves to the key it
   * targets; a key ID, key ARN or alias ARN as given), or null when there is none.
   */
  readonly keys: Readonly<Record<string, ObservedKey | null>>;
  /** SSM parameters (the created key's ID) by name, or null when missing. */
  readonly parameters: Readonly<Record<string, string | null>>;
  readonly logGroups: Readonly<Record<string, ObservedLogGroup | null>>;
  readonly buckets: Readonly<Record<string, ObservedBucket | null>>;
  /** The updater function (null: missing), when it is checked and could be read. */
  readonly lambdaFunction?: ObservedFunction | null;
  /** Value of the public-sharing setting (Enable/Disable). */
  readonly sharing?: string;
  /** Value of the Default Host Management Configuration setting, when it is checked and could be read. */
  readonly dhmc?: string;
  /** What could not be read (access denied, an API the endpoint lacks, ...): each one is an error, not drift. */
  readonly errors: readonly string[];
}

/** A managed policy's default version, or null when the policy does not exist. */
export interface ObservedPolicy {
  readonly defaultVersionId: string;
  /** The policy document text (URL-decoded). */
  readonly document: string;
}

/** An IAM role as GetRole describes it. */
export interface ObservedRole {
  readonly path: string;
  readonly arn: string;
  /** The trust policy text (URL-decoded); absent when GetRole gave none. */
  readonly trustPolicy?: string;
  /** ARNs of the attached managed policies (ListAttachedRolePolicies); absent when they could not be read (an error is recorded). */
  readonly managedPolicyArns?: readonly string[];
  /** Names of the inline policies (ListRolePolicies); absent when they could not be read. */
  readonly inlinePolicyNames?: readonly string[];
}

/** An instance profile as GetInstanceProfile describes it. */
export interface ObservedInstanceProfile {
  readonly path: string;
  /** The names of the roles it carries. */
  readonly roles: readonly string[];
}

/** Everything read account-wide (IAM). */
export interface ObservedAccount {
  readonly policies: Readonly<Record<string, ObservedPolicy | null>>;
  /** Roles by name, or null when missing. */
  readonly roles: Readonly<Record<string, ObservedRole | null>>;
  /** Instance profiles by name, or null when missing. */
  readonly instanceProfiles: Readonly<Record<string, ObservedInstanceProfile | null>>;
  readonly errors: readonly string[];
}
