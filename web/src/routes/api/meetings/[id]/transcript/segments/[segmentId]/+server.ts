import { editSegmentBodySchema } from '@parley/protocol';
import type { RequestHandler } from './$types';
import { authorizeMeeting, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, readJson } from '#lib/server/http/index.ts';
import { editTextFor } from '#lib/server/transcript/index.ts';

/** Fixes a line's text: `{text, version}`; 409 with the line as it is now when stale. */
export const PATCH: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'edit_transcript');
  const body = await readJson(request, editSegmentBodySchema);
  const userId = requireUser(locals.principal).user.id;
  return editTextFor(db, { access, userId }, params.segmentId, body);
});
