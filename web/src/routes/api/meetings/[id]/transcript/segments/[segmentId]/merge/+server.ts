import { mergeSegmentBodySchema } from '@parley/protocol';
import type { RequestHandler } from './$types';
import { authorizeMeeting, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, readJson } from '#lib/server/http/index.ts';
import { mergeFor } from '#lib/server/transcript/index.ts';

/** Merges a line with the next one (the same speaker's): `{version, nextSegmentId?}`. */
export const POST: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'edit_transcript');
  const body = await readJson(request, mergeSegmentBodySchema);
  const userId = requireUser(locals.principal).user.id;
  return mergeFor(db, { access, userId }, params.segmentId, body);
});
