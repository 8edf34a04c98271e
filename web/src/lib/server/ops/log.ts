import { createLogger, type Logger } from '@parley/services/log';

export {
  createLogger,
  errorFields,
  type LogFields,
  type Logger,
  type LogLevel,
} from '@parley/services/log';

/** The web server's logger (service "parley-web"). */
export const log: Logger = createLogger({ service: 'parley-web' });
