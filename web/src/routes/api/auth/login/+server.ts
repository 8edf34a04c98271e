import type { RequestHandler } from './$types';
import { BAD_CREDENTIALS, attemptLogin, loginSchema } from '#lib/server/auth/index.ts';
import { getDb } from '#lib/server/db.ts';
import { ApiError, apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';

export const POST: RequestHandler = apiHandler(
  async ({ request, cookies, url, getClientAddress }) => {
    const input = await readJson(request, loginSchema);
    const result = await attemptLogin(getDb(), input, {
      ip: getClientAddress(),
      cookies,
      secure: url.protocol === 'https:',
    });
    if (result.ok) return jsonResponse({ user: result.user });
    if (result.reason === 'rate_limited' || result.reason === 'unavailable') {
      const status = result.reason === 'rate_limited' ? 429 : 503;
      throw new ApiError(
        status,
        result.reason === 'rate_limited' ? 'rate_limited' : 'rate_limiter_unavailable',
        'Too many login attempts. Try again later.',
        {
          headers: { 'retry-after': String(result.retryAfterSeconds) },
        },
      );
    }
    throw new ApiError(401, 'invalid_credentials', BAD_CREDENTIALS);
  },
);
