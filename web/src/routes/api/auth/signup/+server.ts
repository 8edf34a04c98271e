import type { RequestHandler } from './$types';
import { establishSession, signUp, signupSchema } from '#lib/server/auth/index.ts';
import { config } from '#lib/server/config.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson, validationError } from '#lib/server/http/index.ts';

export const POST: RequestHandler = apiHandler(async ({ request, cookies, url }) => {
  const input = await readJson(request, signupSchema);
  const db = getDb();
  const result = await signUp(db, input);
  if ('fields' in result) throw validationError(result.fields);
  await establishSession(db, result.user.id, {
    cookies,
    secure: url.protocol === 'https:',
    sessionTtlDays: config().sessionTtlDays,
  });
  return jsonResponse({ user: result.user }, 201);
});
