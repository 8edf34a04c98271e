import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import {
  accountSettingsSchema,
  changePassword,
  changePasswordSchema,
  deleteAccount,
  deleteAccountSchema,
  accountSettings,
  logOutEverywhere,
  renameUser,
  updateAccountSettings,
} from '#lib/server/account/index.ts';
import {
  createApiTokenSchema,
  createPersonalToken,
  listPersonalTokens,
  revokePersonalToken,
} from '#lib/server/auth/index.ts';
import { requireSessionUser, requireUser } from '#lib/server/authz/index.ts';
import { listBriefEmails, listReminders } from '@parley/db';
import { getDb } from '#lib/server/db.ts';
import { fieldErrors, formText } from '#lib/server/http/index.ts';
import { pageAction, pageLoad } from '#lib/server/http/page.ts';

export const load: PageServerLoad = ({ locals }) =>
  pageLoad(async () => {
    const { user } = requireUser(locals.principal);
    const userId = user.id;
    const db = getDb();
    const [settings, [lastReminder], [lastBrief]] = await Promise.all([
      accountSettings(db, userId),
      listReminders(db, userId, 1),
      listBriefEmails(db, userId, 1),
    ]);
    // A saved name this list lacks (an alias such as Asia/Calcutta, or UTC) stays choosable, so
    // saving the form does not reset it.
    const zones = Intl.supportedValuesOf('timeZone');
    const timeZones =
      settings.timeZone && !zones.includes(settings.timeZone)
        ? [settings.timeZone, ...zones]
        : zones;
    return {
      profile: { name: user.name, email: user.email },
      tokens: await listPersonalTokens(getDb(), userId),
      settings,
      timeZones,
      lastReminder: lastReminder
        ? {
            period: lastReminder.period,
            status: lastReminder.status,
            items: lastReminder.itemCount,
            sentAt: lastReminder.sentAt?.toISOString() ?? null,
          }
        : null,
      lastBrief: lastBrief
        ? {
            meetingTitle: lastBrief.meetingTitle,
            scheduledFor: lastBrief.scheduledFor.toISOString(),
            status: lastBrief.status,
            sentAt: lastBrief.sentAt?.toISOString() ?? null,
          }
        : null,
    };
  });

/** A form's hour: '' is none (null); anything else is left for the schema to judge. */
const hourField = (v: string): number | null => (v === '' ? null : Number(v));

export const actions: Actions = {
  profile: async ({ locals, request }) => {
    const parsed = accountSettingsSchema.safeParse({
      name: formText(await request.formData(), 'name'),
    });
    if (!parsed.success) return fail(422, { form: 'profile', fields: fieldErrors(parsed.error) });
    await renameUser(getDb(), requireUser(locals.principal).user.id, parsed.data.name ?? '');
    return { form: 'profile', done: true };
  },
  password: async ({ locals, request, cookies, url }) => {
    const form = await request.formData();
    const parsed = changePasswordSchema.safeParse({
      currentPassword: formText(form, 'currentPassword'),
      newPassword: formText(form, 'newPassword'),
    });
    if (!parsed.success) return fail(422, { form: 'password', fields: fieldErrors(parsed.error) });
    const r = await pageAction(async () => {
      const p = requireSessionUser(locals.principal);
      await changePassword(getDb(), p.user.id, parsed.data, {
        cookies,
        secure: url.protocol === 'https:',
      });
      return { form: 'password', done: true };
    });
    return r;
  },
  emails: async ({ locals, request }) => {
    const form = await request.formData();
    const parsed = accountSettingsSchema.safeParse({
      followupEmail: form.has('followupEmail'),
      meetingBriefs: form.has('meetingBriefs'),
      actionItemReminders: formText(form, 'actionItemReminders'),
      // The empty choice is "not set" (UTC).
      timeZone: form.has('timeZone') ? formText(form, 'timeZone') || null : undefined,
      // The empty choice is the server's hour.
      reminderHour: form.has('reminderHour')
        ? hourField(formText(form, 'reminderHour'))
        : undefined,
    });
    if (!parsed.success) return fail(422, { form: 'emails', fields: fieldErrors(parsed.error) });
    await updateAccountSettings(getDb(), requireUser(locals.principal).user.id, parsed.data);
    return { form: 'emails', done: true };
  },
  logoutAll: async ({ locals }) => {
    await logOutEverywhere(getDb(), requireUser(locals.principal).user.id);
    redirect(303, '/login');
  },
  createToken: async ({ locals, request }) => {
    const form = await request.formData();
    const parsed = createApiTokenSchema.safeParse({ name: formText(form, 'name') });
    if (!parsed.success) return fail(422, { form: 'token', fields: fieldErrors(parsed.error) });
    const p = requireSessionUser(locals.principal);
    const r = await createPersonalToken(getDb(), p.user.id, parsed.data);
    return { form: 'token', newToken: r.token };
  },
  revokeToken: async ({ locals, request }) => {
    const id = formText(await request.formData(), 'id');
    await revokePersonalToken(getDb(), requireUser(locals.principal).user.id, id);
    return { form: 'token', revoked: true };
  },
  delete: async ({ locals, request, cookies, url }) => {
    const parsed = deleteAccountSchema.safeParse({
      password: formText(await request.formData(), 'password'),
    });
    if (!parsed.success) return fail(422, { form: 'delete', fields: fieldErrors(parsed.error) });
    const r = await pageAction(async () => {
      const p = requireSessionUser(locals.principal);
      await deleteAccount(getDb(), p.user.id, parsed.data.password, {
        cookies,
        secure: url.protocol === 'https:',
      });
      return { deleted: true };
    });
    if ('deleted' in r) redirect(303, '/signup');
    return { ...r.data, form: 'delete' };
  },
};
