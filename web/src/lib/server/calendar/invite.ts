import type { Meeting } from '@parley/db';

// A meeting as an iCalendar invite (RFC 5545): one VEVENT with the join link, stable UID (so a
// calendar updates the same event when downloaded again), escaped text and folded lines.

/** Escapes TEXT values (backslash, semicolon, comma, newline). */
export function escapeText(v: string): string {
  return v
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets (continuation lines start with a space). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let cur = '';
  let bytes = 0;
  for (const ch of line) {
    const b = Buffer.byteLength(ch);
    if (bytes + b > (out.length ? 74 : 75)) {
      out.push(cur);
      cur = '';
      bytes = 0;
    }
    cur += ch;
    bytes += b;
  }
  out.push(cur);
  return out.join('\r\n ');
}

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

export interface InviteOptions {
  /** `REQUEST` for an emailed invitation (with an organizer and attendees); default `PUBLISH`. */
  method?: 'PUBLISH' | 'REQUEST';
  organizer?: { email: string; name: string };
  attendees?: readonly string[];
  durationMinutes?: number;
}

/** A `mailto:` property with a quoted CN (quotes are not allowed inside, so they are dropped). */
const person = (prop: string, email: string, name?: string, extra = '') =>
  `${prop}${name ? `;CN="${name.replace(/["\r\n]/g, '')}"` : ''}${extra}:mailto:${email}`;

export function meetingInvite(
  m: Pick<Meeting, 'id' | 'title' | 'scheduled_at' | 'started_at' | 'created_at' | 'status'>,
  joinUrl: string,
  host: string,
  o: InviteOptions = {},
): string {
  const start = m.scheduled_at ?? m.started_at ?? m.created_at;
  const durationMinutes = o.durationMinutes ?? 60;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Parley//Meetings//EN',
    `METHOD:${o.method ?? 'PUBLISH'}`,
    'BEGIN:VEVENT',
    `UID:${m.id}@${host}`,
    `DTSTAMP:${stamp(new Date())}`,
    `DTSTART:${stamp(start)}`,
    `DTEND:${stamp(new Date(start.getTime() + durationMinutes * 60_000))}`,
    `SUMMARY:${escapeText(m.title)}`,
    `DESCRIPTION:${escapeText(`Join the meeting: ${joinUrl}`)}`,
    `LOCATION:${escapeText(joinUrl)}`,
    `URL:${joinUrl}`,
    ...(o.organizer ? [person('ORGANIZER', o.organizer.email, o.organizer.name)] : []),
    ...(o.attendees ?? []).map((a) =>
      person('ATTENDEE', a, undefined, ';ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE'),
    ),
    ...(m.status === 'ended' ? ['STATUS:CONFIRMED'] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
