// Wall-clock time in a person's time zone (IANA name; null or unknown: UTC), for when their
// reminders go out and how dates read in the emails they get. Intl formatters are cached per zone.
import { isTimeZone } from '@parley/protocol';

export interface LocalTime {
  /** YYYY-MM-DD in the zone. */
  date: string;
  hour: number;
  minute: number;
}

const partsFormat = new Map<string, Intl.DateTimeFormat>();
const dayFormat = new Map<string, Intl.DateTimeFormat>();
const startFormat = new Map<string, Intl.DateTimeFormat>();

/** The zone to compute in: the name given if this runtime knows it, else UTC. */
export function zoneOrUtc(tz: string | null | undefined): string {
  if (!tz) return 'UTC';
  return partsFormat.has(tz) || isTimeZone(tz) ? tz : 'UTC';
}

function formatter(
  cache: Map<string, Intl.DateTimeFormat>,
  tz: string,
  make: () => Intl.DateTimeFormat,
) {
  let f = cache.get(tz);
  if (!f) {
    f = make();
    cache.set(tz, f);
  }
  return f;
}

/** The date and hour on the wall clock of `tz` at instant `ms`. */
export function localTime(ms: number, tz: string | null): LocalTime {
  const zone = zoneOrUtc(tz);
  const f = formatter(
    partsFormat,
    zone,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
  );
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour), minute: Number(p.minute) };
}

/** `date` (YYYY-MM-DD) moved by `days`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday, for a YYYY-MM-DD date. */
export function weekdayOf(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** The instant the wall clock of `tz` shows `hour`:00 on `date` (the next real time in a DST gap). */
export function instantAt(date: string, hour: number, tz: string | null): Date {
  const zone = zoneOrUtc(tz);
  const pad = (n: number) => String(n).padStart(2, '0');
  const wall = Date.parse(`${date}T${pad(hour)}:00:00Z`);
  /** How far the zone's wall clock is ahead of UTC at `ms`. */
  const offsetAt = (ms: number) => {
    const l = localTime(ms, zone);
    return (
      Date.parse(`${l.date}T${pad(l.hour)}:${pad(l.minute)}:00Z`) - Math.floor(ms / 60_000) * 60_000
    );
  };
  const first = wall - offsetAt(wall);
  if (localTime(first, zone).hour === hour) return new Date(first);
  // Near a change of offset: try the other one; in a gap neither fits and the later is taken.
  const second = wall - offsetAt(first);
  const t = localTime(second, zone).hour === hour ? second : Math.max(first, second);
  return new Date(t);
}

/** A day as people read it in an email, in their zone: "7 Dec 2026". */
export function formatDay(at: Date, tz: string | null): string {
  const zone = zoneOrUtc(tz);
  return formatter(
    dayFormat,
    zone,
    () => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: zone }),
  ).format(at);
}

/** When something starts, as people read it in an email, in their zone: "Tue 8 Dec, 14:30". */
export function formatStart(at: Date, tz: string | null): string {
  const zone = zoneOrUtc(tz);
  return formatter(
    startFormat,
    zone,
    () =>
      new Intl.DateTimeFormat('en-GB', {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone: zone,
      }),
  ).format(at);
}
