import type { RequestHandler } from './$types';
import { requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';
import { askFor, askSchema } from '#lib/server/search/index.ts';

/** "Ask your meetings": a grounded answer with numbered citations, or the top passages. */
export const POST: RequestHandler = apiHandler(async ({ locals, request }) => {
  const p = requireUser(locals.principal);
  const input = await readJson(request, askSchema);
  return jsonResponse(await askFor(getDb(), p, input));
});
