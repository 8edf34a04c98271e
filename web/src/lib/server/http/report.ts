import { errorFields, log } from '../ops/log.ts';

/** Pages whose last path segment is a secret (a guest link, a team invite, a reset link). */
const SECRET_PATH = /^(\/(?:g|invite|reset)\/)[^/]+/;

/** The path as it may be logged: a secret link's token becomes `:token`. */
export function loggablePath(path: string): string {
  return path.replace(SECRET_PATH, '$1:token');
}

/**
 * Logs an unexpected error with a fresh reference id (one JSON line) and returns the id, so
 * responses can quote it without leaking the error text (nor a secret link's token).
 */
export function reportError(
  error: unknown,
  context: { method?: string; path?: string } = {},
): string {
  const id = crypto.randomUUID();
  const where =
    context.path === undefined ? context : { ...context, path: loggablePath(context.path) };
  log.error({ errorId: id, ...where, ...errorFields(error) }, 'unexpected error');
  return id;
}
