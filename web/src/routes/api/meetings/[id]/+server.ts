import type { RequestHandler } from './$types';
import { requireApiUser } from '#lib/server/auth/index.ts';
import { getDb } from '#lib/server/db.ts';
import { ApiError, apiHandler, jsonResponse } from '#lib/server/http/index.ts';
import { getMeetingFor, toApiMeeting } from '#lib/server/meetings/index.ts';

export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const user = requireApiUser(locals);
  const meeting = await getMeetingFor(getDb(), user.id, params.id);
  if (!meeting) throw new ApiError(404, 'not_found', 'Meeting not found.');
  return jsonResponse({ meeting: toApiMeeting(meeting) });
});
