import { inflateRawSync } from 'node:zlib';
import { createZip, crc32 } from '../src/testing/zip';
import { validateEvent } from '../src/updater/contract';
import { contentFingerprint, createLogger } from '../lambda-src/log';
import { deepEqual, sameJsonContent } from '../src/model/json-equal';
import { ACCESS_DENIED_RETRY_WINDOW_MS, backoffDelay, isRetryable, SsmCallError, withRetry, type RetryOptions } from '../lambda-src/retry';
import { snapshotFromTagValue, snapshotToTagValue } from '../lambda-src/snapshot';
import { awsError } from './support/aws-errors';

describe('normalize', () => {
  test('key order does not matter, at any depth', () => {
    expect(deepEqual({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }, { b: { c: [1, { e: 3, d: 2 }] }, a: 1 })).toBe(true);
    expect(sameJsonContent('{"a":1,"b":{"x":true,"y":null}}', '{\n  "b": { "y": null, "x": true },\n  "a": 1\n}')).toBe(true);
  });
  test('values, array order, missing keys and types do matter', () => {
    expect(deepEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(deepEqual({ a: '1' }, { a: 1 })).toBe(false);
    expect(deepEqual({ a: null }, { a: {} })).toBe(false);
    expect(deepEqual([], {})).toBe(false);
    expect(deepEqual({ length: 0 }, [])).toBe(false);
  });
  test('unparseable content is never equal', () => {
    expect(sameJsonContent('{"a":1}', '{"a":1')).toBe(false);
    expect(sameJsonContent('x', 'x')).toBe(false);
    expect(sameJsonContent(undefined, '{}')).toBe(false);
  });
});

describe('retry', () => {
  const err = (name: string, status = 400, fault: 'client' | 'server' = 'client') => awsError(name, { status, fault, message: name });

  test('classification', () => {
    for (const n of ['ThrottlingException', 'TooManyRequestsException', 'Throttling', 'TooManyUpdates']) expect(isRetryable(err(n))).toBe(true);
    expect(isRetryable(err('Whatever', 503))).toBe(true);
    expect(isRetryable(err('Whatever', 400, 'server'))).toBe(true);
    expect(isRetryable(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    for (const n of ['AccessDeniedException', 'InvalidDocument', 'DuplicateDocumentContent', 'ValidationException']) expect(isRetryable(err(n))).toBe(false);
    expect(isRetryable(undefined)).toBe(false);
    expect(isRetryable('boom')).toBe(false);
  });

  test('AccessDeniedException is retryable only within the IAM propagation window after the invocation started', () => {
    expect(ACCESS_DENIED_RETRY_WINDOW_MS).toBe(30_000);
    expect(isRetryable(err('AccessDeniedException'), 0)).toBe(true);
    expect(isRetryable(err('AccessDeniedException'), ACCESS_DENIED_RETRY_WINDOW_MS - 1)).toBe(true);
    expect(isRetryable(err('AccessDeniedException'), ACCESS_DENIED_RETRY_WINDOW_MS)).toBe(false);
    // Unknown elapsed time: never (as before).
    expect(isRetryable(err('AccessDeniedException'))).toBe(false);
    // The window is for AccessDeniedException only.
    for (const n of ['InvalidDocument', 'ValidationException', 'AccessDenied', 'UnauthorizedOperation']) expect(isRetryable(err(n), 0)).toBe(false);
  });

  test('capped exponential backoff with full jitter', () => {
    const o = { baseMs: 200, capMs: 5000 };
    expect([1, 2, 3, 4, 5, 6, 7, 10].map((a) => backoffDelay(a, { ...o, random: () => 0.9999999 }))).toEqual([199, 399, 799, 1599, 3199, 4999, 4999, 4999]);
    expect(backoffDelay(5, { ...o, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { ...o, random: () => 0.25 })).toBe(200);
  });

  const opts = (over: Partial<RetryOptions> = {}): RetryOptions => ({
    sleep: async () => undefined,
    random: () => 1,
    remainingMs: () => 900_000,
    maxAttempts: 3,
    baseMs: 200,
    capMs: 5000,
    safetyMarginMs: 2000,
    ...over,
  });

  test('returns the value after transient failures', async () => {
    const fn = jest.fn().mockRejectedValueOnce(err('Throttling')).mockResolvedValue('ok');
    await expect(withRetry('Op', fn, opts())).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(2);
  });

  test('wraps errors with operation, name, message, attempts and cause', async () => {
    const original = err('TooManyUpdates');
    const e = (await withRetry('UpdateDocument', () => Promise.reject(original), opts()).catch((x: unknown) => x)) as SsmCallError;
    expect(e).toBeInstanceOf(SsmCallError);
    expect(e.message).toBe('SSM UpdateDocument failed: TooManyUpdates: TooManyUpdates (gave up after 3 attempts: maximum of 3 attempts reached)');
    expect([e.operation, e.errorName, e.attempts, e.cause]).toEqual(['UpdateDocument', 'TooManyUpdates', 3, original]);
  });

  test('does not sleep into the safety margin', async () => {
    const sleep = jest.fn(async () => undefined);
    await expect(withRetry('Op', () => Promise.reject(err('Throttling')), opts({ sleep, remainingMs: () => 2100 }))).rejects.toThrow(
      /gave up after 1 attempts: Lambda deadline in 2100 ms, keeping a 2000 ms safety margin/,
    );
    expect(sleep).not.toHaveBeenCalled();
  });

  describe('AccessDeniedException (IAM propagation)', () => {
    const denied = () => err('AccessDeniedException', 400);
    /** A clock on which sleeping is the only thing that takes time. */
    const clock = (startElapsed = 0) => {
      let elapsed = startElapsed;
      const sleeps: number[] = [];
      return { sleeps, sleep: async (ms: number) => void (sleeps.push(ms), (elapsed += ms)), elapsedMs: () => elapsed };
    };

    test('within the window: retried with the same capped backoff, then succeeds', async () => {
      const c = clock();
      const fn = jest.fn().mockRejectedValueOnce(denied()).mockRejectedValueOnce(denied()).mockResolvedValue('ok');
      await expect(withRetry('GetDocument', fn, opts({ ...c, random: () => 0.5 }))).resolves.toBe('ok');
      expect(fn).toHaveBeenCalledTimes(3);
      expect(c.sleeps).toEqual([100, 200]);
    });

    test('after the window: not retried, surfaces with operation, name and message', async () => {
      const c = clock(ACCESS_DENIED_RETRY_WINDOW_MS);
      const original = awsError('AccessDeniedException', {
        fault: 'client',
        status: 400,
        message: 'User: arn:aws:sts::111111111111:assumed-role/x is not authorized to perform: ssm:GetDocument',
      });
      const fn = jest.fn().mockRejectedValue(original);
      const e = (await withRetry('GetDocument', fn, opts(c)).catch((x: unknown) => x)) as SsmCallError;
      expect(e).toBeInstanceOf(SsmCallError);
      expect(e.message).toBe('SSM GetDocument failed: AccessDeniedException: User: arn:aws:sts::111111111111:assumed-role/x is not authorized to perform: ssm:GetDocument');
      expect([e.operation, e.errorName, e.attempts, e.cause]).toEqual(['GetDocument', 'AccessDeniedException', 1, original]);
      expect(fn).toHaveBeenCalledTimes(1);
      expect(c.sleeps).toEqual([]);
    });

    test('a denial that outlasts the window stops being retried once the window has passed', async () => {
      const c = clock();
      const fn = jest.fn().mockRejectedValue(denied());
      const e = (await withRetry('GetDocument', fn, opts({ ...c, maxAttempts: 100, random: () => 0.9999999 })).catch((x: unknown) => x)) as SsmCallError;
      // After 9 sleeps 26191 ms have passed (< 30 s): the 10th denial is retried; after the 10th sleep (31190 ms) the 11th surfaces.
      expect(c.sleeps).toEqual([199, 399, 799, 1599, 3199, 4999, 4999, 4999, 4999, 4999]);
      expect(fn).toHaveBeenCalledTimes(11);
      expect(e.message).toBe('SSM GetDocument failed: AccessDeniedException: AccessDeniedException');
      expect(e.attempts).toBe(11);
    });

    test('still bounded by the attempt count and the Lambda deadline inside the window', async () => {
      await expect(withRetry('Op', () => Promise.reject(denied()), opts({ ...clock(), maxAttempts: 3 }))).rejects.toThrow(
        'SSM Op failed: AccessDeniedException: AccessDeniedException (gave up after 3 attempts: maximum of 3 attempts reached)',
      );
      await expect(withRetry('Op', () => Promise.reject(denied()), opts({ ...clock(), remainingMs: () => 2100 }))).rejects.toThrow(
        /gave up after 1 attempts: Lambda deadline in 2100 ms/,
      );
    });
  });

  test('errors without a name still produce a useful message', async () => {
    await expect(withRetry('Op', () => Promise.reject('weird'), opts())).rejects.toThrow('SSM Op failed: UnknownError: weird');
  });
});

describe('snapshot tag values', () => {
  test('round trip', () => {
    expect(snapshotToTagValue({ existed: false })).toBe('none');
    expect(snapshotToTagValue({ existed: true, version: '12' })).toBe('12');
    expect(snapshotFromTagValue('none')).toEqual({ existed: false });
    expect(snapshotFromTagValue('12')).toEqual({ existed: true, version: '12' });
  });
  test('unknown values are rejected', () => {
    expect(snapshotFromTagValue(undefined)).toBeUndefined();
    expect(snapshotFromTagValue('')).toBeUndefined();
    expect(snapshotFromTagValue('$LATEST')).toBeUndefined();
    expect(() => snapshotToTagValue({ existed: true })).toThrow(/invalid snapshot version/);
  });
});

describe('log', () => {
  test('fingerprint is a short sha256 and byte size', () => {
    expect(contentFingerprint('abc')).toEqual({ contentSha256: 'ba7816bf8f01', contentBytes: 3 });
    expect(contentFingerprint('é').contentBytes).toBe(2);
  });
  test('debug lines only with LOG_LEVEL=debug; child fields merge', () => {
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((l: string) => void lines.push(l));
    createLogger({ a: 1 }, 'info').child({ b: 2 }).debug('hidden');
    createLogger({ a: 1 }, 'DEBUG').child({ b: 2 }).debug('shown', { c: 3 });
    spy.mockRestore();
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ level: 'debug', msg: 'shown', a: 1, b: 2, c: 3 }]);
  });
});

describe('validateEvent', () => {
  test('returns a normalized event; prev_input defaults to null', () => {
    const ev = validateEvent({
      documentName: 'SSM-SessionManagerRunShell',
      documentFormat: 'JSON',
      documentType: 'Session',
      content: { schemaVersion: '1.0' },
      tf: { action: 'create' },
      extra: 'ignored',
    });
    expect(ev).toEqual({
      documentName: 'SSM-SessionManagerRunShell',
      documentFormat: 'JSON',
      documentType: 'Session',
      content: { schemaVersion: '1.0' },
      tf: { action: 'create', prev_input: null },
    });
  });
});

describe('zip writer (bench)', () => {
  test('crc32 check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  test('entries can be read back from the central directory', () => {
    const files = [
      { name: 'index.js', data: Buffer.from('exports.handler=async()=>1;'.repeat(50)) },
      { name: 'sub/x.txt', data: Buffer.from('x') },
    ];
    const zip = createZip(files);
    const eocd = zip.length - 22;
    expect(zip.readUInt32LE(eocd)).toBe(0x06054b50);
    expect(zip.readUInt16LE(eocd + 10)).toBe(2);
    let p = zip.readUInt32LE(eocd + 16);
    for (const f of files) {
      expect(zip.readUInt32LE(p)).toBe(0x02014b50);
      const method = zip.readUInt16LE(p + 10);
      const crc = zip.readUInt32LE(p + 16);
      const csize = zip.readUInt32LE(p + 20);
      const nameLen = zip.readUInt16LE(p + 28);
      const local = zip.readUInt32LE(p + 42);
      expect(zip.subarray(p + 46, p + 46 + nameLen).toString()).toBe(f.name);
      expect(zip.readUInt32LE(local)).toBe(0x04034b50);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const body = zip.subarray(start, start + csize);
      const data = method === 8 ? inflateRawSync(body) : body;
      expect(data.equals(f.data)).toBe(true);
      expect(crc).toBe(crc32(f.data));
      p += 46 + nameLen;
    }
  });
});
