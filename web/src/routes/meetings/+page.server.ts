import { MEETING_TYPES } from '@parley/db';
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '#lib/server/db.ts';
import { fieldErrors, formText } from '#lib/server/http/index.ts';
import {
  MEETING_TYPE_LABELS,
  createMeetingFor,
  createMeetingSchema,
  listMeetingsFor,
} from '#lib/server/meetings/index.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
  const user = locals.user;
  if (!user) redirect(303, '/login?next=%2Fmeetings');
  const cursor = url.searchParams.get('cursor') ?? undefined;
  const page = await listMeetingsFor(getDb(), user.id, { limit: 20, cursor });
  if (!page) error(400, 'That page link is invalid.');
  return {
    meetings: page.items,
    nextCursor: page.nextCursor,
    isFirstPage: !cursor,
    types: MEETING_TYPES.map((value) => ({ value, label: MEETING_TYPE_LABELS[value] })),
  };
};

export const actions: Actions = {
  create: async ({ locals, request }) => {
    const user = locals.user;
    if (!user) redirect(303, '/login?next=%2Fmeetings');
    const form = await request.formData();
    const raw = { title: formText(form, 'title'), type: formText(form, 'type') };
    const parsed = createMeetingSchema.safeParse(raw);
    if (!parsed.success) return fail(422, { values: raw, fields: fieldErrors(parsed.error) });
    const meeting = await createMeetingFor(getDb(), user.id, parsed.data);
    redirect(303, `/meetings/${meeting.id}`);
  },
};
