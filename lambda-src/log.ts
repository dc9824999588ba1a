import { createHash } from 'node:crypto';

/**
 * Structured JSON-lines logger. One object per line, always with `level` and `msg`.
 * Debug lines are emitted only when LOG_LEVEL=debug (read at logger creation).
 * Callers must never pass document content here: use contentFingerprint() instead.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export function createLogger(base: LogFields = {}, level: string | undefined = process.env.LOG_LEVEL): Logger {
  const debugEnabled = (level ?? '').toLowerCase() === 'debug';
  const emit = (lvl: LogLevel, msg: string, fields?: LogFields): void => {
    if (lvl === 'debug' && !debugEnabled) return;
    const line = JSON.stringify({ level: lvl, msg, ...base, ...fields });
    if (lvl === 'error') console.error(line);
    else if (lvl === 'warn') console.warn(line);
    else console.log(line);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (f) => createLogger({ ...base, ...f }, level),
  };
}

/** Short sha256 (12 hex chars) and byte size of a content string: safe to log. */
export function contentFingerprint(content: string): { contentSha256: string; contentBytes: number } {
  return {
    contentSha256: createHash('sha256').update(content, 'utf8').digest('hex').slice(0, 12),
    contentBytes: Buffer.byteLength(content, 'utf8'),
  };
}
