import type { RequestHandler } from './$types';
import { authorizeTeam, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse } from '#lib/server/http/index.ts';
import { rotateSecret } from '#lib/server/webhooks/index.ts';

/** A new signing secret (shown once); the old one still signs during WEBHOOK_SECRET_GRACE_HOURS. */
export const POST: RequestHandler = apiHandler(async ({ locals, params }) => {
  const team = await authorizeTeam(
    getDb(),
    requireUser(locals.principal),
    params.id,
    'manage_settings',
  );
  return jsonResponse(await rotateSecret(getDb(), team.id, params.endpointId));
});
