import type { RequestHandler } from './$types';
import {
  accountSettingsSchema,
  deleteAccount,
  deleteAccountSchema,
  followupEmailSetting,
  setFollowupEmail,
} from '#lib/server/account/index.ts';
import { requirePrincipal, requireSessionUser, requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { apiHandler, jsonResponse, readJson } from '#lib/server/http/index.ts';

export const GET: RequestHandler = apiHandler(async ({ locals }) => {
  const p = requirePrincipal(locals.principal);
  if (p.kind === 'guest') {
    return jsonResponse({
      guest: {
        identity: p.guest.identity,
        displayName: p.guest.displayName,
        meetingId: p.guest.meetingId,
      },
    });
  }
  const settings = { followupEmail: await followupEmailSetting(getDb(), p.user.id) };
  return jsonResponse({ user: p.user, via: p.via, settings });
});

/** Changes the account's settings (`followupEmail`). */
export const PATCH: RequestHandler = apiHandler(async ({ locals, request }) => {
  const p = requireUser(locals.principal);
  const input = await readJson(request, accountSettingsSchema);
  await setFollowupEmail(getDb(), p.user.id, input.followupEmail);
  return jsonResponse({ settings: { followupEmail: input.followupEmail } });
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
