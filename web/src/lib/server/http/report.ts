import { errorFields, log } from '../ops/log.ts';

/** Paths whose segment after the prefix is a secret (guest, team invite, reset and share links). */
const SECRET_PATH = /^(\/(?:g|invite|reset|s|api\/shares)\/)[^/]+/;

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
