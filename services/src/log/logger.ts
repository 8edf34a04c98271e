import { hostname } from 'node:os';

/**
 * Structured logs of every Parley process: one JSON object per line, in the shape of pino's
 * (which the LiveKit Agents framework uses inside agent jobs): `{"level":30,"time":<epoch ms>,
 * "pid","hostname","service":"parley-web",…fields,"msg"}`, levels 20 debug / 30 info /
 * 40 warn / 50 error. Agent jobs log through the framework's pino logger, which has this
 * interface too; everything else (web, the agent's main process, workers) through createLogger.
 * The call convention is pino's too: `log.info({ meetingId }, 'message')` or `log.info('message')`.
 * Fields carry ids, never personal data (names, transcripts, emails).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

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

/** The one logger interface (a subset of pino's API, so the agents' job logger is one). */
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
    service: 'parley',
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

const noop: LogMethod = () => {};

/** Writes nothing (tests, optional loggers). */
export const silentLogger: Logger = {
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  child: () => silentLogger,
};

export interface LogEntry {
  level: LogLevel;
  fields: LogFields;
  msg: string;
}

/** A logger that keeps what it is given (tests read `entries`). */
export function captureLogs(): { log: Logger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at =
    (level: LogLevel, bound: LogFields): LogMethod =>
    (a: LogFields | string, b?: string) => {
      const [fields, msg] = typeof a === 'string' ? [{}, a] : [a, b ?? ''];
      entries.push({ level, fields: { ...bound, ...fields }, msg });
    };
  const make = (bound: LogFields): Logger => ({
    debug: at('debug', bound),
    info: at('info', bound),
    warn: at('warn', bound),
    error: at('error', bound),
    child: (more) => make({ ...bound, ...more }),
  });
  return { log: make({}), entries };
}
