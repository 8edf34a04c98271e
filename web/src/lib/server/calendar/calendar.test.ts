import { describe, expect, it } from 'vitest';
import { foldLine, meetingInvite } from './invite.ts';
import { InvalidCalendarError, parseCalendar } from './parse.ts';

const NOW = Date.parse('2026-12-07T09:00:00Z');
const cal = (...body: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...body, 'END:VCALENDAR', ''].join(
    '\r\n',
  );
const vevent = (...props: string[]) => [
  'BEGIN:VEVENT',
  'DTSTAMP:20261201T000000Z',
  ...props,
  'END:VEVENT',
];

describe('parseCalendar', () => {
  it('reads events, cancellations, sequences and time zones', () => {
    const { items, problems } = parseCalendar(
      cal(
        'BEGIN:VTIMEZONE',
        'TZID:Europe/Paris',
        'BEGIN:STANDARD',
        'DTSTART:19701025T030000',
        'TZOFFSETFROM:+0200',
        'TZOFFSETTO:+0100',
        'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
        'END:STANDARD',
        'END:VTIMEZONE',
        ...vevent(
          'UID:a@x',
          'SUMMARY:Board\\, Q4 review',
          'DTSTART;TZID=Europe/Paris:20261210T100000',
          'SEQUENCE:2',
        ),
        ...vevent('UID:b@x', 'SUMMARY:Dropped', 'DTSTART:20261211T100000Z', 'STATUS:CANCELLED'),
      ),
      { now: NOW },
    );
    expect(problems).toEqual([]);
    expect(items).toEqual([
      {
        key: 'a@x',
        title: 'Board, Q4 review',
        start: new Date('2026-12-10T09:00:00Z'),
        sequence: 2,
        cancelled: false,
        invitees: [],
        url: null,
      },
      {
        key: 'b@x',
        title: 'Dropped',
        start: new Date('2026-12-11T10:00:00Z'),
        sequence: 0,
        cancelled: true,
        invitees: [],
        url: null,
      },
    ]);
  });

  it('expands a recurring event inside the window only, with its exceptions', () => {
    const { items } = parseCalendar(
      cal(
        ...vevent('UID:w@x', 'SUMMARY:Weekly', 'DTSTART:20261201T100000Z', 'RRULE:FREQ=WEEKLY'),
        ...vevent(
          'UID:w@x',
          'RECURRENCE-ID:20261215T100000Z',
          'SUMMARY:Weekly (moved)',
          'DTSTART:20261216T100000Z',
        ),
      ),
      { now: NOW, windowDays: 30 },
    );
    expect(items.filter((i) => i.key.startsWith('w@x|')).length).toBeGreaterThanOrEqual(4);
    expect(items.find((i) => i.key === 'w@x|2026-12-15T10:00:00.000Z')?.title).toBe(
      'Weekly (moved)',
    );
    expect(items.every((i) => i.start.getTime() <= NOW + 30 * 86_400_000)).toBe(true);
  });

  it('bounded work on hostile recurrences', () => {
    const t0 = performance.now();
    const { items, problems } = parseCalendar(
      cal(
        ...vevent('UID:s@x', 'DTSTART:19700101T000000Z', 'RRULE:FREQ=SECONDLY'),
        ...vevent(
          'UID:i@x',
          'DTSTART:20260101T000000Z',
          'RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30',
        ),
        ...vevent('UID:m@x', 'DTSTART:20261207T000000Z', 'RRULE:FREQ=MINUTELY'),
      ),
      { now: NOW },
    );
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(problems).toContain('recurrence_too_long:s@x');
    expect(items.filter((i) => i.key.startsWith('m@x|')).length).toBeLessThanOrEqual(500);
  });

  it('refuses what is not a calendar, and too many events', () => {
    for (const bad of [
      '',
      'hello',
      'BEGIN:VCARD\r\nEND:VCARD\r\n',
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n',
    ]) {
      expect(() => parseCalendar(bad), JSON.stringify(bad)).toThrow(InvalidCalendarError);
    }
    const many = Array.from({ length: 11 }, (_, i) =>
      vevent(`UID:${i}`, 'DTSTART:20261210T100000Z'),
    ).flat();
    expect(() => parseCalendar(cal(...many), { maxEvents: 10 })).toThrow(/more than 10 events/);
  });

  it('an unknown time zone or a missing start does not stop the file', () => {
    const { items, problems } = parseCalendar(
      cal(
        ...vevent('UID:z@x', 'DTSTART;TZID=Mars/Olympus:20261210T100000'),
        ...vevent('UID:n@x', 'SUMMARY:No start'),
      ),
      { now: NOW },
    );
    expect(items.map((i) => i.key)).toEqual(['z@x']);
    expect(problems).toEqual(['no_start:n@x']);
  });
});

describe('meetingInvite', () => {
  const m = {
    id: '7d3e0a52-1111-4222-8333-944455556666',
    title: 'Pricing; review, with "Acme" and a very long title that needs folding across lines ✓',
    scheduled_at: new Date('2026-12-10T09:30:00Z'),
    started_at: null,
    created_at: new Date('2026-12-01T00:00:00Z'),
    status: 'scheduled' as const,
  };

  it('is a valid calendar that reads back with the same title, time and join link', () => {
    const ics = meetingInvite(m, `https://parley.example/meetings/${m.id}/room`, 'parley.example');
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(ics).toContain(`UID:${m.id}@parley.example`);
    const { items } = parseCalendar(ics, { now: Date.parse('2026-12-01T00:00:00Z') });
    expect(items).toEqual([
      {
        key: `${m.id}@parley.example`,
        title: m.title,
        start: m.scheduled_at,
        sequence: 0,
        cancelled: false,
        invitees: [],
        url: `https://parley.example/meetings/${m.id}/room`,
      },
    ]);
    expect(ics.replace(/\r\n /g, '')).toContain(`URL:https://parley.example/meetings/${m.id}/room`);
  });

  it('folds on character boundaries', () => {
    const folded = foldLine(`SUMMARY:${'é'.repeat(100)}`);
    expect(folded.split('\r\n ').join('')).toBe(`SUMMARY:${'é'.repeat(100)}`);
  });
});
