/** Log sink of the services (the agents' pino logger fits). Ids, counts and codes only, never text. */
export interface ServiceLogger {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
}

export const silentServiceLogger: ServiceLogger = { info: () => {}, warn: () => {} };
