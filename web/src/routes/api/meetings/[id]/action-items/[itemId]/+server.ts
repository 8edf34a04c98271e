import type { RequestHandler } from './$types';
import { authorizeMeeting, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';
import { updateActionItemFor, updateActionItemSchema } from '#lib/server/subjects/index.ts';

/** Done / undo, text, assignee, due date, accept / reject; kept across pipeline re-runs. */
export const PATCH: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'edit_action_items');
  const input = await readJson(request, updateActionItemSchema);
  const p = requireUser(locals.principal);
  return jsonResponse({ item: await updateActionItemFor(db, access, p, params.itemId, input) });
});
