import type { RequestHandler } from './$types';
import { requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';
import { createTeamFor, createTeamSchema, listTeamsFor } from '#lib/server/teams/index.ts';

export const GET: RequestHandler = apiHandler(async ({ locals }) => {
  const p = requireUser(locals.principal);
  return jsonResponse({ items: await listTeamsFor(getDb(), p) });
});

export const POST: RequestHandler = apiHandler(async ({ locals, request }) => {
  const p = requireUser(locals.principal);
  const input = await readJson(request, createTeamSchema);
  const team = await createTeamFor(getDb(), p, input.name);
  return jsonResponse({ team }, 201, { location: `/api/teams/${team.id}` });
});
