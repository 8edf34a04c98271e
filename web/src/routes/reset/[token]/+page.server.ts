import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { resetPassword, resetPasswordSchema, usableResetLink } from '#lib/server/account/index.ts';
import { getDb } from '#lib/server/db.ts';
import { fieldErrors, formText } from '#lib/server/http/index.ts';

export const load: PageServerLoad = async ({ params }) => ({
  usable: (await usableResetLink(getDb(), params.token)) !== null,
});

export const actions: Actions = {
  default: async ({ params, request, cookies, url }) => {
    const form = await request.formData();
    const parsed = resetPasswordSchema.safeParse({
      password: formText(form, 'password'),
      confirm: formText(form, 'confirm'),
    });
    if (!parsed.success) return fail(422, { fields: fieldErrors(parsed.error), gone: false });
    const done = await resetPassword(getDb(), params.token, parsed.data.password, {
      cookies,
      secure: url.protocol === 'https:',
    });
    if (!done) return fail(410, { fields: {}, gone: true });
    redirect(303, '/meetings');
  },
};
