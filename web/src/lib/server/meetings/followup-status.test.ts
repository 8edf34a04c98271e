import { describe, expect, it } from 'vitest';
import { followupStatus } from './followup-status.ts';

const ended = {
  followup_email: true,
  status: 'ended' as 'ended' | 'live',
  followup_round: 1,
  followup_resent_at: null as Date | null,
};
type Status = 'pending' | 'sent' | 'bounced' | 'failed';
const d = (...s: Status[]) => s.map((status) => ({ status, round: 1 }));
const inRound = (round: number, ...s: Status[]) => s.map((status) => ({ status, round }));
const NOW = new Date('2026-12-07T12:00:00Z');

describe('followupStatus', () => {
  it('says off, after the meeting, or no recipients when nothing was queued', () => {
    expect(followupStatus({ ...ended, followup_email: false }, [], 1).state).toBe('off');
    expect(followupStatus({ ...ended, status: 'live' }, [], 1).state).toBe('after_meeting');
    expect(followupStatus(ended, [], 1).state).toBe('none');
  });

  it('counts each outcome and reports the worst', () => {
    expect(followupStatus(ended, d('sent', 'sent'), 1)).toMatchObject({
      state: 'sent',
      label: 'Sent to 2 people.',
      round: 1,
    });
    expect(followupStatus(ended, d('sent', 'pending'), 1).state).toBe('queued');
    expect(followupStatus(ended, d('pending', 'failed'), 1).state).toBe('failed');
    const mixed = followupStatus(ended, d('sent', 'bounced', 'failed'), 1);
    expect(mixed.state).toBe('bounced');
    expect(mixed.label).toBe('Sent to 1 person, bounced for 1 person, failed for 1 person.');
    expect(mixed.counts).toEqual({ pending: 0, sent: 1, bounced: 1, failed: 1 });
    // Turned off after it went out: what happened still shows.
    expect(followupStatus({ ...ended, followup_email: false }, d('sent'), 1).state).toBe('sent');
  });

  it('counts the current sending only, and says it is being sent again before its job runs', () => {
    const second = { ...ended, followup_round: 2, followup_resent_at: NOW };
    expect(followupStatus(second, d('sent', 'sent'), 1, NOW)).toMatchObject({
      state: 'queued',
      label: 'Being sent again (sending 2).',
    });
    // One recipient turned the email off since: their old record is not counted.
    const now = followupStatus(second, [...inRound(2, 'sent'), ...d('sent')], 1, NOW);
    expect(now).toMatchObject({ state: 'sent', label: 'Sent to 1 person (sending 2 of 5).' });
    expect(now.counts.sent).toBe(1);
  });

  it('offers "Send again" once everyone is served, and says why not otherwise', () => {
    const code = (m: typeof ended, rows: ReturnType<typeof d>, at = NOW, recipients = 1) => {
      const r = followupStatus(m, rows, recipients, at).resend;
      return r.allowed ? 'allowed' : r.code;
    };
    expect(code(ended, d('sent', 'bounced', 'failed'))).toBe('allowed');
    expect(code({ ...ended, status: 'live' }, [])).toBe('meeting_not_ended');
    expect(code({ ...ended, followup_email: false }, d('sent'))).toBe('followup_off');
    expect(code(ended, [])).toBe('followup_not_sent');
    expect(code(ended, d('sent', 'pending'))).toBe('followup_in_progress');
    // Everyone turned the email off since: a sending nobody gets would never finish.
    expect(code(ended, d('sent'), NOW, 0)).toBe('followup_no_recipients');
    const resent = { ...ended, followup_round: 2, followup_resent_at: NOW };
    expect(code(resent, d('sent'))).toBe('followup_in_progress');
    const served = inRound(2, 'sent');
    expect(code(resent, served, new Date(NOW.getTime() + 9 * 60_000))).toBe('followup_recent');
    expect(code(resent, served, new Date(NOW.getTime() + 10 * 60_000))).toBe('allowed');
    const fifth = { ...ended, followup_round: 5, followup_resent_at: new Date(0) };
    expect(code(fifth, inRound(5, 'sent'))).toBe('followup_limit');
    const wait = followupStatus(resent, served, 1, new Date(NOW.getTime() + 60_000)).resend;
    expect(wait.allowed ? '' : wait.message).toContain('in 9 min');
  });
});
