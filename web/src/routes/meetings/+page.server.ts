import { MEETING_TYPES, MEETING_TYPE_LABELS } from '@parley/protocol';
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { fieldErrors, formText } from '#lib/server/http/index.ts';
import { pageAction, pageLoad } from '#lib/server/http/page.ts';
import {
  createMeetingFor,
  createMeetingSchema,
  listMeetingsFor,
  listMeetingsQuerySchema,
  parseVocabularyText,
} from '#lib/server/meetings/index.ts';
import { listSubjectsFor } from '#lib/server/subjects/index.ts';
import { listTeamsFor } from '#lib/server/teams/index.ts';
import { fail } from '@sveltejs/kit';

/** `2026-12-01T09:30` from a datetime-local input, read as UTC. */
function fromLocalInput(v: string): string | undefined {
  if (!v) return undefined;
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? `${v}:00Z` : v;
}

export const load: PageServerLoad = ({ locals, url }) =>
  pageLoad(async () => {
    const p = requireUser(locals.principal);
    const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== '')) as Record<
      string,
      string
    >;
    if (raw.from) raw.from = fromLocalInput(raw.from) ?? raw.from;
    if (raw.to) raw.to = fromLocalInput(raw.to) ?? raw.to;
    const parsed = listMeetingsQuerySchema.safeParse(raw);
    const db = getDb();
    const teams = await listTeamsFor(db, p);
    const filterErrors = parsed.success ? {} : fieldErrors(parsed.error);
    const page = parsed.success ? await listMeetingsFor(db, p, parsed.data) : null;
    return {
      meetings: page?.items ?? [],
      nextCursor: page?.nextCursor ?? null,
      filterErrors:
        page || !parsed.success ? filterErrors : { cursor: 'That page link is invalid.' },
      filters: Object.fromEntries([...url.searchParams].filter(([k]) => k !== 'cursor')),
      isFirstPage: !url.searchParams.get('cursor'),
      teams: teams.map((t) => ({ id: t.id, name: t.name, canCreate: t.role !== 'member' })),
      types: MEETING_TYPES.map((value) => ({ value, label: MEETING_TYPE_LABELS[value] })),
      // Typeahead over existing subjects (a name not among them creates one).
      subjects: (await listSubjectsFor(db, p, { limit: 200 })).map((s) => ({
        name: s.name,
        team: s.teamId ? (teams.find((t) => t.id === s.teamId)?.name ?? 'team') : null,
      })),
    };
  });

export const actions: Actions = {
  create: async ({ locals, request }) => {
    const form = await request.formData();
    const raw = {
      title: formText(form, 'title'),
      type: formText(form, 'type'),
      subject: formText(form, 'subject'),
      teamId: formText(form, 'teamId'),
      scheduledAt: formText(form, 'scheduledAt'),
      language: formText(form, 'language'),
      vocabulary: formText(form, 'vocabulary'),
      // A checkbox: absent when unchecked.
      aiEnabled: form.has('aiEnabled') ? 'on' : 'off',
    };
    const parsed = createMeetingSchema.safeParse({
      title: raw.title,
      type: raw.type,
      subject: raw.subject.trim() || undefined,
      teamId: raw.teamId || undefined,
      scheduledAt: fromLocalInput(raw.scheduledAt),
      language: raw.language.trim() || undefined,
      vocabulary: parseVocabularyText(raw.vocabulary),
      aiEnabled: raw.aiEnabled === 'on',
    });
    if (!parsed.success) {
      return fail(422, { values: raw, fields: fieldErrors(parsed.error), message: '' });
    }
    const meeting = await pageAction(
      () => createMeetingFor(getDb(), requireUser(locals.principal), parsed.data),
      raw,
    );
    if ('id' in meeting) redirect(303, `/meetings/${meeting.id}`);
    return meeting;
  },
};
