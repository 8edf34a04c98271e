import type { RequestHandler } from './$types';
import { allowedActions, authorizeMeeting, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';
import {
  deleteMeetingEverywhere,
  toApiMeeting,
  updateMeetingFor,
  updateMeetingSchema,
} from '#lib/server/meetings/index.ts';

export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const access = await authorizeMeeting(getDb(), locals.principal, params.id, 'read');
  return jsonResponse({
    meeting: toApiMeeting(access.meeting),
    access: { role: access.role, actions: allowedActions(access.role) },
  });
});

export const PATCH: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'update');
  const input = await readJson(request, updateMeetingSchema);
  const meeting = await updateMeetingFor(db, requireUser(locals.principal), access, input);
  return jsonResponse({ meeting });
});

/** Deletes the meeting, its rows, stored objects and index entries. */
export const DELETE: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'delete');
  await deleteMeetingEverywhere(db, access.meeting);
  return new Response(null, { status: 204 });
});
