import { findUsableInvite } from '@parley/db';
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { hashSessionToken } from '#lib/server/auth/index.ts';
import { requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { pageAction } from '#lib/server/http/page.ts';
import { acceptInvite } from '#lib/server/teams/index.ts';

export const load: PageServerLoad = async ({ locals, params, url }) => {
  if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
  const valid = /^[A-Za-z0-9_-]{43}$/.test(params.token);
  const invite = valid
    ? await findUsableInvite(getDb(), hashSessionToken(params.token))
    : undefined;
  return { teamName: invite?.team_name ?? null, role: invite?.role ?? null };
};

export const actions: Actions = {
  default: async ({ locals, params }) => {
    const team = await pageAction(() =>
      acceptInvite(getDb(), requireUser(locals.principal), params.token),
    );
    if ('id' in team) redirect(303, `/teams/${team.id}`);
    return team;
  },
};
