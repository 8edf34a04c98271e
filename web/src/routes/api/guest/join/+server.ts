import type { RequestHandler } from './$types';
import { config } from '#lib/server/config.ts';
import { getDb } from '#lib/server/db.ts';
import { guestJoinSchema, joinAsGuest, setGuestCookie } from '#lib/server/guests/index.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';

/**
 * Guest link + display name → a guest session for that one meeting (cookie, and the session token
 * in the body for scripts: `Authorization: Bearer <token>`).
 */
export const POST: RequestHandler = apiHandler(async ({ request, cookies, url }) => {
  const input = await readJson(request, guestJoinSchema);
  const g = await joinAsGuest(getDb(), input, config().guestSessionTtlHours);
  setGuestCookie(cookies, g.token, url.protocol === 'https:', g.expiresAt);
  return jsonResponse(
    {
      guestToken: g.token,
      meetingId: g.meetingId,
      identity: g.identity,
      expiresAt: g.expiresAt.toISOString(),
    },
    201,
  );
});
