/**
 * Retries of read-only AWS calls: throttling, 5xx and transient network errors are retried with
 * capped exponential backoff and full jitter; everything else surfaces at once. Pure except for
 * the `sleep` and `random` it is given.
 */

/** How long and how often to retry. */
export interface RetryOptions {
  /** Attempts in total, the first included (default 8). */
  readonly maxAttempts?: number;
  /** Base delay in milliseconds (default 200). */
  readonly baseMs?: number;
  /** Largest delay in milliseconds (default 5000). */
  readonly capMs?: number;
  /** Waits `ms` milliseconds (tests pass a fake). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) (tests pass a fixed one). */
  readonly random?: () => number;
}

/** Defaults: the same as the preferences updater's (lambda-src/retry.ts; docs/updater.md, "How the updater works"). */
export const RETRY_DEFAULTS = { maxAttempts: 8, baseMs: 200, capMs: 5000 } as const;

/** Error names AWS uses for throttling, across services. */
const THROTTLING = new Set([
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

/** Network errors worth another attempt. */
const TRANSIENT = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'NetworkingError']);

interface ErrorLike {
  readonly name?: string;
  readonly code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $retryable?: { readonly throttling?: boolean };
}

/** True when an error is throttling, a 5xx or a transient network error. */
export function isRetryable(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const e = error as ErrorLike;
  if (e.$retryable !== undefined) return true;
  if (e.name !== undefined && (THROTTLING.has(e.name) || TRANSIENT.has(e.name))) return true;
  if (e.code !== undefined && TRANSIENT.has(e.code)) return true;
  const status = e.$metadata?.httpStatusCode;
  return status === 429 || (status !== undefined && status >= 500 && status <= 599);
}

/** Delay before retry number `attempt` (1 = after the first failure): full jitter over min(cap, base·2^(attempt-1)). */
export function backoffDelay(attempt: number, random: () => number = Math.random, baseMs: number = RETRY_DEFAULTS.baseMs, capMs: number = RETRY_DEFAULTS.capMs): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `call`, retrying retryable errors; the last error (or the first non-retryable one) is thrown. */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? RETRY_DEFAULTS.maxAttempts;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= maxAttempts || !isRetryable(error)) throw error;
      await sleep(backoffDelay(attempt, random, options.baseMs ?? RETRY_DEFAULTS.baseMs, options.capMs ?? RETRY_DEFAULTS.capMs));
    }
  }
}
