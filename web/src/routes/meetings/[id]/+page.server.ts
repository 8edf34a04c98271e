import { MEETING_TYPES, MEETING_TYPE_LABELS } from '@parley/protocol';
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { allowedActions, authorizeMeeting, can, requireUser } from '#lib/server/authz/index.ts';
import { invitationFor } from '#lib/server/calendar/index.ts';
import { config } from '#lib/server/config.ts';
import { getDb } from '#lib/server/db.ts';
import { createGuestLinkFor, listGuestLinksFor } from '#lib/server/guests/index.ts';
import { fieldErrors, formText } from '#lib/server/http/index.ts';
import { pageAction, pageLoad } from '#lib/server/http/page.ts';
import {
  attendanceFor,
  deleteMeetingEverywhere,
  endMeeting,
  followupStatusFor,
  isUuid,
  revokeGuestLinkEverywhere,
  toApiMeeting,
  updateMeetingFor,
  parseVocabularyText,
  updateMeetingSchema,
} from '#lib/server/meetings/index.ts';
import { momentFor, parseMoment, postmeetingView } from '#lib/server/search/index.ts';
import { recordingsView } from '#lib/server/recording/index.ts';
import { listTeamsFor } from '#lib/server/teams/index.ts';
import { importView } from '#lib/server/imports/index.ts';
import { briefFor, listSubjectsFor } from '#lib/server/subjects/index.ts';
import { transcriptFor } from '#lib/server/transcript/index.ts';
import { listSharesFor } from '#lib/server/shares/index.ts';
import { highlightsFor } from '#lib/server/highlights/index.ts';

export const load: PageServerLoad = ({ locals, params, url }) =>
  pageLoad(async () => {
    const db = getDb();
    const access = await authorizeMeeting(db, locals.principal, params.id, 'read');
    const p = requireUser(locals.principal);
    const host = can(access, 'update');
    return {
      meeting: toApiMeeting(access.meeting),
      typeLabel: MEETING_TYPE_LABELS[access.meeting.type],
      role: access.role,
      actions: allowedActions(access.role),
      attendance: can(access, 'view_attendance') ? await attendanceFor(db, access.meeting.id) : [],
      guestLinks: can(access, 'create_guest_link')
        ? await listGuestLinksFor(db, access.meeting.id)
        : [],
      shares: can(access, 'share') ? await listSharesFor(db, access.meeting.id) : [],
      teams: host
        ? (await listTeamsFor(db, p))
            .filter((t) => t.role !== 'member')
            .map((t) => ({ id: t.id, name: t.name }))
        : [],
      types: MEETING_TYPES.map((value) => ({ value, label: MEETING_TYPE_LABELS[value] })),
      recordings: await recordingsView(db, access.meeting, host),
      transcript: await transcriptFor(db, access),
      highlights: await highlightsFor(db, access, p.user.id),
      postmeeting: await postmeetingView(db, access.meeting.id),
      moment: await momentFor(db, access.meeting.id, parseMoment(url.searchParams.get('t'))),
      brief: access.meeting.status === 'ended' ? null : await briefFor(db, access),
      followup: host ? await followupStatusFor(db, access.meeting) : null,
      imported: await importView(db, access.meeting.id),
      invitation: await invitationFor(db, access.meeting),
      subjectNames: host ? (await listSubjectsFor(db, p, { limit: 200 })).map((s) => s.name) : [],
    };
  });

function fromLocalInput(v: string): string | null {
  if (!v) return null;
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? `${v}:00Z` : v;
}

export const actions: Actions = {
  update: async ({ locals, params, request }) => {
    const db = getDb();
    const form = await request.formData();
    const raw = {
      title: formText(form, 'title'),
      type: formText(form, 'type'),
      subject: formText(form, 'subject'),
      teamId: formText(form, 'teamId'),
      scheduledAt: formText(form, 'scheduledAt'),
      checklist: formText(form, 'checklist'),
      language: formText(form, 'language'),
      vocabulary: formText(form, 'vocabulary'),
      // A checkbox: absent when unchecked.
      aiEnabled: form.has('aiEnabled') ? 'on' : 'off',
      followupEmail: form.has('followupEmail') ? 'on' : 'off',
    };
    return pageAction(async () => {
      const access = await authorizeMeeting(db, locals.principal, params.id, 'update');
      // A meeting made from an uploaded file has no room: no schedule, no live agent to switch.
      const live = (await importView(db, access.meeting.id)) === null;
      // One checklist item per line; items whose title is unchanged keep their details.
      const existing = new Map(access.meeting.checklist.map((i) => [i.title, i]));
      const checklist = raw.checklist
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .map((title) => existing.get(title) ?? { title });
      const parsed = updateMeetingSchema.safeParse({
        title: raw.title,
        type: raw.type,
        subject: raw.subject.trim() || null,
        teamId: raw.teamId || null,
        scheduledAt: live ? fromLocalInput(raw.scheduledAt) : undefined,
        checklist,
        language: raw.language.trim() || null,
        vocabulary: parseVocabularyText(raw.vocabulary),
        aiEnabled: live ? raw.aiEnabled === 'on' : undefined,
        followupEmail: raw.followupEmail === 'on',
      });
      if (!parsed.success) {
        return fail(422, { fields: fieldErrors(parsed.error), message: '', values: raw });
      }
      await updateMeetingFor(db, requireUser(locals.principal), access, parsed.data);
      return { saved: true };
    }, raw);
  },
  end: async ({ locals, params }) =>
    pageAction(async () => {
      const db = getDb();
      await endMeeting(db, await authorizeMeeting(db, locals.principal, params.id, 'end'));
      return { ended: true };
    }),
  delete: async ({ locals, params }) => {
    await pageAction(async () => {
      const db = getDb();
      const access = await authorizeMeeting(db, locals.principal, params.id, 'delete');
      await deleteMeetingEverywhere(db, access.meeting);
    });
    redirect(303, '/meetings');
  },
  guestLink: async ({ locals, params, url }) =>
    pageAction(async () => {
      const db = getDb();
      const access = await authorizeMeeting(db, locals.principal, params.id, 'create_guest_link');
      const r = await createGuestLinkFor(
        db,
        access.meeting.id,
        requireUser(locals.principal).user.id,
        config().guestLinkTtlHours,
      );
      return { guestUrl: url.origin + r.path };
    }),
  revokeGuestLink: async ({ locals, params, request }) => {
    const linkId = formText(await request.formData(), 'linkId');
    return pageAction(async () => {
      const db = getDb();
      const access = await authorizeMeeting(db, locals.principal, params.id, 'create_guest_link');
      if (isUuid(linkId)) await revokeGuestLinkEverywhere(db, access.meeting, linkId);
      return { revoked: true };
    });
  },
};
