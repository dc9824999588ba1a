/**
 * Which AWS errors are worth another attempt, and how long to wait before it: the one retry and
 * throttling classifier of the read-only tools (src/aws/retry.ts) and the updater Lambda
 * (lambda-src/retry.ts, which bundles this file). It reads the SDK v3 error's `name`, `code`,
 * HTTP status and retry hints, never exception classes. Pure.
 */

/** Attempts (the first included) and the backoff of both retry loops (docs/updater.md, docs/aws-runner.md). */
export const RETRY_BACKOFF = { maxAttempts: 8, baseMs: 200, capMs: 5000 } as const;

/** Error names AWS uses for throttling, across services. */
export const THROTTLING_ERRORS: ReadonlySet<string> = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'TooManyUpdates',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
  'BandwidthLimitExceeded',
  'LimitExceededException',
]);

/** Network errors worth another attempt, as an error's `name` or its Node.js `code`. */
export const TRANSIENT_ERRORS: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'NetworkingError',
]);

/** The error name IAM's eventual consistency gives a fresh role's first calls. */
export const ACCESS_DENIED = 'AccessDeniedException';

interface ErrorLike {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
  readonly $retryable?: { readonly throttling?: unknown };
}

/** What may be retried besides throttling, 5xx and transient network errors. */
export interface RetryClassOptions {
  /** Retry AccessDeniedException too (the updater, early in an invocation: its role may not have propagated yet). */
  readonly accessDenied?: boolean;
}

/** An error's name as AWS SDK v3 gives it (`UnknownError` when it has none). */
export function errorNameOf(error: unknown): string {
  const name = (error as ErrorLike | null | undefined)?.name;
  return typeof name === 'string' && name !== '' ? name : 'UnknownError';
}

/** True when an error is throttling (by name, HTTP 429 or the SDK's throttling hint). */
export function isThrottling(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const e = error as ErrorLike;
  return THROTTLING_ERRORS.has(errorNameOf(e)) || e.$metadata?.httpStatusCode === 429 || e.$retryable?.throttling === true;
}

/**
 * True when an error is throttling, marked retryable by the SDK, a server error (5xx, or the
 * SDK's server fault), a transient network error, or an AccessDeniedException the caller allows.
 */
export function isRetryable(error: unknown, options: RetryClassOptions = {}): boolean {
  if (error === null || typeof error !== 'object') return false;
  const e = error as ErrorLike;
  const name = errorNameOf(e);
  const status = e.$metadata?.httpStatusCode;
  return (
    isThrottling(e) ||
    e.$retryable !== undefined ||
    TRANSIENT_ERRORS.has(name) ||
    (typeof e.code === 'string' && TRANSIENT_ERRORS.has(e.code)) ||
    (typeof status === 'number' && status >= 500 && status <= 599) ||
    e.$fault === 'server' ||
    (options.accessDenied === true && name === ACCESS_DENIED)
  );
}

/** Delay before retry number `attempt` (1 = after the first failure): full jitter over min(cap, base·2^(attempt-1)). */
export function backoffDelay(attempt: number, random: () => number = Math.random, baseMs: number = RETRY_BACKOFF.baseMs, capMs: number = RETRY_BACKOFF.capMs): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1)));
}
