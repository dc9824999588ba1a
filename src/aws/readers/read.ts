/**
 * How every reader of src/aws/readers calls AWS: one classifier of "not found" (and of "not
 * configured") for drift and preflight, and a read context that says what happens to any other
 * error. Drift records it and goes on (an error of the Region, never drift); preflight throws it
 * (an error of the task). Both run each call through the runner's `call` (retries on throttling).
 */

/** Runs one AWS call (the runner's `call` retries throttling with backoff); the default calls once. */
export type Call = <T>(request: () => Promise<T>) => Promise<T>;

const once: Call = (request) => request();

/** Error names that mean "this resource does not exist". */
export const NOT_FOUND: ReadonlySet<string> = new Set([
  'InvalidDocument',
  'InvalidResourceId',
  'ParameterNotFound',
  'NotFoundException',
  'ResourceNotFoundException',
  'NoSuchBucket',
  'NotFound',
  'NoSuchEntity',
  'NoSuchEntityException',
]);

/** Error names of S3 that mean "the bucket exists but has no such configuration". */
export const NOT_CONFIGURED: ReadonlySet<string> = new Set([
  'ServerSideEncryptionConfigurationNotFoundError',
  'NoSuchPublicAccessBlockConfiguration',
  'NoSuchBucketPolicy',
  'NoSuchLifecycleConfiguration',
  'NoSuchTagSet',
  'OwnershipControlsNotFoundError',
  'ObjectLockConfigurationNotFoundError',
]);

/** Nothing is "not found": every error is an error (settings that always exist). */
export const NEVER_MISSING: ReadonlySet<string> = new Set();

/** The error's name ('Error' when it has none). */
export function errorName(e: unknown): string {
  return (e as { name?: string } | undefined)?.name ?? 'Error';
}

/** The HTTP status of an SDK error, when it has one. */
export function httpStatus(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

/**
 * Whether `e` means "not there" for a call whose not-found names are `names`. A resource lookup
 * (the default NOT_FOUND) also takes an HTTP 404 without a known name (S3's HEAD answers have no body).
 */
export function isNotFound(e: unknown, names: ReadonlySet<string> = NOT_FOUND): boolean {
  return names.has(errorName(e)) || (names === NOT_FOUND && httpStatus(e) === 404);
}

/** `api subject: ErrorName: message`, the way errors appear in reports. */
export function describeError(api: string, subject: string, e: unknown): string {
  const message = (e as { message?: string } | undefined)?.message ?? String(e);
  return `${api} ${subject}: ${errorName(e)}${message && message !== errorName(e) ? `: ${message.split('\n')[0]}` : ''}`;
}

/** How the readers call AWS. */
export interface ReadContext {
  /**
   * Runs one call: its answer; null when `notFound` says the thing is not there; on any other
   * error, undefined after the context recorded it (drift), or the error thrown (preflight).
   */
  read<T>(api: string, subject: string, request: () => Promise<T>, notFound?: ReadonlySet<string>): Promise<T | null | undefined>;
}

/** Drift's context: any other error is appended to `errors` (`api subject: Name: message`) and the read goes on. */
export function recordingReads(errors: string[], call: Call = once): ReadContext {
  return {
    async read(api, subject, request, notFound = NOT_FOUND) {
      try {
        return await call(request);
      } catch (e) {
        if (isNotFound(e, notFound)) return null;
        errors.push(describeError(api, subject, e));
        return undefined;
      }
    },
  };
}

/** Preflight's context: any other error is thrown as it came (the task fails with it). */
export function throwingReads(call: Call = once): ReadContext {
  return {
    async read(_api, _subject, request, notFound = NOT_FOUND) {
      try {
        return await call(request);
      } catch (e) {
        if (isNotFound(e, notFound)) return null;
        throw e;
      }
    },
  };
}

/** Tags as a plain record. */
export type Tags = Readonly<Record<string, string>>;

/** Tags from [{Key, Value}] (SSM, S3, IAM) or [{TagKey, TagValue}] (KMS). */
export function tagRecord(list: readonly { Key?: string; Value?: string; TagKey?: string; TagValue?: string }[] | undefined): Tags {
  const out: Record<string, string> = {};
  for (const t of list ?? []) {
    const key = t.Key ?? t.TagKey;
    if (key !== undefined) out[key] = t.Value ?? t.TagValue ?? '';
  }
  return out;
}
