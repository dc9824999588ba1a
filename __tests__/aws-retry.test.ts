/** The one retry and throttling classifier (src/model/aws-retry.ts) of the read-only tools and the updater Lambda. */
import * as tools from '../src/aws/retry';
import * as lambda from '../lambda-src/retry';
import { ACCESS_DENIED, backoffDelay, errorNameOf, isRetryable, isThrottling, RETRY_BACKOFF, THROTTLING_ERRORS, TRANSIENT_ERRORS } from '../src/model/aws-retry';
import { awsError } from './support/aws-errors';

const client = (name: string, status = 400) => awsError(name, { status, fault: 'client' });

describe('the retry classifier', () => {
  it('retries every throttling name of every service, a 429 and the SDK throttling hint, and calls them throttling', () => {
    expect(THROTTLING_ERRORS.size).toBeGreaterThanOrEqual(14);
    for (const name of THROTTLING_ERRORS) {
      expect([name, isThrottling(client(name)), isRetryable(client(name))]).toEqual([name, true, true]);
    }
    expect(isThrottling(client('Whatever', 429))).toBe(true);
    expect(isThrottling(Object.assign(client('Whatever'), { $retryable: { throttling: true } }))).toBe(true);
    expect(isThrottling(client('InternalError', 500))).toBe(false);
  });

  it('retries server errors: HTTP 5xx and the SDK server fault', () => {
    for (const status of [500, 502, 503, 504, 599]) expect(isRetryable(client('Whatever', status))).toBe(true);
    expect(isRetryable(awsError('Whatever', { status: 400, fault: 'server' }))).toBe(true);
    expect(isRetryable(Object.assign(client('Whatever'), { $retryable: {} }))).toBe(true);
  });

  it('retries transient network errors by name and by Node.js code', () => {
    for (const name of TRANSIENT_ERRORS) {
      expect([name, isRetryable(Object.assign(new Error('network'), { name }))]).toEqual([name, true]);
      expect([name, isRetryable(Object.assign(new Error('network'), { code: name }))]).toEqual([name, true]);
    }
  });

  it('surfaces client errors at once, AccessDeniedException unless the caller allows it', () => {
    for (const name of ['InvalidDocument', 'DuplicateDocumentContent', 'ValidationException', 'AccessDenied', 'UnauthorizedOperation', 'NoSuchBucket']) {
      expect([name, isRetryable(client(name)), isRetryable(client(name), { accessDenied: true })]).toEqual([name, false, false]);
    }
    for (const status of [400, 403, 404, 409]) expect(isRetryable(client('Whatever', status))).toBe(false);
    expect(isRetryable(client(ACCESS_DENIED))).toBe(false);
    expect(isRetryable(client(ACCESS_DENIED), { accessDenied: true })).toBe(true);
  });

  it('never retries what is not an error object', () => {
    for (const value of [undefined, null, 'boom', 42]) expect(isRetryable(value)).toBe(false);
    expect(errorNameOf(undefined)).toBe('UnknownError');
    expect(errorNameOf({ name: '' })).toBe('UnknownError');
    expect(errorNameOf(client('ThrottlingException'))).toBe('ThrottlingException');
  });

  it('waits with full jitter over a capped exponential ceiling', () => {
    const top = () => 0.9999999;
    expect([1, 2, 3, 4, 5, 6, 10].map((attempt) => backoffDelay(attempt, top))).toEqual([199, 399, 799, 1599, 3199, 4999, 4999]);
    expect(backoffDelay(4, () => 0)).toBe(0);
    expect(backoffDelay(2, () => 0.5, 100, 150)).toBe(75);
    expect(RETRY_BACKOFF).toEqual({ maxAttempts: 8, baseMs: 200, capMs: 5000 });
  });
});

describe('one classifier for the tools and the Lambda', () => {
  const cases: unknown[] = [
    ...[...THROTTLING_ERRORS].map((name) => client(name)),
    ...[...TRANSIENT_ERRORS].map((name) => Object.assign(new Error('network'), { code: name })),
    client('Whatever', 429),
    client('Whatever', 503),
    awsError('Whatever', { fault: 'server' }),
    client('InvalidDocument'),
    client('ValidationException'),
    client(ACCESS_DENIED),
    undefined,
    'boom',
  ];

  it('is the same function in the tools', () => {
    expect(tools.isRetryable).toBe(isRetryable);
    expect(tools.backoffDelay).toBe(backoffDelay);
    expect(tools.RETRY_DEFAULTS).toBe(RETRY_BACKOFF);
  });

  it('gives the Lambda the same answers, AccessDeniedException only within its window', () => {
    for (const error of cases) {
      expect(lambda.isRetryable(error)).toBe(isRetryable(error));
      expect(lambda.isRetryable(error, 0)).toBe(isRetryable(error, { accessDenied: true }));
    }
    expect(lambda.DEFAULT_RETRY).toMatchObject(RETRY_BACKOFF);
    for (const attempt of [1, 3, 9]) expect(lambda.backoffDelay(attempt, { random: () => 0.7, ...RETRY_BACKOFF })).toBe(backoffDelay(attempt, () => 0.7));
  });
});
