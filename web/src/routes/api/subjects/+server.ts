import type { RequestHandler } from './$types';
import { requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import {
  apiHandler,
  fieldErrors,
  jsonResponse,
  readJson,
  validationError,
} from '#lib/server/http/index.ts';
import {
  createSubjectFor,
  createSubjectSchema,
  listSubjectsFor,
  listSubjectsQuerySchema,
} from '#lib/server/subjects/index.ts';

/** Subjects the caller may see, most recently met first (`q`: typeahead by name prefix). */
export const GET: RequestHandler = apiHandler(async ({ locals, url }) => {
  const p = requireUser(locals.principal);
  const query = listSubjectsQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) throw validationError(fieldErrors(query.error));
  return jsonResponse({ items: await listSubjectsFor(getDb(), p, query.data) });
});

export const POST: RequestHandler = apiHandler(async ({ locals, request }) => {
  const p = requireUser(locals.principal);
  const input = await readJson(request, createSubjectSchema);
  const subject = await createSubjectFor(getDb(), p, input);
  return jsonResponse({ subject }, 201, { location: `/api/subjects/${subject.id}` });
});
