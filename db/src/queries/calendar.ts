import type { Db } from '../client.ts';
import type { CalendarEvent, CalendarSubscription } from '../schema-integrations.ts';

// Calendars: which meeting each imported event became, and a user's ICS subscriptions.

export async function listCalendarEvents(
  db: Db,
  userId: string,
  source: string,
): Promise<CalendarEvent[]> {
  return db
    .selectFrom('calendar_events')
    .selectAll()
    .where('user_id', '=', userId)
    .where('source', '=', source)
    .execute();
}

export async function upsertCalendarEvent(
  db: Db,
  e: {
    userId: string;
    source: string;
    key: string;
    meetingId: string;
    sequence: number;
    attached?: boolean;
  },
): Promise<void> {
  await db
    .insertInto('calendar_events')
    .values({
      user_id: e.userId,
      source: e.source,
      event_key: e.key,
      meeting_id: e.meetingId,
      sequence: e.sequence,
      attached: e.attached ?? false,
    })
    .onConflict((oc) =>
      oc.columns(['user_id', 'source', 'event_key']).doUpdateSet({
        meeting_id: e.meetingId,
        sequence: e.sequence,
        updated_at: new Date(),
      }),
    )
    .execute();
}

export async function deleteCalendarEvent(
  db: Db,
  userId: string,
  source: string,
  key: string,
): Promise<void> {
  await db
    .deleteFrom('calendar_events')
    .where('user_id', '=', userId)
    .where('source', '=', source)
    .where('event_key', '=', key)
    .execute();
}

/** Moves a meeting that has not happened yet; false when it started (or is gone). */
export async function rescheduleMeeting(
  db: Db,
  meetingId: string,
  change: { title: string; scheduledAt: Date },
): Promise<boolean> {
  const r = await db
    .updateTable('meetings')
    .set({ title: change.title, scheduled_at: change.scheduledAt })
    .where('id', '=', meetingId)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Deletes a meeting that has not happened yet (a cancelled event); false otherwise. */
export async function deleteScheduledMeeting(db: Db, meetingId: string): Promise<boolean> {
  const r = await db
    .deleteFrom('meetings')
    .where('id', '=', meetingId)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function createCalendarSubscription(
  db: Db,
  s: { userId: string; teamId: string | null; url: string },
): Promise<CalendarSubscription> {
  return db
    .insertInto('calendar_subscriptions')
    .values({ user_id: s.userId, team_id: s.teamId, url: s.url })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listCalendarSubscriptions(
  db: Db,
  userId: string,
): Promise<CalendarSubscription[]> {
  return db
    .selectFrom('calendar_subscriptions')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

export async function deleteCalendarSubscription(
  db: Db,
  userId: string,
  id: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom('calendar_subscriptions')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) return false;
  await db
    .deleteFrom('calendar_events')
    .where('user_id', '=', userId)
    .where('source', '=', id)
    .execute();
  return true;
}

/**
 * Subscriptions due for a poll (never polled, or last polled before `before`), marked polled now
 * so that other web processes skip them.
 */
export async function claimDueSubscriptions(
  db: Db,
  before: Date,
  limit: number,
): Promise<CalendarSubscription[]> {
  return db
    .updateTable('calendar_subscriptions')
    .set({ last_polled_at: new Date() })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('calendar_subscriptions')
        .select('id')
        .where((w) => w.or([w('last_polled_at', 'is', null), w('last_polled_at', '<', before)]))
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
}

export async function recordSubscriptionPoll(
  db: Db,
  id: string,
  error: string | null,
): Promise<void> {
  await db
    .updateTable('calendar_subscriptions')
    .set({ last_polled_at: new Date(), last_error: error })
    .where('id', '=', id)
    .execute();
}
