import type { RequestHandler } from './$types';
import { requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, fieldErrors, jsonResponse, validationError } from '#lib/server/http/index.ts';
import { listActionItemsFor, listActionItemsQuerySchema } from '#lib/server/subjects/index.ts';

/** Action items of every meeting the caller may see: theirs or everyone's, open or done. */
export const GET: RequestHandler = apiHandler(async ({ locals, url }) => {
  const p = requireUser(locals.principal);
  const query = listActionItemsQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) throw validationError(fieldErrors(query.error));
  return jsonResponse(await listActionItemsFor(getDb(), p, query.data));
});
