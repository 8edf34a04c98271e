import type { RequestHandler } from './$types';
import { requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, fieldErrors, jsonResponse, validationError } from '#lib/server/http/index.ts';
import { searchFor, searchQuerySchema } from '#lib/server/search/index.ts';

/**
 * Searches every meeting the caller may see: full-text (websearch syntax: "quotes", or, -word)
 * plus semantic when configured, fused by rank. Any text is a valid query (maybe no hits).
 */
export const GET: RequestHandler = apiHandler(async ({ locals, url }) => {
  const p = requireUser(locals.principal);
  const query = searchQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) throw validationError(fieldErrors(query.error));
  return jsonResponse(await searchFor(getDb(), p, query.data));
});
