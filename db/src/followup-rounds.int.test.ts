// Sending a meeting's follow-up email again, on Postgres: a round starts only once everyone of
// the current one is served and someone would get it, 10 minutes apart and 5 in all; two hosts
// at once start one; a new round resets its recipients' records (bounces too) while a retried
// job of the round sends nobody twice; a round whose job could not be queued is taken back
// unless its job ran.
import { describe, expect, it } from 'vitest';
import {
  createMeeting,
  ensureFollowupDeliveries,
  findMeetingById,
  listFollowupDeliveries,
  markMeetingEnded,
  recordFollowupAttempt,
  startFollowupRound,
  undoFollowupRound,
} from './index.ts';
import { namedUser, useTestDatabase } from './use-test-database.ts';

const t = useTestDatabase({ truncateEach: true });
const NOW = new Date('2026-12-08T09:00:00Z');
const MIN = 60_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);

async function servedMeeting() {
  const [ada, bob] = [await namedUser(t.db, 'Ada'), await namedUser(t.db, 'Bob')];
  const m = await createMeeting(t.db, { title: 'Review', type: 'general', ownerId: ada.id });
  await markMeetingEnded(t.db, m.id);
  await t.db
    .insertInto('meeting_participants')
    .values(
      [ada, bob].map((u, i) => ({
        meeting_id: m.id,
        identity: u.id,
        participant_sid: `PA_${i}`,
        name: u.name,
        user_id: u.id,
        joined_at: NOW,
      })),
    )
    .execute();
  await ensureFollowupDeliveries(t.db, m.id, [ada.id, bob.id]);
  await recordFollowupAttempt(t.db, { meetingId: m.id, userId: ada.id, status: 'sent' });
  await recordFollowupAttempt(t.db, {
    meetingId: m.id,
    userId: bob.id,
    status: 'bounced',
    error: 'smtp_550',
  });
  return { m, ada, bob };
}

const reason = (r: Awaited<ReturnType<typeof startFollowupRound>>) =>
  r.ok ? `round ${r.round}` : r.refusal.reason;

describe('follow-up rounds', () => {
  it('starts one round at a time, 10 minutes apart, 5 sendings in all', async () => {
    const { m, ada, bob } = await servedMeeting();
    // Two hosts click at once: one round.
    const both = await Promise.all([
      startFollowupRound(t.db, m.id, NOW),
      startFollowupRound(t.db, m.id, NOW),
    ]);
    expect(both.map(reason).sort()).toEqual(['in_progress', 'round 2']);
    // Its job has not run: still in progress.
    expect(reason(await startFollowupRound(t.db, m.id, at(20 * MIN)))).toBe('in_progress');

    // The job runs: both records start over in round 2, the bounce too.
    const reset = await ensureFollowupDeliveries(t.db, m.id, [ada.id, bob.id], 2);
    expect(reset.map((d) => [d.round, d.status, d.attempts, d.error])).toEqual(
      [ada.id, bob.id].sort().map(() => [2, 'pending', 0, null]),
    );
    expect(reason(await startFollowupRound(t.db, m.id, at(20 * MIN)))).toBe('in_progress');
    await recordFollowupAttempt(t.db, { meetingId: m.id, userId: ada.id, status: 'sent' });
    // A retry of round 2's job leaves what it sent alone.
    await ensureFollowupDeliveries(t.db, m.id, [ada.id, bob.id], 2);
    const afterRetry = await listFollowupDeliveries(t.db, m.id);
    expect(afterRetry.find((d) => d.userId === ada.id)).toMatchObject({
      status: 'sent',
      attempts: 1,
    });
    await recordFollowupAttempt(t.db, { meetingId: m.id, userId: bob.id, status: 'sent' });

    const recent = await startFollowupRound(t.db, m.id, at(9 * MIN));
    expect(recent).toEqual({ ok: false, refusal: { reason: 'recent', retryAfterMs: MIN } });
    for (let round = 3; round <= 5; round++) {
      const now = at((round - 1) * 10 * MIN);
      expect(reason(await startFollowupRound(t.db, m.id, now))).toBe(`round ${round}`);
      await ensureFollowupDeliveries(t.db, m.id, [ada.id], round);
      await recordFollowupAttempt(t.db, { meetingId: m.id, userId: ada.id, status: 'sent' });
    }
    expect(reason(await startFollowupRound(t.db, m.id, at(10 * 60 * MIN)))).toBe('limit');
  });

  it('refuses before the first sending, for a meeting not ended or turned off, and unknown', async () => {
    const ada = await namedUser(t.db, 'Ada');
    const m = await createMeeting(t.db, { title: 'Live', type: 'general', ownerId: ada.id });
    expect(reason(await startFollowupRound(t.db, m.id, NOW))).toBe('not_ended');
    await markMeetingEnded(t.db, m.id);
    expect(reason(await startFollowupRound(t.db, m.id, NOW))).toBe('not_sent');
    await t.db.updateTable('meetings').set({ followup_email: false }).execute();
    expect(reason(await startFollowupRound(t.db, m.id, NOW))).toBe('off');
    expect(reason(await startFollowupRound(t.db, crypto.randomUUID(), NOW))).toBe('not_found');
  });

  it('refuses a sending nobody would get (everyone turned the email off since)', async () => {
    const { m } = await servedMeeting();
    await t.db.updateTable('users').set({ followup_email: false }).execute();
    expect(reason(await startFollowupRound(t.db, m.id, NOW))).toBe('no_recipients');
  });

  it('takes back a round whose job was never queued, not one whose job ran', async () => {
    const { m, ada } = await servedMeeting();
    const first = await startFollowupRound(t.db, m.id, NOW);
    if (!first.ok) throw new Error('round 2 refused');
    await undoFollowupRound(t.db, m.id, first);
    expect(await findMeetingById(t.db, m.id)).toMatchObject({
      followup_round: 1,
      followup_resent_at: null,
    });
    // Taken back: no cooldown either.
    const again = await startFollowupRound(t.db, m.id, NOW);
    if (!again.ok) throw new Error('round 2 refused after the undo');
    await ensureFollowupDeliveries(t.db, m.id, [ada.id], again.round);
    await undoFollowupRound(t.db, m.id, again);
    expect((await findMeetingById(t.db, m.id))?.followup_round).toBe(2);
  });
});
