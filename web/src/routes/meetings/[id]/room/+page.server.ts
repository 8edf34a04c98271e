import { error, redirect } from '@sveltejs/kit';
import { listSegments, namedSpeakers, speakerKeyOf } from '@parley/db';
import type { PageServerLoad } from './$types';
import { MAX_LINES, type StoredSegment } from '#lib/room/transcript-model.ts';
import { chatHistory } from '#lib/server/chat/index.ts';
import { getDb } from '#lib/server/db.ts';
import { roomContext } from '#lib/server/meetings/index.ts';
import { briefFor } from '#lib/server/subjects/index.ts';

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const principal = locals.principal;
  if (!principal) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
  // Members and hosts of the meeting, and guests of this meeting; everyone else gets a 404.
  const ctx = await roomContext(getDb(), principal, params.id);
  if (!ctx) error(404, 'Meeting not found.');
  const { meeting } = ctx;
  // Stored finals, so someone joining late or reloading sees what was said so far (guests do
  // not get the meeting's history).
  let history: StoredSegment[] = [];
  let speakerNames: { speakerKey: string; name: string }[] = [];
  if (ctx.canSeeHistory) {
    speakerNames = await namedSpeakers(getDb(), meeting.id);
    const rows = await listSegments(getDb(), meeting.id);
    history = rows.slice(-MAX_LINES).map((r) => ({
      segmentId: r.segment_id,
      // A room mic's voices have keys of their own (`identity#n`).
      speaker: speakerKeyOf(r),
      identity: r.speaker_identity,
      speakerName: r.speaker_name,
      text: r.text,
      startMs: r.start_ms,
      version: r.version,
    }));
  }
  return {
    meeting: {
      id: meeting.id,
      title: meeting.title,
      startedAt: meeting.started_at ? meeting.started_at.toISOString() : null,
      aiEnabled: meeting.ai_enabled,
    },
    me: ctx.me,
    /** Hosts (owner, team admins) mute, remove and end the meeting for all. */
    canModerate: ctx.canModerate,
    /** Owner and team admins correct final lines here; everyone sees the correction. */
    canEditTranscript: ctx.canEditTranscript,
    history,
    speakerNames,
    chat: await chatHistory(getDb(), ctx),
    /** What happened last time with the subject: members only, never guests. */
    brief: ctx.canSeeHistory ? await briefFor(getDb(), { meeting, role: ctx.role }) : null,
  };
};
