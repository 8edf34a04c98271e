import { describe, expect, it } from 'vitest';
import { renderReminderEmail, type ReminderItem } from './reminder.ts';
import { nextReminderAt, reminderPeriod } from './reminder-schedule.ts';
import { formatDay, instantAt } from '../time/zones.ts';

const item = (over: Partial<ReminderItem>): ReminderItem => ({
  text: 'Send the deck',
  meetingTitle: 'Acme review',
  meetingDate: '1 Dec 2026',
  due: '2026-12-08',
  overdue: false,
  url: 'https://p.example/meetings/m1?t=5000',
  doneUrl: 'https://p.example/action-items/done?token=d1',
  ...over,
});

describe('renderReminderEmail', () => {
  const base = {
    recipientName: 'Ada',
    cadence: 'weekly' as const,
    dueBy: '13 Dec',
    more: 0,
    listUrl: 'https://p.example/action-items',
    settingsUrl: 'https://p.example/account',
    unsubscribeUrl: 'https://p.example/unsubscribe?token=t',
  };
  it('lists overdue items first, then those due soon, each with its meeting and link', () => {
    const m = renderReminderEmail({
      ...base,
      items: [item({ text: 'Book the venue', due: '2026-12-01', overdue: true }), item({})],
    });
    expect(m.subject).toBe('Your action items: 1 overdue, 1 due by 13 Dec');
    const text = m.text;
    expect(text.indexOf('Overdue\n- Book the venue (due 2026-12-01')).toBeGreaterThan(0);
    expect(text.indexOf('Due by 13 Dec\n- Send the deck')).toBeGreaterThan(text.indexOf('Overdue'));
    expect(text).toContain('  https://p.example/meetings/m1?t=5000');
    expect(text).toContain('  Done? https://p.example/action-items/done?token=d1');
    expect(m.html).toContain(
      '<a href="https://p.example/action-items/done?token=d1">Mark done</a>',
    );
    expect(text).toContain('every Monday');
    expect(text).toContain('Stop these reminders: https://p.example/unsubscribe?token=t');
    expect(m.html).toContain('<h2>Overdue</h2>');
  });
  it('escapes what people wrote and counts what it leaves out', () => {
    const m = renderReminderEmail({
      ...base,
      cadence: 'daily',
      more: 3,
      items: [item({ text: '<b>x</b> & "y"', meetingTitle: '<script>' })],
    });
    expect(m.subject).toBe('Your action items: 1 due by 13 Dec and 3 more');
    expect(m.html).not.toContain('<b>x</b>');
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&#60;b&#62;x&#60;/b&#62; &#38; &#34;y&#34;');
    expect(m.text).toContain('…and 3 more items on the Action items page.');
    expect(m.text).toContain('every weekday');
    expect(m.html).not.toContain('<h2>Overdue</h2>');
  });
});

describe('reminderPeriod', () => {
  // 2026-12-07 is a Monday.
  const at = (iso: string) => new Date(iso);
  it('weekly: the week of the last Monday at the hour, due through that Sunday', () => {
    expect(reminderPeriod(at('2026-12-07T08:00:00Z'), 'weekly', 8)).toEqual({
      period: '2026-12-07',
      dueBy: '2026-12-13',
      today: '2026-12-07',
    });
    // Before Monday's hour it is still last week's reminder.
    expect(reminderPeriod(at('2026-12-07T07:59:59Z'), 'weekly', 8)?.period).toBe('2026-11-30');
    expect(reminderPeriod(at('2026-12-13T23:00:00Z'), 'weekly', 8)).toEqual({
      period: '2026-12-07',
      dueBy: '2026-12-13',
      today: '2026-12-13',
    });
  });
  it('daily: weekdays from the hour, due by the next working day', () => {
    expect(reminderPeriod(at('2026-12-08T09:00:00Z'), 'daily', 8)).toEqual({
      period: '2026-12-08',
      dueBy: '2026-12-09',
      today: '2026-12-08',
    });
    expect(reminderPeriod(at('2026-12-11T08:00:00Z'), 'daily', 8)?.dueBy).toBe('2026-12-14');
    expect(reminderPeriod(at('2026-12-08T07:00:00Z'), 'daily', 8)).toBeNull();
    expect(reminderPeriod(at('2026-12-12T12:00:00Z'), 'daily', 8)).toBeNull();
    expect(reminderPeriod(at('2026-12-13T12:00:00Z'), 'daily', 8)).toBeNull();
  });
});

