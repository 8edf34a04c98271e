import {
  findActionItem,
  findRecording,
  findSummary,
  listActionItems,
  type Db,
  type Meeting,
  sql,
} from '@parley/db';
import type { WebhookEventType, WebhookMeetingData } from './events.ts';

// The `data` of each event type (payload version 1), read from the database when the event
// happens, so every endpoint gets the same body and a redelivery sends it again unchanged.

export interface EventContext {
  /** The post-meeting run that produced it (transcript, summary, action items). */
  run?: number;
  recordingId?: string;
  /** `action_item.updated`: the item, what a person changed, and who (a user id). */
  actionItem?: { id: string; changes: readonly string[]; by: string | null };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

async function userName(db: Db, id: string | null): Promise<string | null> {
  if (!id) return null;
  const u = await db.selectFrom('users').select('name').where('id', '=', id).executeTakeFirst();
  return u?.name ?? null;
}

export function meetingData(m: Meeting): WebhookMeetingData {
  return {
    id: m.id,
    title: m.title,
    type: m.type,
    teamId: m.team_id,
    subject: m.subject,
    status: m.status,
    scheduledAt: iso(m.scheduled_at),
    startedAt: iso(m.started_at),
    endedAt: iso(m.ended_at),
  };
}

export async function eventData(
  db: Db,
  type: WebhookEventType,
  m: Meeting,
  ctx: EventContext,
): Promise<Record<string, unknown>> {
  const meeting = meetingData(m);
  const run = ctx.run ?? null;
  switch (type) {
    case 'meeting.started':
    case 'meeting.ended':
      return { meeting };
    case 'transcript.ready': {
      const r = await db
        .selectFrom('transcript_segments')
        .select([
          sql<number>`count(*)::int`.as('segments'),
          sql<number>`coalesce(max(end_ms), 0)::int`.as('durationMs'),
        ])
        .where('meeting_id', '=', m.id)
        .executeTakeFirstOrThrow();
      return { meeting, run, transcript: r };
    }
    case 'summary.ready':
    case 'summary.updated': {
      // Ready: what a run wrote. Updated: the summary as a person corrected (or reverted) it.
      const s = await findSummary(db, m.id);
      const texts = (l: { text: string }[] | undefined) => (l ?? []).map((p) => p.text);
      const editor = await userName(db, s?.edited_by ?? null);
      return {
        meeting,
        run,
        summary: s
          ? {
              source: s.source,
              overview: s.overview,
              keyPoints: texts(s.key_points),
              decisions: texts(s.decisions),
              openQuestions: texts(s.open_questions),
              edited: s.edited_at ? { at: s.edited_at.toISOString(), by: editor } : null,
            }
          : null,
      };
    }
    case 'action_items.ready': {
      const items = await listActionItems(db, m.id);
      return {
        meeting,
        run,
        actionItems: items.map((i) => ({
          text: i.text,
          owner: i.owner_name,
          dueDate: i.due_date,
          startMs: i.start_ms,
        })),
      };
    }
    case 'action_item.updated': {
      const change = ctx.actionItem;
      const item = change ? await findActionItem(db, m.id, change.id) : undefined;
      return {
        meeting,
        actionItem: item
          ? {
              id: item.id,
              text: item.text,
              owner: item.owner_name,
              dueDate: item.due_date,
              status: item.status,
              review: item.review,
              startMs: item.start_ms,
              doneAt: iso(item.done_at),
            }
          : null,
        changes: change?.changes ?? [],
        changedBy: await userName(db, change?.by ?? null),
      };
    }
    case 'recording.ready': {
      const r = ctx.recordingId ? await findRecording(db, ctx.recordingId) : undefined;
      return {
        meeting,
        recording: r
          ? {
              id: r.id,
              contentType: r.content_type,
              durationMs: r.duration_ms,
              sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
            }
          : null,
      };
    }
  }
}
