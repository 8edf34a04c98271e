import type { RequestHandler } from './$types';
import { authorizeMeeting, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';
import { createActionItemFor, createActionItemSchema } from '#lib/server/subjects/index.ts';

/** Adds a person's own action item to the meeting. */
export const POST: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'edit_action_items');
  const input = await readJson(request, createActionItemSchema);
  const item = await createActionItemFor(db, access, requireUser(locals.principal), input);
  return jsonResponse({ item }, 201);
});
