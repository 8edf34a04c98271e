import { describe, expect, it } from 'vitest';
import type { Brief } from '../subjects/memory.ts';
import { formatStart } from '../time/zones.ts';
import { renderBriefEmail } from './brief.ts';

const source = {
  meetingId: 'm0',
  meetingTitle: 'Kick-off',
  at: '2026-11-30T10:00:00Z',
  startMs: 5000,
};
const brief = (over: Partial<Brief> = {}): Brief => ({
  subject: { id: 's1', name: 'Acme <Corp>' },
  pastMeetings: 2,
  last: { meetingId: 'm0', title: 'Kick-off', at: source.at, href: '/meetings/m0' },
  summary: [{ text: 'Budget agreed at 40k', href: '/meetings/m0?t=5000', source }],
  metrics: [
    {
      text: 'Budget: 40k',
      href: '/meetings/m0?t=7000',
      source,
      label: 'Budget',
      latest: '40k',
      points: [],
      change: 0.25,
      flagged: false,
    },
  ],
  actionItems: [
    {
      text: 'Send the contract',
      href: '/meetings/m0?t=9000',
      source,
      owner: 'Grace',
      dueDate: '2026-12-09',
    },
  ],
  neverCovered: [],
  ...over,
});
const content = {
  recipientName: 'Ada',
  meetingTitle: 'Renewal & pricing',
  when: 'Tue 8 Dec, 14:30 (Europe/Berlin)',
  meetingUrl: 'https://p.example/meetings/m1',
  lastDate: '30 Nov 2026',
  origin: 'https://p.example',
  settingsUrl: 'https://p.example/account#briefs',
  unsubscribeUrl: 'https://p.example/unsubscribe?token=t',
};

describe('renderBriefEmail', () => {
  it('recalls the last meeting and lists each section with links to the moments', () => {
    const m = renderBriefEmail({ ...content, brief: brief() });
    expect(m.subject).toBe(
      'Brief for Renewal & pricing (Tue 8 Dec, 14:30 (Europe/Berlin)): last time with Acme <Corp>',
    );
    expect(m.text).toContain('"Renewal & pricing" starts Tue 8 Dec, 14:30 (Europe/Berlin)');
    expect(m.text).toContain(
      'Last time with Acme <Corp>: "Kick-off", 30 Nov 2026 (2 meetings so far).',
    );
    expect(m.text).toContain(
      'Summary\n- Budget agreed at 40k\n  https://p.example/meetings/m0?t=5000',
    );
    expect(m.text).toContain('Key numbers\n- Budget: 40k (up 25%)');
    expect(m.text).toContain('Open action items\n- Send the contract (Grace, due 2026-12-09)');
    // Empty sections are left out.
    expect(m.text).not.toContain('Never covered');
    expect(m.text).toContain('Stop these briefs: https://p.example/unsubscribe?token=t');
  });

  it('escapes everything in the HTML', () => {
    const m = renderBriefEmail({
      ...content,
      brief: brief({ summary: [{ text: '<b>x</b>', href: '/meetings/m0?t=1&a="', source }] }),
    });
    expect(m.html).toContain('Acme &#60;Corp&#62;');
    expect(m.html).toContain(
      '<a href="https://p.example/meetings/m0?t=1&#38;a=&#34;">&#60;b&#62;x&#60;/b&#62;</a>',
    );
    expect(m.html).toContain('Renewal &#38; pricing</a> starts');
    expect(m.html).not.toContain('<b>x');
  });

  it('says when there is nothing to recall', () => {
    const m = renderBriefEmail({
      ...content,
      brief: brief({ last: null, pastMeetings: 0, summary: [], metrics: [], actionItems: [] }),
    });
    expect(m.text).toContain('First meeting with Acme <Corp>: nothing to recall yet.');
    expect(m.text).not.toContain('Summary');
  });

  it('formatStart reads the zone’s clock', () => {
    expect(formatStart(new Date('2026-12-08T13:30:00Z'), 'Europe/Berlin')).toBe('Tue 8 Dec, 14:30');
    expect(formatStart(new Date('2026-12-08T23:30:00Z'), 'Asia/Tokyo')).toBe('Wed 9 Dec, 08:30');
    expect(formatStart(new Date('2026-12-08T13:30:00Z'), null)).toBe('Tue 8 Dec, 13:30');
  });
});
