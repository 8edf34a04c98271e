// When action-item reminders go out, on each person's wall clock (their time zone; UTC when
// unset): daily ones each weekday, weekly ones each Monday, at `hour`. A period names one
// reminder (its day, or the week's Monday, as dates in that zone): a person gets at most one
// per period, however many workers look.
import type { ReminderCadence } from '@parley/protocol';
import { addDays, instantAt, localTime, weekdayOf } from '../time/zones.ts';

export interface ReminderPeriod {
  /** YYYY-MM-DD: the day (daily) or the week's Monday (weekly). */
  period: string;
  /** Items due on or before this day (YYYY-MM-DD) are listed; those before `today` are overdue. */
  dueBy: string;
  today: string;
}

/** The period a reminder is due for at `now`, or null (a weekend or before the hour, daily). */
export function reminderPeriod(
  now: Date,
  cadence: Exclude<ReminderCadence, 'off'>,
  hour: number,
  timeZone: string | null = null,
): ReminderPeriod | null {
  const { date: today, hour: h } = localTime(now.getTime(), timeZone);
  const reached = h >= hour;
  const wd = weekdayOf(today);
  if (cadence === 'daily') {
    if (wd > 4 || !reached) return null;
    // Friday's reminder covers the weekend and Monday.
    return { period: today, dueBy: addDays(today, wd === 4 ? 3 : 1), today };
  }
  let monday = addDays(today, -wd);
  if (monday === today && !reached) monday = addDays(monday, -7);
  return { period: monday, dueBy: addDays(monday, 6), today };
}

/** When the next reminder of `cadence` goes out after `now`; null when off. */
export function nextReminderAt(
  now: Date,
  cadence: ReminderCadence,
  hour: number,
  timeZone: string | null = null,
): Date | null {
  if (cadence === 'off') return null;
  const today = localTime(now.getTime(), timeZone).date;
  for (let d = 0; d <= 8; d++) {
    const day = addDays(today, d);
    const wd = weekdayOf(day);
    if (cadence === 'daily' ? wd > 4 : wd !== 0) continue;
    const at = instantAt(day, hour, timeZone);
    if (at.getTime() > now.getTime()) return at;
  }
  return null;
}
