import type { RequestHandler } from './$types';
import {
  accountSettingsSchema,
  deleteAccount,
  deleteAccountSchema,
  accountSettings,
  renameUser,
  updateAccountSettings,
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
  return jsonResponse({
    user: p.user,
    via: p.via,
    settings: await accountSettings(getDb(), p.user.id),
  });
});

/** Changes the account's email settings (`followupEmail`, `actionItemReminders`) and profile (`name`). */
export const PATCH: RequestHandler = apiHandler(async ({ locals, request }) => {
  const p = requireUser(locals.principal);
  const input = await readJson(request, accountSettingsSchema);
  const db = getDb();
  const settings = await updateAccountSettings(db, p.user.id, input);
  if (input.name !== undefined) await renameUser(db, p.user.id, input.name);
  return jsonResponse({ user: { ...p.user, name: input.name ?? p.user.name }, settings });
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
