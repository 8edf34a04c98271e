import type { RequestHandler } from './$types';
import { authorizeTeam, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';
import { createEndpoint, createWebhookSchema, listEndpoints } from '#lib/server/webhooks/index.ts';

/** The team's webhook endpoints (owners and admins). */
export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const team = await authorizeTeam(
    getDb(),
    requireUser(locals.principal),
    params.id,
    'manage_settings',
  );
  return jsonResponse({ endpoints: await listEndpoints(getDb(), team.id) });
});

/** Adds an endpoint; the answer carries its signing secret, shown this once. */
export const POST: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const p = requireUser(locals.principal);
  const team = await authorizeTeam(getDb(), p, params.id, 'manage_settings');
  const input = await readJson(request, createWebhookSchema);
  return jsonResponse(await createEndpoint(getDb(), team.id, p.user.id, input), 201);
});
