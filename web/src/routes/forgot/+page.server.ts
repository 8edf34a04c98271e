import { PASSWORD_RESET_TTL_MINUTES } from '@parley/db';
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { forgotPasswordSchema, requestPasswordReset } from '#lib/server/account/index.ts';
import { getDb } from '#lib/server/db.ts';
import { fieldErrors, formText } from '#lib/server/http/index.ts';
import { mailAvailable } from '#lib/server/mail/index.ts';

export const load: PageServerLoad = () => ({
  available: mailAvailable(),
  ttlMinutes: PASSWORD_RESET_TTL_MINUTES,
});

/** No field to blame: the answer is about the whole form. */
const noFields: Record<string, string> = {};

export const actions: Actions = {
  default: async ({ request, url, getClientAddress }) => {
    const email = formText(await request.formData(), 'email');
    if (!mailAvailable()) {
      return fail(503, { email, fields: noFields, message: 'Email is not set up on this server.' });
    }
    const parsed = forgotPasswordSchema.safeParse({ email });
    if (!parsed.success) {
      return fail(400, { email, fields: fieldErrors(parsed.error), message: null });
    }
    const limit = await requestPasswordReset(getDb(), parsed.data.email, {
      ip: getClientAddress(),
      origin: url.origin,
    });
    if (!limit.allowed) {
      const minutes = Math.ceil(limit.retryAfterSeconds / 60);
      return fail(429, {
        email,
        fields: noFields,
        message: `Too many requests. Try again in ${minutes} min.`,
      });
    }
    return { sent: parsed.data.email };
  },
};
