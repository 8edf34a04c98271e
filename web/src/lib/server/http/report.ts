/**
 * Logs an unexpected error with a fresh reference id and returns the id, so responses can quote
 * it without leaking the error text.
 */
export function reportError(
  error: unknown,
  context: { method?: string; path?: string } = {},
): string {
  const id = crypto.randomUUID();
  const where = context.path ? ` ${context.method ?? ''} ${context.path}` : '';
  console.error(`[parley-web] error ${id}${where}:`, error);
  return id;
}
