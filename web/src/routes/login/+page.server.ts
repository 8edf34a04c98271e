import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { BAD_CREDENTIALS, attemptLogin, loginSchema, safeNext } from '#lib/server/auth/index.ts';
import { getDb } from '#lib/server/db.ts';
import { fieldErrors, formText } from '#lib/server/http/index.ts';
import { mailAvailable } from '#lib/server/mail/index.ts';

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
  return { next: safeNext(url.searchParams.get('next')), passwordReset: mailAvailable() };
};

export const actions: Actions = {
  default: async ({ request, cookies, url, getClientAddress }) => {
    const form = await request.formData();
    const raw = {
      email: formText(form, 'email'),
      password: formText(form, 'password'),
    };
    const next = safeNext(formText(form, 'next') || url.searchParams.get('next'));
    const parsed = loginSchema.safeParse(raw);
    if (!parsed.success) {
      return fail(400, { email: raw.email, fields: fieldErrors(parsed.error), message: null });
    }
    const result = await attemptLogin(getDb(), parsed.data, {
      ip: getClientAddress(),
      cookies,
      secure: url.protocol === 'https:',
    });
    if (result.ok) redirect(303, next);
    if (result.reason === 'rate_limited' || result.reason === 'unavailable') {
      return fail(429, {
        email: raw.email,
        fields: {},
        message: `Too many attempts. Try again in ${Math.ceil(result.retryAfterSeconds / 60)} min.`,
      });
    }
    return fail(401, { email: raw.email, fields: {}, message: BAD_CREDENTIALS });
  },
};
