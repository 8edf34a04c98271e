import ICAL from 'ical.js';
import { eventInvitees, eventLink, type EventInvitee } from './details.ts';

// Reads an iCalendar file into the meetings it describes, with bounded work whatever the input:
// a size cap (the routes), at most MAX_EVENTS events, recurring events expanded only inside a
// window from now, with a cap on iterations per event and a deadline for the whole file (a rule
// like FREQ=SECONDLY from 1970 never reaches the window: it is skipped with a problem noted).

export interface CalendarItem {
  /** UID, plus the occurrence start for recurring events. */
  key: string;
  title: string;
  start: Date;
  sequence: number;
  cancelled: boolean;
  /** ORGANIZER and ATTENDEE addresses (lower-cased). */
  invitees: EventInvitee[];
  /** The event's own link (http/https only). */
  url: string | null;
}

export interface ParsedCalendar {
  items: CalendarItem[];
  /** Content-free notes: `recurrence_too_long:<uid>`, `no_start:<uid>`, `too_many_occurrences`. */
  problems: string[];
}

export interface ParseLimits {
  now: number;
  /** Occurrences later than this many days from now are not imported. */
  windowDays: number;
  maxEvents: number;
  maxOccurrences: number;
  /** Iterations of one recurrence rule. */
  maxIterations: number;
  /** Wall-clock budget of the whole file (ms). */
  budgetMs: number;
}

export const defaultParseLimits = (): ParseLimits => ({
  now: Date.now(),
  windowDays: 90,
  maxEvents: 2_000,
  maxOccurrences: 500,
  maxIterations: 2_000,
  budgetMs: 2_000,
});

export class InvalidCalendarError extends Error {
  override name = 'InvalidCalendarError';
}

const DAY = 86_400_000;

function text(v: unknown, max: number): string {
  return (typeof v === 'string' ? v : '').replace(/\s+/g, ' ').trim().slice(0, max);
}

export function parseCalendar(source: string, limits: Partial<ParseLimits> = {}): ParsedCalendar {
  const l = { ...defaultParseLimits(), ...limits };
  const deadline = performance.now() + l.budgetMs;
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(source) as unknown[]);
  } catch {
    throw new InvalidCalendarError('The file is not a valid iCalendar (.ics) file.');
  }
  if (root.name !== 'vcalendar') throw new InvalidCalendarError('The file has no VCALENDAR.');
  const events = root.getAllSubcomponents('vevent');
  if (events.length > l.maxEvents) {
    throw new InvalidCalendarError(`The file has more than ${l.maxEvents} events.`);
  }
  const methodCancel = text(root.getFirstPropertyValue('method'), 20).toUpperCase() === 'CANCEL';
  // Time zones defined in the file, for the duration of this (synchronous) parse only.
  const zones = root.getAllSubcomponents('vtimezone').map((c) => new ICAL.Timezone(c));
  const registered = zones.filter((z) => z.tzid && !ICAL.TimezoneService.has(z.tzid));
  for (const z of registered) ICAL.TimezoneService.register(z);
  const from = l.now - DAY;
  const to = l.now + l.windowDays * DAY;
  const byKey = new Map<string, CalendarItem>();
  const problems: string[] = [];
  try {
    for (const component of events) {
      const ev = new ICAL.Event(component);
      const uid = text(ev.uid, 255);
      if (!uid) continue;
      const base = {
        title: text(ev.summary, 200) || 'Calendar meeting',
        invitees: eventInvitees(component),
        url: eventLink(component),
        sequence: Number.isInteger(ev.sequence) ? ev.sequence : 0,
        cancelled:
          methodCancel ||
          text(component.getFirstPropertyValue('status'), 20).toUpperCase() === 'CANCELLED',
      };
      if (!ev.startDate) {
        problems.push(`no_start:${uid}`);
        continue;
      }
      if (ev.isRecurrenceException()) {
        const start = ev.startDate.toJSDate();
        const key = `${uid}|${ev.recurrenceId.toJSDate().toISOString()}`;
        byKey.set(key, { key, start, ...base });
        continue;
      }
      if (!ev.isRecurring()) {
        byKey.set(uid, { key: uid, start: ev.startDate.toJSDate(), ...base });
        continue;
      }
      const it = ev.iterator();
      let n = 0;
      for (let t = it.next(); t; t = it.next()) {
        const at = t.toJSDate().getTime();
        if (at > to || !Number.isFinite(at)) break;
        if (++n > l.maxIterations || performance.now() > deadline) {
          problems.push(`recurrence_too_long:${uid}`);
          break;
        }
        if (at < from) continue;
        const key = `${uid}|${new Date(at).toISOString()}`;
        if (!byKey.has(key)) byKey.set(key, { key, start: new Date(at), ...base });
      }
      if (byKey.size > l.maxOccurrences) break;
    }
  } catch {
    throw new InvalidCalendarError('The file has an event that cannot be read.');
  } finally {
    for (const z of registered) ICAL.TimezoneService.remove(z.tzid);
  }
  let items = [...byKey.values()].filter((i) => !Number.isNaN(i.start.getTime()));
  if (items.length > l.maxOccurrences) {
    problems.push('too_many_occurrences');
    items = items.sort((a, b) => a.start.getTime() - b.start.getTime()).slice(0, l.maxOccurrences);
  }
  return { items, problems };
}
