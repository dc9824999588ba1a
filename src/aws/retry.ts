/**
 * Retries of read-only AWS calls: throttling, 5xx and transient network errors are retried with
 * capped exponential backoff and full jitter; everything else surfaces at once. Which errors and
 * how long: the classifier the updater Lambda shares (src/model/aws-retry.ts). Pure except for
 * the `sleep` and `random` it is given.
 */
import { backoffDelay, isRetryable, RETRY_BACKOFF } from '../model/aws-retry';

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

/** Defaults: the same as the preferences updater's (the one classifier and backoff, src/model/aws-retry.ts). */
export const RETRY_DEFAULTS = RETRY_BACKOFF;

export { backoffDelay, isRetryable };

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
