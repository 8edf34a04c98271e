import type { RequestHandler } from './$types';
import { authorizeTeam, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';
import { removeEndpoint, updateEndpoint, updateWebhookSchema } from '#lib/server/webhooks/index.ts';

/** Changes the URL, events, description, or turns it on (forgetting past failures) or off. */
export const PATCH: RequestHandler = apiHandler(async ({ locals, params, request }) => {
  const team = await authorizeTeam(
    getDb(),
    requireUser(locals.principal),
    params.id,
    'manage_settings',
  );
  const input = await readJson(request, updateWebhookSchema);
  return jsonResponse({
    endpoint: await updateEndpoint(getDb(), team.id, params.endpointId, input),
  });
});

/** Deletes the endpoint and its delivery log. */
export const DELETE: RequestHandler = apiHandler(async ({ locals, params }) => {
  const team = await authorizeTeam(
    getDb(),
    requireUser(locals.principal),
    params.id,
    'manage_settings',
  );
  await removeEndpoint(getDb(), team.id, params.endpointId);
  return new Response(null, { status: 204 });
});
