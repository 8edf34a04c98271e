import { renameSpeakerBodySchema } from '@parley/protocol';
import type { RequestHandler } from './$types';
import { authorizeMeeting, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, readJson } from '#lib/server/http/index.ts';
import { renameSpeakerFor } from '#lib/server/transcript/index.ts';

/** Names a speaker for the whole meeting: `{speakerKey, name}` or `{speakerKey, userId}`. */
export const PUT: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'edit_transcript');
  const body = await readJson(request, renameSpeakerBodySchema);
  const userId = requireUser(locals.principal).user.id;
  return renameSpeakerFor(db, { access, userId }, body);
});
