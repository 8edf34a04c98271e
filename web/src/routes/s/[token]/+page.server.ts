import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db.ts';
import { ApiError } from '#lib/server/http/errors.ts';
import { formText } from '#lib/server/http/index.ts';
import { pageLoad } from '#lib/server/http/page.ts';
import {
  SHARE_HEADERS,
  shareGrantCookieOptions,
  sharedMeetingView,
  unlockShare,
} from '#lib/server/shares/index.ts';

/**
 * A meeting shared by link: no account needed; 404 once the link is revoked or expired. A link
 * with a password asks for it first (nothing of the meeting is sent until it is given).
 */
export const load: PageServerLoad = ({ params, cookies, setHeaders }) =>
  pageLoad(async () => {
    setHeaders(SHARE_HEADERS);
    try {
      return {
        shared: await sharedMeetingView(getDb(), params.token, cookies),
        token: params.token,
      };
    } catch (err) {
      if (err instanceof ApiError && err.code === 'share_locked') {
        return { shared: null, token: params.token };
      }
      throw err;
    }
  });

export const actions: Actions = {
  unlock: async ({ params, request, cookies, url, getClientAddress }) => {
    const form = await request.formData();
    try {
      const grant = await unlockShare(
        getDb(),
        params.token,
        formText(form, 'password'),
        getClientAddress(),
      );
      cookies.set(grant.name, grant.value, shareGrantCookieOptions(grant, url));
    } catch (err) {
      if (err instanceof ApiError && err.status === 422)
        return fail(422, { problem: 'wrong' as const });
      if (err instanceof ApiError && err.status === 429)
        return fail(429, { problem: 'limited' as const });
      if (err instanceof ApiError) error(err.status, err.message);
      throw err;
    }
    redirect(303, url.pathname);
  },
};
