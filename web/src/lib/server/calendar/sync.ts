import {
  deleteCalendarEvent,
  deleteScheduledMeeting,
  listCalendarEvents,
  rescheduleMeeting,
  setMeetingCalendarDetails,
  upsertCalendarEvent,
  type CalendarEvent,
  type Db,
} from '@parley/db';
import type { UserPrincipal } from '../auth/principal.ts';
import { can, resolveMeetingAccess } from '../authz/index.ts';
import { invalidate, tag } from '../cache/index.ts';
import { createMeetingFor } from '../meetings/service.ts';
import type { CalendarItem } from './parse.ts';

// Calendar events → scheduled meetings. An event seen before updates its meeting (title, time,
// invitees, link) while the meeting has not started; a cancelled event (or, for a subscription,
// one gone from the feed) deletes its meeting if it has not started. Meetings that happened are
// never touched. An event whose link is the join link of a meeting here (a Parley invite
// imported back) is attached to that meeting when the importer may edit it: it then only keeps
// the invitees current, and its cancellation detaches it without deleting the meeting.

export interface SyncResult {
  created: number;
  updated: number;
  cancelled: number;
  unchanged: number;
  attached: number;
}

const JOIN_PATH =
  /^\/meetings\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/room\/?$/i;

/** The meeting a Parley join link names, when the user may edit it; else null. */
async function attachableMeeting(
  db: Db,
  principal: UserPrincipal,
  url: string | null,
): Promise<string | null> {
  const id = url ? JOIN_PATH.exec(new URL(url).pathname)?.[1] : undefined;
  if (!id) return null;
  const access = await resolveMeetingAccess(db, principal, id);
  return access && can(access, 'update') ? access.meeting.id : null;
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
  const r: SyncResult = { created: 0, updated: 0, cancelled: 0, unchanged: 0, attached: 0 };
  const cancel = async (key: string, e: CalendarEvent) => {
    if (!e.attached && (await deleteScheduledMeeting(db, e.meeting_id))) {
      await invalidate(tag.meeting(e.meeting_id));
      r.cancelled++;
    }
    await deleteCalendarEvent(db, userId, source, key);
  };
  const record = (item: CalendarItem, meetingId: string, attached: boolean) =>
    upsertCalendarEvent(db, {
      userId,
      source,
      key: item.key,
      meetingId,
      sequence: item.sequence,
      attached,
    });
  const seen = new Set<string>();
  for (const item of items) {
    seen.add(item.key);
    const prev = known.get(item.key);
    if (item.cancelled) {
      if (prev) await cancel(item.key, prev);
      continue;
    }
    if (prev) {
      if (item.sequence < prev.sequence) {
        r.unchanged++;
        continue;
      }
      const moved =
        !prev.attached &&
        (await rescheduleMeeting(db, prev.meeting_id, {
          title: item.title,
          scheduledAt: item.start,
        }));
      const details = await setMeetingCalendarDetails(db, prev.meeting_id, {
        invitees: item.invitees,
        ...(prev.attached ? {} : { eventUrl: item.url }),
      });
      if (moved || details) await invalidate(tag.meeting(prev.meeting_id));
      r[moved ? 'updated' : 'unchanged']++;
      await record(item, prev.meeting_id, prev.attached);
      continue;
    }
    const target = await attachableMeeting(db, principal, item.url);
    if (target) {
      await setMeetingCalendarDetails(db, target, { invitees: item.invitees });
      await invalidate(tag.meeting(target));
      await record(item, target, true);
      r.attached++;
      continue;
    }
    const m = await createMeetingFor(db, principal, {
      title: item.title,
      type: 'general',
      teamId: o.teamId,
      scheduledAt: item.start.toISOString(),
    });
    await setMeetingCalendarDetails(db, m.id, { invitees: item.invitees, eventUrl: item.url });
    await record(item, m.id, false);
    r.created++;
  }
  if (o.fullFeed) {
    for (const [key, e] of known) if (!seen.has(key)) await cancel(key, e);
  }
  return r;
}
