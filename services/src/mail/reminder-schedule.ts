// When action-item reminders go out (UTC): daily ones each weekday, weekly ones each Monday, at
// `hour`. A period names one reminder (its day, or the week's Monday): a person gets at most one
// per period, however many workers look.
import type { ReminderCadence } from '@parley/protocol';

export interface ReminderPeriod {
  /** YYYY-MM-DD: the day (daily) or the week's Monday (weekly). */
  period: string;
  /** Items due on or before this day (YYYY-MM-DD) are listed; those before `today` are overdue. */
  dueBy: string;
  today: string;
}

const DAY = 86_400_000;
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Midnight UTC of the day `ms` falls on. */
const dayStart = (ms: number) => Math.floor(ms / DAY) * DAY;
/** 0 = Monday … 6 = Sunday. */
const weekday = (ms: number) => (new Date(ms).getUTCDay() + 6) % 7;

/** The period a reminder is due for at `now`, or null (a weekend or before the hour, daily). */
export function reminderPeriod(
  now: Date,
  cadence: Exclude<ReminderCadence, 'off'>,
  hour: number,
): ReminderPeriod | null {
  const t = now.getTime();
  const today = dayStart(t);
  const reached = t >= today + hour * 3_600_000;
  if (cadence === 'daily') {
    const wd = weekday(t);
    if (wd > 4 || !reached) return null;
    // Friday's reminder covers the weekend and Monday.
    const next = today + (wd === 4 ? 3 : 1) * DAY;
    return { period: ymd(today), dueBy: ymd(next), today: ymd(today) };
  }
  let monday = today - weekday(t) * DAY;
  if (monday === today && !reached) monday -= 7 * DAY;
  return { period: ymd(monday), dueBy: ymd(monday + 6 * DAY), today: ymd(today) };
}

/** When the next reminder of `cadence` goes out after `now`; null when off. */
export function nextReminderAt(now: Date, cadence: ReminderCadence, hour: number): Date | null {
  if (cadence === 'off') return null;
  const t = now.getTime();
  for (let d = 0; d <= 7; d++) {
    const at = dayStart(t) + d * DAY + hour * 3_600_000;
    const wd = weekday(at);
    if (at > t && (cadence === 'daily' ? wd <= 4 : wd === 0)) return new Date(at);
  }
  return null;
}
