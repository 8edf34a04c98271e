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
  createMeetingFor,
  createMeetingSchema,
  listMeetingsFor,
  listMeetingsQuerySchema,
} from '#lib/server/meetings/index.ts';

export const GET: RequestHandler = apiHandler(async ({ locals, url }) => {
  const p = requireUser(locals.principal);
  const query = listMeetingsQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) throw validationError(fieldErrors(query.error));
  const page = await listMeetingsFor(getDb(), p, query.data);
  if (!page) throw validationError({ cursor: 'Cursor is malformed.' });
  return jsonResponse(page);
});

export const POST: RequestHandler = apiHandler(async ({ locals, request }) => {
  const p = requireUser(locals.principal);
  const input = await readJson(request, createMeetingSchema);
  const meeting = await createMeetingFor(getDb(), p, input);
  return jsonResponse({ meeting }, 201, { location: `/api/meetings/${meeting.id}` });
});
