import type { RequestHandler } from './$types';
import { authorizeMeeting, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';
import { editSummaryFor, editSummarySchema } from '#lib/server/search/index.ts';
import { summaryUpdatedWebhookEvent } from '#lib/server/webhooks/index.ts';

/**
 * Replaces the summary with a person's version (the meeting's editors: owner, team owners and
 * admins). Re-runs of the post-meeting steps keep it; `…/summary/revert` brings back theirs.
 * Either way the team's endpoints get `summary.updated`.
 */
export const PUT: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'edit_transcript');
  const input = await readJson(request, editSummarySchema);
  const user = requireUser(locals.principal);
  const summary = await editSummaryFor(db, access.meeting.id, user.user.id, input);
  await summaryUpdatedWebhookEvent(db, access.meeting.id);
  return jsonResponse({ summary });
});
