import type { RequestHandler } from './$types';
import {
  createApiTokenSchema,
  createPersonalToken,
  listPersonalTokens,
} from '#lib/server/auth/index.ts';
import { requireSessionUser, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';

export const GET: RequestHandler = apiHandler(async ({ locals }) => {
  const p = requireUser(locals.principal);
  return jsonResponse({ items: await listPersonalTokens(getDb(), p.user.id) });
});

/** Creates a personal API token; the secret is in this response only. */
export const POST: RequestHandler = apiHandler(async ({ locals, request }) => {
  const p = requireSessionUser(locals.principal);
  const input = await readJson(request, createApiTokenSchema);
  return jsonResponse(await createPersonalToken(getDb(), p.user.id, input), 201);
});
