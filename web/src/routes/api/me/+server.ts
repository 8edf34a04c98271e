import type { RequestHandler } from './$types';
import { deleteAccount, deleteAccountSchema } from '#lib/server/account/index.ts';
import { requirePrincipal, requireSessionUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';

export const GET: RequestHandler = apiHandler(({ locals }) => {
  const p = requirePrincipal(locals.principal);
  if (p.kind === 'guest') {
    return Promise.resolve(
      jsonResponse({
        guest: {
          identity: p.guest.identity,
          displayName: p.guest.displayName,
          meetingId: p.guest.meetingId,
        },
      }),
    );
  }
  return Promise.resolve(jsonResponse({ user: p.user, via: p.via }));
});

/** Deletes the account (password required; browser session only). */
export const DELETE: RequestHandler = apiHandler(async ({ locals, request, cookies, url }) => {
  const p = requireSessionUser(locals.principal);
  const input = await readJson(request, deleteAccountSchema);
  const r = await deleteAccount(getDb(), p.user.id, input.password, {
    cookies,
    secure: url.protocol === 'https:',
  });
  return jsonResponse(r);
});
