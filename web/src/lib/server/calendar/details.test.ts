import { describe, expect, it } from 'vitest';
import { MAX_INVITEES, safeHttpUrl } from './details.ts';
import { meetingInvite } from './invite.ts';
import { parseCalendar } from './parse.ts';

const NOW = Date.parse('2026-12-07T09:00:00Z');
const one = (...props: string[]) => {
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VEVENT',
    'UID:e@x',
    'DTSTAMP:20261201T000000Z',
    'DTSTART:20261210T100000Z',
    ...props,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  const [item] = parseCalendar(ics, { now: NOW }).items;
  if (!item) throw new Error('no item');
  return item;
};

describe('event invitees', () => {
  it('reads organizer and attendee mailto addresses, lower-cased, once each', () => {
    const item = one(
      'ORGANIZER;CN=Ada Lovelace:mailto:Ada@Example.com',
      'ATTENDEE;CN="Bob";PARTSTAT=NEEDS-ACTION:MAILTO:bob@example.com',
      'ATTENDEE:mailto:ada@example.com',
      'ATTENDEE:urn:uuid:not-an-email',
      'ATTENDEE:mailto:not an address',
      'ATTENDEE:mailto:<script>@x.com',
    );
    expect(item.invitees).toEqual([
      { email: 'ada@example.com', organizer: true },
      { email: 'bob@example.com', organizer: false },
    ]);
  });

  it('keeps at most MAX_INVITEES', () => {
    const many = Array.from({ length: MAX_INVITEES + 20 }, (_, i) => `ATTENDEE:mailto:p${i}@x.org`);
    expect(one(...many).invitees).toHaveLength(MAX_INVITEES);
  });
});

describe('event link', () => {
  it('is the URL property, else the first http(s) URL in LOCATION, else in DESCRIPTION', () => {
    expect(one('URL:https://meet.example/abc', 'LOCATION:https://other.example').url).toBe(
      'https://meet.example/abc',
    );
    expect(one('LOCATION:Room 4 (https://zoom.example/j/123).').url).toBe(
      'https://zoom.example/j/123',
    );
    expect(one('DESCRIPTION:Dial in\\nJoin: http://meet.example/x?y=1, thanks').url).toBe(
      'http://meet.example/x?y=1',
    );
    expect(one('SUMMARY:No link').url).toBeNull();
  });

  it('is never anything but http(s)', () => {
    expect(one('URL:javascript:alert(1)', 'LOCATION:ftp://files.example/x').url).toBeNull();
    expect(one('URL:data:text/html,<b>x</b>', 'DESCRIPTION:see https://ok.example/').url).toBe(
      'https://ok.example/',
    );
    expect(safeHttpUrl('JavaScript:alert(1)')).toBeNull();
    expect(safeHttpUrl(`https://x.example/${'a'.repeat(2100)}`)).toBeNull();
  });
});

describe('an emailed invite (METHOD:REQUEST)', () => {
  it('names the organizer and attendees and reads back with its join link', () => {
    const m = {
      id: '7d3e0a52-1111-4222-8333-944455556666',
      title: 'Launch',
      scheduled_at: new Date('2026-12-10T09:30:00Z'),
      started_at: null,
      created_at: new Date('2026-12-01T00:00:00Z'),
      status: 'scheduled' as const,
    };
    const join = `https://parley.example/meetings/${m.id}/room`;
    const ics = meetingInvite(m, join, 'parley.example', {
      method: 'REQUEST',
      organizer: { email: 'ada@example.com', name: 'Ada "the" Lovelace' },
      attendees: ['bob@example.com'],
    });
    const flat = ics.replace(/\r\n /g, '');
    expect(flat).toContain('METHOD:REQUEST');
    expect(flat).toContain('ORGANIZER;CN="Ada the Lovelace":mailto:ada@example.com');
    const [item] = parseCalendar(ics, { now: Date.parse('2026-12-01T00:00:00Z') }).items;
    expect(item).toMatchObject({ url: join, key: `${m.id}@parley.example` });
    expect(item?.invitees).toEqual([
      { email: 'ada@example.com', organizer: true },
      { email: 'bob@example.com', organizer: false },
    ]);
  });
});
