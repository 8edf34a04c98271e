import { splitSegmentBodySchema } from '@parley/protocol';
import type { RequestHandler } from './$types';
import { authorizeMeeting, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, readJson } from '#lib/server/http/index.ts';
import { splitFor } from '#lib/server/transcript/index.ts';

/** Splits a line in two at `offset` characters: `{offset, version}`. */
export const POST: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'edit_transcript');
  const body = await readJson(request, splitSegmentBodySchema);
  const userId = requireUser(locals.principal).user.id;
  return splitFor(db, { access, userId }, params.segmentId, body);
});
