import type { RequestHandler } from './$types';
import { authorizeSubject } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';
import { subjectView, updateSubjectFor, updateSubjectSchema } from '#lib/server/subjects/index.ts';

/** The subject with its memory: timeline, metric series, open action items, never-covered items. */
export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeSubject(db, locals.principal, params.id, 'read');
  return jsonResponse(await subjectView(db, access));
});

/** Rename or re-kind (the subject's meetings follow the new name). */
export const PATCH: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const db = getDb();
  const access = await authorizeSubject(db, locals.principal, params.id, 'update');
  const input = await readJson(request, updateSubjectSchema);
  return jsonResponse({ subject: await updateSubjectFor(db, access, input) });
});
