import type { RequestHandler } from './$types';
import { requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, fieldErrors, jsonResponse, validationError } from '#lib/server/http/index.ts';
import { sttUsageQuerySchema, teamSttUsageFor } from '#lib/server/teams/index.ts';

/** Audio sent to each STT provider by the team's meetings (owners and admins). */
export const GET: RequestHandler = apiHandler(async ({ locals, params, url }) => {
  const p = requireUser(locals.principal);
  const query = sttUsageQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) throw validationError(fieldErrors(query.error));
  return jsonResponse(await teamSttUsageFor(getDb(), p, params.id, query.data.days));
});
