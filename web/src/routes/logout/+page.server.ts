import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { clearSessionCookie, endSession, sessionCookieName } from '#lib/server/auth/index.ts';
import { getDb } from '#lib/server/db.ts';

export const load: PageServerLoad = () => {
  redirect(303, '/');
};

export const actions: Actions = {
  default: async ({ cookies, url }) => {
    const token = cookies.get(sessionCookieName(url.protocol === 'https:'));
    if (token) await endSession(getDb(), token);
    clearSessionCookie(cookies, url.protocol === 'https:');
    redirect(303, '/login');
  },
};
