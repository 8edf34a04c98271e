const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True for a UUID string (any case): meeting, user, item and chat ids. Checked before an id from
 * a URL, a webhook or a data packet reaches a `uuid` column, so a bad one is "not found", never a
 * database error.
 */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
