import type { RequestHandler } from './$types';
import {
  checkSignupLimit,
  establishSession,
  signUp,
  signupSchema,
} from '#lib/server/auth/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson, validationError } from '#lib/server/http/index.ts';
import { limitError } from '#lib/server/rate-limit/index.ts';

export const POST: RequestHandler = apiHandler(
  async ({ request, cookies, url, getClientAddress }) => {
    const input = await readJson(request, signupSchema);
    const limit = await checkSignupLimit(getClientAddress());
    if (!limit.allowed) throw limitError(limit);
    const db = getDb();
    const result = await signUp(db, input);
    if ('fields' in result) throw validationError(result.fields);
    await establishSession(db, result.user.id, { cookies, secure: url.protocol === 'https:' });
    return jsonResponse({ user: result.user }, 201);
  },
);
