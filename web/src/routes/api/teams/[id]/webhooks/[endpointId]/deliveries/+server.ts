import type { RequestHandler } from './$types';
import { authorizeTeam, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { ApiError, apiHandler, jsonResponse } from '#lib/server/http/index.ts';
import { listDeliveries } from '#lib/server/webhooks/index.ts';

/** The endpoint's delivery log, newest first (`?limit=`, 1–200, default 50). */
export const GET: RequestHandler = apiHandler(async ({ locals, params, url }) => {
  const team = await authorizeTeam(
    getDb(),
    requireUser(locals.principal),
    params.id,
    'manage_settings',
  );
  const raw = url.searchParams.get('limit') ?? '50';
  const limit = Number(raw);
  if (!/^\d{1,3}$/.test(raw) || limit < 1 || limit > 200) {
    throw new ApiError(400, 'validation_failed', 'limit must be a whole number from 1 to 200.', {
      fields: { limit: 'limit must be a whole number from 1 to 200.' },
    });
  }
  return jsonResponse({
    deliveries: await listDeliveries(getDb(), team.id, params.endpointId, limit),
  });
});
