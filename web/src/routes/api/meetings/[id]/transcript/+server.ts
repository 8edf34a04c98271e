import type { RequestHandler } from './$types';
import { authorizeMeeting } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse } from '#lib/server/http/index.ts';
import { transcriptFor } from '#lib/server/transcript/index.ts';

/** The transcript with versions and speakers (members; `canEdit` for owners and admins). */
export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'read');
  return jsonResponse(await transcriptFor(db, access));
});
