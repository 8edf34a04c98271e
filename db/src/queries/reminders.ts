import { sql } from 'kysely';
import type { ReminderCadence } from '@parley/protocol';
import type { Db } from '../client.ts';
import type { ReminderEmailStatus } from '../schema.ts';
import {
  claimEmail,
  expireEmails,
  pruneEmails,
  settledOrTaken,
  settleEmail,
  type EmailOutcome,
} from './email-claims.ts';

// Action-item reminders: who is due one for a period, the claim a worker takes before sending,
// and what became of it. The items themselves come from `listVisibleActionItems` (the same
// visibility rule as the action items page).

export interface ReminderRecipient {
  userId: string;
  email: string;
  name: string;
  /** IANA name; null: UTC. */
  timeZone: string | null;
}

/** When a group of people get their reminders: a time zone and an hour on its clock. */
export interface ReminderSchedule {
  timeZone: string;
  hour: number;
}

/** A person's hour, or the deployment's when they chose none. */
const hourOf = (defaultHour: number) => sql<number>`coalesce(u.reminder_hour, ${defaultHour})`;

/**
 * The (time zone, hour) pairs of people who get reminders, each once: UTC for those without a
 * zone, `defaultHour` for those without an hour of their own.
 */
export async function listReminderSchedules(
  db: Db,
  defaultHour: number,
): Promise<ReminderSchedule[]> {
  const rows = await db
    .selectFrom('users as u')
    .select([sql<string>`coalesce(u.time_zone, 'UTC')`.as('tz'), hourOf(defaultHour).as('hour')])
    .distinct()
    .where('u.action_item_reminders', '<>', 'off')
    .orderBy('tz')
    .orderBy('hour')
    .execute();
  return rows.map((r) => ({ timeZone: r.tz, hour: Number(r.hour) }));
}

/**
 * Users in `timeZone` (`UTC` includes those without one) whose reminders come at `hour` (theirs,
 * or `defaultHour` without one) on `cadence` with an open item assigned
 * to them due on or before `dueBy` and no reminder settled (or being sent) for `period`. A
 * `pending` reminder (the SMTP server could not take it) is listed again.
 */
export async function listReminderRecipients(
  db: Db,
  q: {
    timeZone: string;
    hour: number;
    defaultHour: number;
    cadence: Exclude<ReminderCadence, 'off'>;
    period: string;
    dueBy: string;
    limit: number;
  },
): Promise<ReminderRecipient[]> {
  const rows = await db
    .selectFrom('users as u')
    .select(['u.id', 'u.email', 'u.name', 'u.time_zone'])
    .where(sql<string>`coalesce(u.time_zone, 'UTC')`, '=', q.timeZone)
    .where(hourOf(q.defaultHour), '=', q.hour)
    .where('u.action_item_reminders', '=', q.cadence)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('action_items as ai')
          .select(sql.lit(1).as('one'))
          .where('ai.owner_identity', '=', sql<string>`u.id::text`)
          .where('ai.status', '=', 'open')
          .where('ai.review', '!=', 'rejected')
          .where('ai.due_date', '<=', q.dueBy),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('action_item_reminders as r')
            .select(sql.lit(1).as('one'))
            .whereRef('r.user_id', '=', 'u.id')
            .where('r.period', '=', q.period)
            .where(settledOrTaken),
        ),
      ),
    )
    .orderBy('u.id')
    .limit(q.limit)
    .execute();
  return rows.map((r) => ({ userId: r.id, email: r.email, name: r.name, timeZone: r.time_zone }));
}

/**
 * Claims the user's reminder for `period` (new, `pending`, or a claim gone stale); the number
 * of tries so far including this one, or null when another worker has it or it is settled.
 */
export function claimReminder(db: Db, userId: string, period: string): Promise<number | null> {
  return claimEmail(db, 'action_item_reminders', { user_id: userId, period });
}

export interface ReminderOutcome extends EmailOutcome {
  itemCount?: number | null;
}

/** Records what became of a claimed reminder. */
export async function settleReminder(
  db: Db,
  userId: string,
  period: string,
  o: ReminderOutcome,
): Promise<void> {
  await settleEmail(db, 'action_item_reminders', { user_id: userId, period }, o, {
    item_count: o.itemCount ?? null,
  });
}

export interface ReminderRecord {
  period: string;
  status: ReminderEmailStatus;
  attempts: number;
  error: string | null;
  itemCount: number | null;
  sentAt: Date | null;
}

/** The user's reminders, newest period first. */
export async function listReminders(db: Db, userId: string, limit = 20): Promise<ReminderRecord[]> {
  const rows = await db
    .selectFrom('action_item_reminders')
    .select(['status', 'attempts', 'error', 'item_count', 'sent_at'])
    .select(sql<string>`to_char(period, 'YYYY-MM-DD')`.as('period'))
    .where('user_id', '=', userId)
    .orderBy('period', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    period: r.period,
    status: r.status,
    attempts: r.attempts,
    error: r.error,
    itemCount: r.item_count,
    sentAt: r.sent_at,
  }));
}

/**
 * Gives up reminders still waiting (`pending`, or a claim never settled) whose period began
 * before `before` (YYYY-MM-DD): their period is over, so they are `failed` (`period_over`)
 * rather than waiting for ever. How many.
 */
export function expireReminders(db: Db, before: string): Promise<number> {
  return expireEmails(db, 'action_item_reminders', before, 'period_over');
}

/** Forgets reminders of periods before `before` (YYYY-MM-DD); how many. */
export function pruneReminders(db: Db, before: string): Promise<number> {
  return pruneEmails(db, 'action_item_reminders', before);
}
