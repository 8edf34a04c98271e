import type { RequestHandler } from './$types';
import { requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';
import { acceptInvite, acceptInviteSchema } from '#lib/server/teams/index.ts';

/** Joins the team of an invite (single use; 401 when used, expired or unknown). */
export const POST: RequestHandler = apiHandler(async ({ locals, request }) => {
  const p = requireUser(locals.principal);
  const input = await readJson(request, acceptInviteSchema);
  return jsonResponse({ team: await acceptInvite(getDb(), p, input.token) });
});
