import { hostname } from 'node:os';

/**
 * Structured logs: one JSON object per line, in the shape the agent's logs have (pino's, which
 * the LiveKit Agents framework uses): `{"level":30,"time":<epoch ms>,"pid","hostname",
 * "service":"parley-web",…fields,"msg"}`, levels 20 debug / 30 info / 40 warn / 50 error.
 * The call convention is pino's too: `log.info({ meetingId }, 'message')` or `log.info('message')`.
 * Fields carry ids, never personal data (names, transcripts, emails).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogValue = string | number | boolean | null | undefined | LogError;
export type LogFields = Record<string, LogValue>;

/** An error as pino's `err` serializer writes it. */
export interface LogError {
  type: string;
  message: string;
  stack?: string;
}

type LogMethod = {
  (fields: LogFields, msg: string): void;
  (msg: string): void;
};

/** The logger every server module uses (a subset of pino's API, which the agent's logger has). */
export interface Logger {
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  child(bindings: LogFields): Logger;
}

export const LOG_LEVELS: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50 };

export interface LoggerOptions {
  service: string;
  /** Lines below this level are not written. */
  level: LogLevel;
  write: (line: string, level: LogLevel) => void;
}

/** Warnings and errors to stderr, the rest to stdout. */
const defaultWrite = (line: string, level: LogLevel): void => {
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
};

/** A logger writing pino-shaped JSON lines. */
export function createLogger(
  options: Partial<LoggerOptions> = {},
  bindings: LogFields = {},
): Logger {
  const o: LoggerOptions = {
    service: 'parley-web',
    level: 'info',
    write: defaultWrite,
    ...options,
  };
  const base = { pid: process.pid, hostname: hostname(), service: o.service, ...bindings };
  const at = (level: LogLevel): LogMethod => {
    function write(fields: LogFields, msg: string): void;
    function write(msg: string): void;
    function write(a: LogFields | string, b?: string): void {
      if (LOG_LEVELS[level] < LOG_LEVELS[o.level]) return;
      const [fields, msg] = typeof a === 'string' ? [{}, a] : [a, b ?? ''];
      const line = { level: LOG_LEVELS[level], time: Date.now(), ...base, ...fields, msg };
      o.write(JSON.stringify(line), level);
    }
    return write;
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => createLogger(o, { ...bindings, ...more }),
  };
}

/** The error as pino's `err` serializer writes it (class, message, the first stack frames). */
export function errorFields(err: unknown): { err: LogError } {
  if (err instanceof Error) {
    const stack = err.stack?.split('\n').slice(1, 6).join('\n');
    return { err: { type: err.name, message: err.message, ...(stack ? { stack } : {}) } };
  }
  return { err: { type: typeof err, message: String(err) } };
}

export const log: Logger = createLogger();
