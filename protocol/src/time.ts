import { z } from 'zod';

/** A moment on a meeting's timeline as people read it: mm:ss, h:mm:ss past an hour. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${m}:${sec}` : `${m}:${sec}`;
}

/** Whether `tz` is a time zone this runtime knows (IANA name such as `Europe/Berlin`, or `UTC`). */
export function isTimeZone(tz: string): boolean {
  if (tz.length === 0 || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A person's time zone as the API takes it: an IANA name, or null for UTC. */
export const timeZoneSchema = z
  .string({ error: 'timeZone must be a time zone name such as Europe/Berlin, or null.' })
  .refine(isTimeZone, {
    error: 'timeZone must be a time zone name such as Europe/Berlin, or null.',
  })
  .nullable();
