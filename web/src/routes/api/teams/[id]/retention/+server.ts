import { getTeamRetention, setTeamRetention } from '@parley/db';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { authorizeTeam, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';

const days = (name: string) =>
  z
    .number({ error: `${name} must be a number of days or null` })
    .int(`${name} must be a whole number of days`)
    .min(1, `${name} must be at least 1 day`)
    .max(3650, `${name} must be at most 3650 days`)
    .nullable();

const bodySchema = z.strictObject({
  recordingDays: days('recordingDays'),
  transcriptDays: days('transcriptDays'),
});

/** The team's retention: recordings and transcripts are deleted this many days on (null: kept). */
export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const team = await authorizeTeam(getDb(), requireUser(locals.principal), params.id, 'read');
  return jsonResponse({ retention: await getTeamRetention(getDb(), team.id) });
});

/** Changes the retention (owners and admins; members 403, others 404). */
export const PUT: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const p = requireUser(locals.principal);
  const input = await readJson(request, bodySchema);
  const team = await authorizeTeam(getDb(), p, params.id, 'manage_settings');
  await setTeamRetention(getDb(), team.id, input);
  return jsonResponse({ retention: await getTeamRetention(getDb(), team.id) });
});
