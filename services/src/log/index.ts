export {
  captureLogs,
  createLogger,
  errorFields,
  LOG_LEVELS,
  silentLogger,
  type LogEntry,
  type LogError,
  type LogFields,
  type Logger,
  type LoggerOptions,
  type LogLevel,
} from './logger.ts';
