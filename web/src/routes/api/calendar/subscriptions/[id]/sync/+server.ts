import type { RequestHandler } from './$types';
import { requireUser } from '#lib/server/authz/index.ts';
import { syncSubscription } from '#lib/server/calendar/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse } from '#lib/server/http/index.ts';

/** Fetches the feed now (instead of waiting for the poller); the outcome is on the answer. */
export const POST: RequestHandler = apiHandler(async ({ locals, params }) => {
  const p = requireUser(locals.principal);
  return jsonResponse({ subscription: await syncSubscription(getDb(), p.user.id, params.id) });
});
