import type { RequestHandler } from './$types';
import { authorizeTeam, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse } from '#lib/server/http/index.ts';
import { redeliver } from '#lib/server/webhooks/index.ts';

/** Sends the delivery again (same `webhook-id`, fresh timestamp and signature). */
export const POST: RequestHandler = apiHandler(async ({ locals, params }) => {
  const team = await authorizeTeam(
    getDb(),
    requireUser(locals.principal),
    params.id,
    'manage_settings',
  );
  const delivery = await redeliver(getDb(), team.id, params.endpointId, params.deliveryId);
  return jsonResponse({ delivery }, 202);
});
