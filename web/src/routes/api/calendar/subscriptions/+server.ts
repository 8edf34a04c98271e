import type { RequestHandler } from './$types';
import { z } from 'zod';
import { requireUser } from '#lib/server/authz/index.ts';
import { listSubscriptions, subscribe } from '#lib/server/calendar/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';

const subscribeSchema = z.strictObject({
  url: z
    .string({ error: 'url is required.' })
    .trim()
    .min(8, 'url must be an http(s) or webcal URL.')
    .max(2048, 'url must be at most 2048 characters.'),
  teamId: z.uuid({ error: 'teamId must be a team id (UUID).' }).nullable().optional(),
});

/** The caller's ICS subscriptions (polled every CALENDAR_POLL_MINUTES). */
export const GET: RequestHandler = apiHandler(async ({ locals }) => {
  const p = requireUser(locals.principal);
  return jsonResponse({ subscriptions: await listSubscriptions(getDb(), p.user.id) });
});

/** Subscribes to an ICS feed (checked like webhook URLs) and polls it once at once. */
export const POST: RequestHandler = apiHandler(async ({ locals, request }) => {
  const p = requireUser(locals.principal);
  const input = await readJson(request, subscribeSchema);
  return jsonResponse(
    { subscription: await subscribe(getDb(), p, input.url, input.teamId ?? null) },
    201,
  );
});
