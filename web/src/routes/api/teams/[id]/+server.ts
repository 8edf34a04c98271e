import type { RequestHandler } from './$types';
import { requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { usableSttProvidersFor } from '#lib/server/transcription/index.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';
import {
  deleteTeamFor,
  teamDetail,
  updateTeamFor,
  updateTeamSchema,
} from '#lib/server/teams/index.ts';

/** The team and its members; for owners and admins also which STT providers have a key here. */
export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const p = requireUser(locals.principal);
  const detail = await teamDetail(getDb(), p, params.id);
  return jsonResponse({
    ...detail,
    usableSttProviders: await usableSttProvidersFor(detail.team.role),
  });
});

/** Changes the team's settings (owners and admins): `sttProvider` (an STT_PROVIDERS id or null). */
export const PATCH: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const p = requireUser(locals.principal);
  const input = await readJson(request, updateTeamSchema);
  return jsonResponse({ team: await updateTeamFor(getDb(), p, params.id, input) });
});

/** Deletes the team (owners). Its meetings stay with their owners as personal meetings. */
export const DELETE: RequestHandler = apiHandler(async ({ locals, params }) => {
  const p = requireUser(locals.principal);
  await deleteTeamFor(getDb(), p, params.id);
  return new Response(null, { status: 204 });
});
