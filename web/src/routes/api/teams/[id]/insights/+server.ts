import type { RequestHandler } from './$types';
import { requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, fieldErrors, jsonResponse, validationError } from '#lib/server/http/index.ts';
import { insightsQuerySchema, teamInsightsFor } from '#lib/server/teams/index.ts';

/** The team's meetings, action items and members' speech per week (any member). */
export const GET: RequestHandler = apiHandler(async ({ locals, params, url }) => {
  const p = requireUser(locals.principal);
  const query = insightsQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) throw validationError(fieldErrors(query.error));
  const r = await teamInsightsFor(getDb(), p, params.id, query.data.weeks);
  return jsonResponse(r.insights);
});
