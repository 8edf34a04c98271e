import type { RequestHandler } from './$types';
import { authorizeMeeting, requireUser } from '#lib/server/authz/index.ts';
import { config } from '#lib/server/config.ts';
import { getDb } from '#lib/server/db.ts';
import {
  createGuestLinkFor,
  createGuestLinkSchema,
  listGuestLinksFor,
} from '#lib/server/guests/index.ts';
import { apiHandler, jsonResponse, readOptionalJson } from '#lib/server/http/index.ts';

export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'create_guest_link');
  return jsonResponse({ items: await listGuestLinksFor(db, access.meeting.id) });
});

/** A guest link for this meeting (hosts); the secret is in this response only. */
export const POST: RequestHandler = apiHandler(async ({ locals, params, request, url }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'create_guest_link');
  const input = await readOptionalJson(request, createGuestLinkSchema);
  const hours = input.expiresInHours ?? config().guestLinkTtlHours;
  const r = await createGuestLinkFor(
    db,
    access.meeting.id,
    requireUser(locals.principal).user.id,
    hours,
  );
  return jsonResponse({ ...r, url: url.origin + r.path }, 201);
});
