import type { RequestHandler } from './$types';
import { confirmPasswordResetSchema, resetPassword } from '#lib/server/account/index.ts';
import { getDb } from '#lib/server/db.ts';
import { ApiError, apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';

/** Sets a new password with an emailed link's token; signs in (every other session ends). */
export const POST: RequestHandler = apiHandler(async ({ request, cookies, url }) => {
  const input = await readJson(request, confirmPasswordResetSchema);
  const user = await resetPassword(getDb(), input.token, input.password, {
    cookies,
    secure: url.protocol === 'https:',
  });
  if (!user) {
    throw new ApiError(410, 'reset_link_gone', 'This link has expired or was already used.');
  }
  return jsonResponse({ user });
});
