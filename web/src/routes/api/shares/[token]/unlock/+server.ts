import type { RequestHandler } from './$types';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, readJson } from '#lib/server/http/index.ts';
import {
  SHARE_HEADERS,
  shareGrantCookieOptions,
  unlockShare,
  unlockShareSchema,
} from '#lib/server/shares/index.ts';

/**
 * Gives a link's password: a cookie lets this client open the link for 12 hours (204). 422
 * naming `password` when wrong, 429 after too many tries, 404 for an unusable link.
 */
export const POST: RequestHandler = apiHandler(
  async ({ params, request, cookies, url, getClientAddress }) => {
    const { password } = await readJson(request, unlockShareSchema);
    const grant = await unlockShare(getDb(), params.token, password, getClientAddress());
    cookies.set(grant.name, grant.value, shareGrantCookieOptions(grant, url));
    return new Response(null, { status: 204, headers: SHARE_HEADERS });
  },
);
