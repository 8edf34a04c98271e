import type { RequestHandler } from './$types';
import { requireApiUser } from '#lib/server/auth/index.ts';
import { getDb } from '#lib/server/db.ts';
import {
  ApiError,
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
  const user = requireApiUser(locals);
  const query = listMeetingsQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) throw validationError(fieldErrors(query.error));
  const page = await listMeetingsFor(getDb(), user.id, query.data);
  if (!page) {
    throw new ApiError(422, 'validation_failed', 'Some fields are invalid.', {
      fields: { cursor: 'Cursor is malformed.' },
    });
  }
  return jsonResponse(page);
});

export const POST: RequestHandler = apiHandler(async ({ locals, request }) => {
  const user = requireApiUser(locals);
  const input = await readJson(request, createMeetingSchema);
  const meeting = await createMeetingFor(getDb(), user.id, input);
  return jsonResponse({ meeting }, 201, { location: `/api/meetings/${meeting.id}` });
});
