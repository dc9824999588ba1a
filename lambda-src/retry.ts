/**
 * Retry with capped exponential backoff and full jitter, bounded by a max attempt count and
 * by the Lambda deadline (remaining time minus a safety margin). Errors are wrapped in
 * SsmCallError whose message names the operation, the SSM error name and its message.
 * Which errors are retried and the backoff are the tools' too (the one classifier,
 * src/model/aws-retry.ts, which compares the SDK v3 `name` string, never exception classes).
 * AccessDeniedException is retried only early in an invocation (IAM propagation, see below).
 */
import { backoffDelay as jitteredDelay, errorNameOf, isRetryable as retryableError, RETRY_BACKOFF } from '../src/model/aws-retry';

export { errorNameOf };

export interface RetryOptions {
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Milliseconds left before the Lambda deadline (context.getRemainingTimeInMillis). */
  remainingMs: () => number;
  maxAttempts: number;
  baseMs: number;
  capMs: number;
  safetyMarginMs: number;
  /**
   * Milliseconds since the handler invocation started (on the same clock as remainingMs and
   * sleep). While below ACCESS_DENIED_RETRY_WINDOW_MS, AccessDeniedException is retried; without
   * it, AccessDeniedException is never retried.
   */
  elapsedMs?: () => number;
  onRetry?: (info: { operation: string; attempt: number; delayMs: number; errorName: string }) => void;
}

export const DEFAULT_RETRY = { ...RETRY_BACKOFF, safetyMarginMs: 2000 } as const;

/**
 * On the first apply Terraform invokes the function right after creating its role and inline
 * policy; IAM is eventually consistent, so SSM may deny the first calls. AccessDeniedException is
 * therefore retried (same backoff and limits) during this long after the invocation started, and
 * surfaces as any other error afterwards.
 */
export const ACCESS_DENIED_RETRY_WINDOW_MS = 30_000;

export class SsmCallError extends Error {
  constructor(
    message: string,
    readonly operation: string,
    readonly errorName: string,
    readonly attempts: number,
    readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'SsmCallError';
  }
}

function errorMessageOf(e: unknown): string {
  const m = (e as { message?: unknown } | null)?.message;
  return typeof m === 'string' && m ? m : String(e);
}

/** The shared classifier; `elapsedMs`: time since the invocation started, AccessDeniedException is retryable only within the window. */
export function isRetryable(e: unknown, elapsedMs = Number.POSITIVE_INFINITY): boolean {
  return retryableError(e, { accessDenied: elapsedMs < ACCESS_DENIED_RETRY_WINDOW_MS });
}

/** Full jitter: uniform in [0, min(cap, base * 2^(attempt-1))) (the shared backoff). */
export function backoffDelay(attempt: number, o: Pick<RetryOptions, 'random' | 'baseMs' | 'capMs'>): number {
  return jitteredDelay(attempt, o.random, o.baseMs, o.capMs);
}

export async function withRetry<T>(operation: string, fn: () => Promise<T>, o: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const name = errorNameOf(e);
      const base = `SSM ${operation} failed: ${name}: ${errorMessageOf(e)}`;
      if (!isRetryable(e, o.elapsedMs?.())) throw new SsmCallError(base, operation, name, attempt, e);
      const delayMs = backoffDelay(attempt, o);
      const remaining = o.remainingMs();
      let why: string | undefined;
      if (attempt >= o.maxAttempts) why = `maximum of ${o.maxAttempts} attempts reached`;
      else if (remaining - delayMs < o.safetyMarginMs) why = `Lambda deadline in ${remaining} ms, keeping a ${o.safetyMarginMs} ms safety margin`;
      if (why) throw new SsmCallError(`${base} (gave up after ${attempt} attempts: ${why})`, operation, name, attempt, e);
      o.onRetry?.({ operation, attempt, delayMs, errorName: name });
      await o.sleep(delayMs);
    }
  }
}

export function isSsmError(e: unknown, ...names: string[]): boolean {
  return e instanceof SsmCallError && names.includes(e.errorName);
}
