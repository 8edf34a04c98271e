import type { RequestHandler } from './$types';
import { authorizeMeeting } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { ApiError, apiHandler } from '#lib/server/http/index.ts';
import { isUuid, revokeGuestLinkEverywhere } from '#lib/server/meetings/index.ts';

/**
 * Revokes a guest link (idempotent); guests who used it lose their session too and are taken out
 * of the live room.
 */
export const DELETE: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'create_guest_link');
  if (
    !isUuid(params.linkId) ||
    !(await revokeGuestLinkEverywhere(db, access.meeting, params.linkId))
  ) {
    throw new ApiError(404, 'not_found', 'Guest link not found.');
  }
  return new Response(null, { status: 204 });
});
