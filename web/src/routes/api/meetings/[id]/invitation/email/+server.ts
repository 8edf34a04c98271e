import { inviteEmailRequestSchema } from '@parley/protocol';
import type { RequestHandler } from './$types';
import { authorizeMeeting, requireUser } from '#lib/server/authz/index.ts';
import { emailInvite } from '#lib/server/calendar/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readOptionalJson } from '#lib/server/http/index.ts';

/**
 * Emails the meeting's .ics invite (`{to?: string[]}`, ≤ 50 addresses; default: its invitees)
 * — people who may edit the meeting; rate-limited per user (RATE_LIMIT_INVITE_EMAIL).
 */
export const POST: RequestHandler = apiHandler(async ({ locals, params, request, url }) => {
  const db = getDb();
  const p = requireUser(locals.principal);
  const access = await authorizeMeeting(db, p, params.id, 'update');
  const input = await readOptionalJson(request, inviteEmailRequestSchema);
  return jsonResponse(await emailInvite(db, p, access.meeting, input, url.origin));
});
