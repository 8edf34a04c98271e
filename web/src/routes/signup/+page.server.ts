import { isTimeZone } from '@parley/protocol';
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import {
  checkSignupLimit,
  establishSession,
  signUp,
  safeNext,
  signupSchema,
} from '#lib/server/auth/index.ts';
import { getDb } from '#lib/server/db.ts';
import { fieldErrors, formText } from '#lib/server/http/index.ts';

export const load: PageServerLoad = ({ locals, url }) => {
  // `next`: where to go once signed up (a team invite opened before having an account).
  const next = safeNext(url.searchParams.get('next'));
  if (locals.user) redirect(303, next);
  return { next };
};

export const actions: Actions = {
  default: async ({ request, cookies, url, getClientAddress }) => {
    const form = await request.formData();
    const raw = {
      email: formText(form, 'email'),
      name: formText(form, 'name'),
      password: formText(form, 'password'),
      // Filled in by the page from the browser; an unknown name is dropped rather than refused.
      timeZone: isTimeZone(formText(form, 'timeZone') ?? '')
        ? formText(form, 'timeZone')
        : undefined,
    };
    const values = { email: raw.email, name: raw.name };
    const next = safeNext(formText(form, 'next') || url.searchParams.get('next'));
    const parsed = signupSchema.safeParse(raw);
    if (!parsed.success) return fail(422, { values, fields: fieldErrors(parsed.error) });
    const limit = await checkSignupLimit(getClientAddress());
    if (!limit.allowed) {
      return fail(429, {
        values,
        fields: { email: 'Too many sign-ups from here. Try again later.' },
      });
    }
    const db = getDb();
    const result = await signUp(db, parsed.data);
    if ('fields' in result) return fail(422, { values, fields: result.fields });
    await establishSession(db, result.user.id, { cookies, secure: url.protocol === 'https:' });
    redirect(303, next);
  },
};
