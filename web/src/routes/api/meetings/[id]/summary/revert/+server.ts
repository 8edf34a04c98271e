import type { RequestHandler } from './$types';
import { authorizeMeeting } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse } from '#lib/server/http/index.ts';
import { revertSummaryFor } from '#lib/server/search/index.ts';
import { summaryUpdatedWebhookEvent } from '#lib/server/webhooks/index.ts';

/** Drops people's edits of the summary: the post-meeting steps' latest version shows again. */
export const POST: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'edit_transcript');
  const summary = await revertSummaryFor(db, access.meeting.id);
  await summaryUpdatedWebhookEvent(db, access.meeting.id);
  return jsonResponse({ summary });
});
