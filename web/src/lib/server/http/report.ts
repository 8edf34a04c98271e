import { errorFields, log } from '../ops/log.ts';

/**
 * Logs an unexpected error with a fresh reference id (one JSON line) and returns the id, so
 * responses can quote it without leaking the error text.
 */
export function reportError(
  error: unknown,
  context: { method?: string; path?: string } = {},
): string {
  const id = crypto.randomUUID();
  log.error({ errorId: id, ...context, ...errorFields(error) }, 'unexpected error');
  return id;
}
