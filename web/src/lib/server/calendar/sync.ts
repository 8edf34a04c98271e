import {
  deleteCalendarEvent,
  deleteScheduledMeeting,
  listCalendarEvents,
  rescheduleMeeting,
  upsertCalendarEvent,
  type Db,
} from '@parley/db';
import type { UserPrincipal } from '../auth/principal.ts';
import { invalidate, tag } from '../cache/index.ts';
import { createMeetingFor } from '../meetings/service.ts';
import type { CalendarItem } from './parse.ts';

// Calendar events → scheduled meetings. An event seen before updates its meeting (title, time)
// while the meeting has not started; a cancelled event (or, for a subscription, one gone from
// the feed) deletes its meeting if it has not started. Meetings that happened are never touched.

export interface SyncResult {
  created: number;
  updated: number;
  cancelled: number;
  unchanged: number;
}

export async function applyCalendar(
  db: Db,
  principal: UserPrincipal,
  source: string,
  items: CalendarItem[],
  o: { teamId: string | null; fullFeed: boolean },
): Promise<SyncResult> {
  const userId = principal.user.id;
  const known = new Map(
    (await listCalendarEvents(db, userId, source)).map((e) => [e.event_key, e]),
  );
  const r: SyncResult = { created: 0, updated: 0, cancelled: 0, unchanged: 0 };
  const cancel = async (key: string, meetingId: string) => {
    if (await deleteScheduledMeeting(db, meetingId)) {
      await invalidate(tag.meeting(meetingId));
      r.cancelled++;
    }
    await deleteCalendarEvent(db, userId, source, key);
  };
  const seen = new Set<string>();
  for (const item of items) {
    seen.add(item.key);
    const prev = known.get(item.key);
    if (item.cancelled) {
      if (prev) await cancel(item.key, prev.meeting_id);
      continue;
    }
    if (prev) {
      if (item.sequence < prev.sequence) {
        r.unchanged++;
        continue;
      }
      const moved = await rescheduleMeeting(db, prev.meeting_id, {
        title: item.title,
        scheduledAt: item.start,
      });
      if (moved) await invalidate(tag.meeting(prev.meeting_id));
      r[moved ? 'updated' : 'unchanged']++;
      await upsertCalendarEvent(db, {
        userId,
        source,
        key: item.key,
        meetingId: prev.meeting_id,
        sequence: item.sequence,
      });
      continue;
    }
    const m = await createMeetingFor(db, principal, {
      title: item.title,
      type: 'general',
      teamId: o.teamId,
      scheduledAt: item.start.toISOString(),
    });
    await upsertCalendarEvent(db, {
      userId,
      source,
      key: item.key,
      meetingId: m.id,
      sequence: item.sequence,
    });
    r.created++;
  }
  if (o.fullFeed) {
    for (const [key, e] of known) if (!seen.has(key)) await cancel(key, e.meeting_id);
  }
  return r;
}
