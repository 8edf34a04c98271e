import { describe, expect, it } from 'vitest';
import { followupStatus } from './followup-status.ts';

const ended = { followup_email: true, status: 'ended' as const };
const d = (...s: ('pending' | 'sent' | 'bounced' | 'failed')[]) => s.map((status) => ({ status }));

describe('followupStatus', () => {
  it('says off, after the meeting, or no recipients when nothing was queued', () => {
    expect(followupStatus({ ...ended, followup_email: false }, []).state).toBe('off');
    expect(followupStatus({ followup_email: true, status: 'live' }, []).state).toBe(
      'after_meeting',
    );
    expect(followupStatus(ended, []).state).toBe('none');
  });

  it('counts each outcome and reports the worst', () => {
    expect(followupStatus(ended, d('sent', 'sent'))).toMatchObject({
      state: 'sent',
      label: 'Sent to 2 people.',
    });
    expect(followupStatus(ended, d('sent', 'pending')).state).toBe('queued');
    expect(followupStatus(ended, d('pending', 'failed')).state).toBe('failed');
    const mixed = followupStatus(ended, d('sent', 'bounced', 'failed'));
    expect(mixed.state).toBe('bounced');
    expect(mixed.label).toBe('Sent to 1 person, bounced for 1 person, failed for 1 person.');
    expect(mixed.counts).toEqual({ pending: 0, sent: 1, bounced: 1, failed: 1 });
    // Turned off after it went out: what happened still shows.
    expect(followupStatus({ ...ended, followup_email: false }, d('sent')).state).toBe('sent');
  });
});
