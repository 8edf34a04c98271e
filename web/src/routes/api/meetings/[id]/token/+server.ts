import type { RequestHandler } from './$types';
import { authorizeMeeting, requirePrincipal } from '#lib/server/authz/index.ts';
import { config } from '#lib/server/config.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readOptionalJson } from '#lib/server/http/index.ts';
import { issueMeetingToken } from '#lib/server/livekit/index.ts';
import { tokenRequestSchema } from '#lib/server/meetings/index.ts';

/**
 * A LiveKit join token for the caller: members and hosts get member grants, guests (checked
 * against their guest session on every call) get guest grants. Rate-limited per caller in the
 * hooks (RATE_LIMIT_TOKEN).
 */
export const POST: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  await readOptionalJson(request, tokenRequestSchema);
  const p = requirePrincipal(locals.principal);
  const access = await authorizeMeeting(getDb(), p, params.id, 'join', {
    cacheMs: config().accessCacheMs,
    prefetched: locals.prefetchedAccess,
  });
  const who =
    p.kind === 'guest'
      ? { identity: p.guest.identity, name: p.guest.displayName, guest: true }
      : { identity: p.user.id, name: p.user.name, guest: false };
  return jsonResponse(await issueMeetingToken(who, access.meeting));
});
