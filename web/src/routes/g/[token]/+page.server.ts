import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { config } from '#lib/server/config.ts';
import { getDb } from '#lib/server/db.ts';
import {
  describeGuestLink,
  guestJoinSchema,
  joinAsGuest,
  setGuestCookie,
} from '#lib/server/guests/index.ts';
import { fieldErrors, formText } from '#lib/server/http/index.ts';
import { pageAction } from '#lib/server/http/page.ts';

export const load: PageServerLoad = async ({ params }) => ({
  link: await describeGuestLink(getDb(), params.token),
});

export const actions: Actions = {
  default: async ({ params, request, cookies, url }) => {
    const displayName = formText(await request.formData(), 'displayName');
    const parsed = guestJoinSchema.safeParse({ token: params.token, displayName });
    if (!parsed.success)
      return fail(422, { fields: fieldErrors(parsed.error), message: '', displayName });
    const g = await pageAction(() =>
      joinAsGuest(getDb(), parsed.data, config().guestSessionTtlHours),
    );
    if (!('meetingId' in g)) return g;
    setGuestCookie(cookies, g.token, url.protocol === 'https:', g.expiresAt);
    redirect(303, `/meetings/${g.meetingId}/room`);
  },
};
