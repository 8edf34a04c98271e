import type { RequestHandler } from './$types';
import { authorizeMeeting } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse } from '#lib/server/http/index.ts';
import { followupStatusFor, resendFollowupFor } from '#lib/server/meetings/index.ts';

/** What became of the follow-up email (hosts): counts, the sending, whether it may go again. */
export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'update');
  return jsonResponse({ followup: await followupStatusFor(db, access.meeting) });
});

/** Sends it again, marked as an update (hosts): 202, or 409 saying why not now. */
export const POST: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'update');
  return jsonResponse({ followup: await resendFollowupFor(db, access.meeting) }, 202);
});
