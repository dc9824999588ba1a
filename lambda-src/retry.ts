/**
 * Retry with capped exponential backoff and full jitter, bounded by a max attempt count and
 * by the Lambda deadline (remaining time minus a safety margin). Errors are wrapped in
 * SsmCallError whose message names the operation, the SSM error name and its message.
 * Error classification compares the SDK v3 `name` string, never exception classes.
 * AccessDeniedException is retried only early in an invocation (IAM propagation, see below).
 */
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

export const DEFAULT_RETRY = { maxAttempts: 8, baseMs: 200, capMs: 5000, safetyMarginMs: 2000 } as const;

/**
 * On the first apply Terraform invokes the function right after creating its role and inline
 * policy; IAM is eventually consistent, so SSM may deny the first calls. AccessDeniedException is
 * therefore retried (same backoff and limits) during this long after the invocation started, and
 * surfaces as any other error afterwards.
 */
export const ACCESS_DENIED_RETRY_WINDOW_MS = 30_000;

const THROTTLING = new Set(['ThrottlingException', 'TooManyRequestsException', 'Throttling', 'TooManyUpdates']);
const TRANSIENT_NETWORK = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

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

interface SdkLikeError {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

export function errorNameOf(e: unknown): string {
  const n = (e as SdkLikeError | null)?.name;
  return typeof n === 'string' && n ? n : 'UnknownError';
}

function errorMessageOf(e: unknown): string {
  const m = (e as SdkLikeError | null)?.message;
  return typeof m === 'string' && m ? m : String(e);
}

/** `elapsedMs`: time since the invocation started; AccessDeniedException is retryable only within the window. */
export function isRetryable(e: unknown, elapsedMs = Number.POSITIVE_INFINITY): boolean {
  const err = (e ?? {}) as SdkLikeError;
  const status = err.$metadata?.httpStatusCode;
  return (
    THROTTLING.has(errorNameOf(e)) ||
    (errorNameOf(e) === 'AccessDeniedException' && elapsedMs < ACCESS_DENIED_RETRY_WINDOW_MS) ||
    TRANSIENT_NETWORK.has(errorNameOf(e)) ||
    (typeof err.code === 'string' && TRANSIENT_CODES.has(err.code)) ||
    (typeof status === 'number' && status >= 500) ||
    err.$fault === 'server'
  );
}

/** Full jitter: uniform in [0, min(cap, base * 2^(attempt-1))). */
export function backoffDelay(attempt: number, o: Pick<RetryOptions, 'random' | 'baseMs' | 'capMs'>): number {
  return Math.floor(o.random() * Math.min(o.capMs, o.baseMs * 2 ** (attempt - 1)));
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
