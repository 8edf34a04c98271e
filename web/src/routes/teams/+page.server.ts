import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { fieldErrors, formText } from '#lib/server/http/index.ts';
import { pageLoad } from '#lib/server/http/page.ts';
import { createTeamFor, createTeamSchema, listTeamsFor } from '#lib/server/teams/index.ts';

export const load: PageServerLoad = ({ locals }) =>
  pageLoad(async () => ({ teams: await listTeamsFor(getDb(), requireUser(locals.principal)) }));

export const actions: Actions = {
  create: async ({ locals, request }) => {
    const name = formText(await request.formData(), 'name');
    const parsed = createTeamSchema.safeParse({ name });
    if (!parsed.success) return fail(422, { fields: fieldErrors(parsed.error), name });
    const team = await createTeamFor(getDb(), requireUser(locals.principal), parsed.data.name);
    redirect(303, `/teams/${team.id}`);
  },
};
