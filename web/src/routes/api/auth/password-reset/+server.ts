import { PASSWORD_RESET_TTL_MINUTES } from '@parley/db';
import type { RequestHandler } from './$types';
import { forgotPasswordSchema, requestPasswordReset } from '#lib/server/account/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';
import { mailAvailable, mailNotConfigured } from '#lib/server/mail/index.ts';
import { limitError } from '#lib/server/rate-limit/index.ts';

/**
 * Emails a reset link when the address has an account. 202 either way (the answer never says
 * which); 503 without SMTP; 429 over RATE_LIMIT_PASSWORD_RESET.
 */
export const POST: RequestHandler = apiHandler(async ({ request, url, getClientAddress }) => {
  const input = await readJson(request, forgotPasswordSchema);
  if (!mailAvailable()) throw mailNotConfigured();
  const limit = await requestPasswordReset(getDb(), input.email, {
    ip: getClientAddress(),
    origin: url.origin,
  });
  if (!limit.allowed) throw limitError(limit);
  return jsonResponse({ linkValidMinutes: PASSWORD_RESET_TTL_MINUTES }, 202);
});
