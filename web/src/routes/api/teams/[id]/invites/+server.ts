import type { RequestHandler } from './$types';
import { requireUser } from '#lib/server/authz/index.ts';
import { config } from '#lib/server/config.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readOptionalJson } from '#lib/server/http/index.ts';
import { createInviteSchema, inviteToTeam } from '#lib/server/teams/index.ts';

/** A single-use, expiring invite link (team owners and admins), emailed when `email` is given. */
export const POST: RequestHandler = apiHandler(async ({ locals, params, request, url }) => {
  const p = requireUser(locals.principal);
  const input = await readOptionalJson(request, createInviteSchema);
  const invite = await inviteToTeam(
    getDb(),
    p,
    params.id,
    input.role,
    config().teamInviteTtlHours,
    input.email ? { to: input.email, origin: url.origin } : undefined,
  );
  return jsonResponse({ ...invite, url: url.origin + invite.path }, 201);
});
