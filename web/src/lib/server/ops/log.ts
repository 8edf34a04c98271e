/**
 * Structured logs: one JSON object per line on stdout/stderr, so `docker logs` / Loki / journald
 * can filter by field. Fields carry ids, never personal data (names, transcripts, emails).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** Writes one JSON log line: `{"time","level","msg","service":"parley-web",...fields}`. */
export function logLine(level: LogLevel, msg: string, fields: LogFields = {}): void {
  const line = JSON.stringify({
    time: new Date().toISOString(),
    level,
    service: 'parley-web',
    msg,
    ...fields,
  });
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}

/** The error's class and message for a log field (the stack goes in a separate field). */
export function errorFields(err: unknown): LogFields {
  if (err instanceof Error) {
    return {
      err: `${err.name}: ${err.message}`,
      stack: err.stack?.split('\n').slice(1, 6).join('|'),
    };
  }
  return { err: String(err) };
}

export const log = {
  debug: (msg: string, fields?: LogFields) => logLine('debug', msg, fields),
  info: (msg: string, fields?: LogFields) => logLine('info', msg, fields),
  warn: (msg: string, fields?: LogFields) => logLine('warn', msg, fields),
  error: (msg: string, fields?: LogFields) => logLine('error', msg, fields),
};
