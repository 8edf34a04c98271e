import type { RequestHandler } from './$types';
import { authorizeSubject, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';
import { mergeSubjectFor, mergeSubjectSchema } from '#lib/server/subjects/index.ts';

/** Moves this subject's meetings to `into` and deletes this subject. */
export const POST: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const db = getDb();
  const p = requireUser(locals.principal);
  const access = await authorizeSubject(db, p, params.id, 'update');
  const { into } = await readJson(request, mergeSubjectSchema);
  return jsonResponse(await mergeSubjectFor(db, p, access, into));
});
