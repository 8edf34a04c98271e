import { error, redirect } from '@sveltejs/kit';
import { listSegments } from '@parley/db';
import type { PageServerLoad } from './$types';
import type { StoredSegment } from '#lib/room/transcript-model.ts';
import { MAX_LINES } from '#lib/room/transcript-model.ts';
import { getDb } from '#lib/server/db.ts';
import { getMeetingFor } from '#lib/server/meetings/index.ts';

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const user = locals.user;
  if (!user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
  const meeting = await getMeetingFor(getDb(), user.id, params.id);
  if (!meeting) error(404, 'Meeting not found.');
  // Stored finals, so someone joining late or reloading sees what was said so far.
  const rows = await listSegments(getDb(), meeting.id);
  const history: StoredSegment[] = rows.slice(-MAX_LINES).map((r) => ({
    segmentId: r.segment_id,
    speaker: r.speaker_identity,
    speakerName: r.speaker_name,
    text: r.text,
    startMs: r.start_ms,
  }));
  return {
    meeting: {
      id: meeting.id,
      title: meeting.title,
      startedAt: meeting.started_at ? meeting.started_at.toISOString() : null,
    },
    me: { id: user.id, name: user.name },
    history,
  };
};
