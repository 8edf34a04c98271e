import { STT_PROVIDERS, TEAM_ROLES } from '@parley/protocol';
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canTeam, requireUser } from '#lib/server/authz/index.ts';
import { config } from '#lib/server/config.ts';
import { getDb } from '#lib/server/db.ts';
import { ApiError, fieldErrors, formText } from '#lib/server/http/index.ts';
import { pageAction, pageLoad } from '#lib/server/http/page.ts';
import { mailAvailable } from '#lib/server/mail/index.ts';
import {
  changeMemberRole,
  createInviteSchema,
  inviteToTeam,
  removeMember,
  teamDetail,
  teamSttUsageFor,
  updateTeamFor,
  updateTeamSchema,
} from '#lib/server/teams/index.ts';
import { usableSttProvidersFor } from '#lib/server/transcription/index.ts';

export const load: PageServerLoad = ({ locals, params }) =>
  pageLoad(async () => {
    const p = requireUser(locals.principal);
    const detail = await teamDetail(getDb(), p, params.id);
    const canManageSettings = canTeam(detail.team.role, 'manage_settings');
    return {
      ...detail,
      me: p.user.id,
      canManage: canTeam(detail.team.role, 'manage_members'),
      /** Invites can be emailed (SMTP_URL is set). */
      inviteByEmail: mailAvailable(),
      canManageSettings,
      sttUsage: canManageSettings ? await teamSttUsageFor(getDb(), p, params.id, 30) : null,
      sttProviders: STT_PROVIDERS,
      // Which providers have their key on this server (null: no agent has said).
      usableSttProviders: await usableSttProvidersFor(detail.team.role),
      roles: TEAM_ROLES,
    };
  });

export const actions: Actions = {
  settings: async ({ locals, params, request }) => {
    const raw = formText(await request.formData(), 'sttProvider');
    const parsed = updateTeamSchema.safeParse({ sttProvider: raw === '' ? null : raw });
    if (!parsed.success) {
      return fail(422, {
        fields: fieldErrors(parsed.error),
        message: '',
        values: { sttProvider: raw },
      });
    }
    return pageAction(async () => {
      await updateTeamFor(getDb(), requireUser(locals.principal), params.id, parsed.data);
      return { settingsSaved: true };
    });
  },
  invite: async ({ locals, params, request, url }) => {
    const form = await request.formData();
    const parsed = createInviteSchema.safeParse({
      role: formText(form, 'role'),
      email: formText(form, 'email').trim() || undefined,
    });
    if (!parsed.success) return fail(422, { fields: fieldErrors(parsed.error), message: '' });
    const { role, email } = parsed.data;
    return pageAction(async () => {
      try {
        const r = await inviteToTeam(
          getDb(),
          requireUser(locals.principal),
          params.id,
          role,
          config().teamInviteTtlHours,
          email ? { to: email, origin: url.origin } : undefined,
        );
        return { inviteUrl: url.origin + r.path, inviteEmail: r.email ?? null };
      } catch (err) {
        // Over the email limit, or no SMTP: said beside the field, nothing was made.
        if (err instanceof ApiError && (err.status === 429 || err.status === 503)) {
          return fail(err.status, { fields: { email: err.message }, message: '' });
        }
        throw err;
      }
    });
  },
  role: async ({ locals, params, request }) => {
    const form = await request.formData();
    const role = formText(form, 'role');
    const userId = formText(form, 'userId');
    return pageAction(async () => {
      if (!(TEAM_ROLES as readonly string[]).includes(role)) return { ok: false };
      await changeMemberRole(
        getDb(),
        requireUser(locals.principal),
        params.id,
        userId,
        role as (typeof TEAM_ROLES)[number],
      );
      return { ok: true };
    });
  },
  remove: async ({ locals, params, request }) => {
    const userId = formText(await request.formData(), 'userId');
    return pageAction(async () => {
      await removeMember(getDb(), requireUser(locals.principal), params.id, userId);
      return { ok: true };
    });
  },
  /** The caller leaves the team (its last owner may not: 409, said on the page). */
  leave: async ({ locals, params }) => {
    const p = requireUser(locals.principal);
    const r = await pageAction(async () => {
      await removeMember(getDb(), p, params.id, p.user.id);
      return { left: true };
    });
    if ('left' in r) redirect(303, '/teams');
    return r;
  },
};