describe('nextReminderAt', () => {
  it('is the next weekday (daily) or Monday (weekly) at the hour, never now', () => {
    const fri = new Date('2026-12-11T09:00:00Z');
    expect(nextReminderAt(fri, 'daily', 8)?.toISOString()).toBe('2026-12-14T08:00:00.000Z');
    expect(nextReminderAt(fri, 'weekly', 8)?.toISOString()).toBe('2026-12-14T08:00:00.000Z');
    const mon = new Date('2026-12-07T07:00:00Z');
    expect(nextReminderAt(mon, 'weekly', 8)?.toISOString()).toBe('2026-12-07T08:00:00.000Z');
    expect(nextReminderAt(new Date('2026-12-07T08:00:00Z'), 'weekly', 8)?.toISOString()).toBe(
      '2026-12-14T08:00:00.000Z',
    );
    expect(nextReminderAt(mon, 'off', 8)).toBeNull();
  });
});

describe('in a person’s time zone', () => {
  it('reminders go out at the hour of their wall clock, on their weekday', () => {
    // 23:30 UTC on Sunday 6 Dec is already Monday 08:30 in Tokyo (UTC+9).
    const sunNight = new Date('2026-12-06T23:30:00Z');
    expect(reminderPeriod(sunNight, 'weekly', 8, 'Asia/Tokyo')).toEqual({
      period: '2026-12-07',
      dueBy: '2026-12-13',
      today: '2026-12-07',
    });
    expect(reminderPeriod(sunNight, 'weekly', 8)?.period).toBe('2026-11-30');
    // 09:00 UTC Monday is 04:00 in New York (UTC-5): not yet Monday's hour there.
    const monMorning = new Date('2026-12-07T09:00:00Z');
    expect(reminderPeriod(monMorning, 'weekly', 8, 'America/New_York')?.period).toBe('2026-11-30');
    expect(reminderPeriod(monMorning, 'daily', 8, 'America/New_York')).toBeNull();
    expect(nextReminderAt(monMorning, 'weekly', 8, 'America/New_York')?.toISOString()).toBe(
      '2026-12-07T13:00:00.000Z',
    );
    // Half-hour zones and summer time.
    expect(nextReminderAt(monMorning, 'weekly', 8, 'Asia/Kolkata')?.toISOString()).toBe(
      '2026-12-14T02:30:00.000Z',
    );
    expect(
      nextReminderAt(new Date('2026-07-01T00:00:00Z'), 'daily', 8, 'Europe/Berlin')?.toISOString(),
    ).toBe('2026-07-01T06:00:00.000Z');
    // An unknown zone (tzdata changed under a stored name) counts as UTC.
    expect(reminderPeriod(monMorning, 'daily', 8, 'Nowhere/Town')?.period).toBe('2026-12-07');
  });

  it('instantAt and formatDay read the zone’s calendar', () => {
    expect(instantAt('2026-03-29', 8, 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T06:00:00.000Z',
    );
    expect(instantAt('2026-03-28', 8, 'Europe/Berlin').toISOString()).toBe(
      '2026-03-28T07:00:00.000Z',
    );
    // 02:00 does not exist that night in Berlin: the next real time.
    expect(instantAt('2026-03-29', 2, 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    expect(formatDay(new Date('2026-12-06T23:30:00Z'), 'Asia/Tokyo')).toBe('7 Dec 2026');
    expect(formatDay(new Date('2026-12-06T23:30:00Z'), null)).toBe('6 Dec 2026');
  });
});
