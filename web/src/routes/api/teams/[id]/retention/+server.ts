import { getTeamRetention, setTeamRetention } from '@parley/db';
import type { RequestHandler } from './$types';
import { authorizeTeam, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';
import { retentionSchema } from '#lib/server/recording/index.ts';

/** The team's retention: recordings and transcripts are deleted this many days on (null: kept). */
export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const team = await authorizeTeam(getDb(), requireUser(locals.principal), params.id, 'read');
  return jsonResponse({ retention: await getTeamRetention(getDb(), team.id) });
});

/** Changes the retention (owners and admins; members 403, others 404). */
export const PUT: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const p = requireUser(locals.principal);
  const input = await readJson(request, retentionSchema);
  const team = await authorizeTeam(getDb(), p, params.id, 'manage_settings');
  await setTeamRetention(getDb(), team.id, input);
  return jsonResponse({ retention: await getTeamRetention(getDb(), team.id) });
});
