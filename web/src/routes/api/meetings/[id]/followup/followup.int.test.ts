/**
 * Integration: "Send again" for a meeting's follow-up email (`GET`/`POST …/followup`) through the
 * built server on Postgres and Redis — hosts only; refused with a 409 naming why (not ended, not
 * sent yet, a sending under way, too soon, with Retry-After); an accepted one queues the round's
 * job in BullMQ; with Redis unreachable a 503 and the round taken back.
 */
import {
  ensureFollowupDeliveries,
  findMeetingById,
  markMeetingEnded,
  recordFollowupAttempt,
} from '@parley/db';
import { createFollowupQueue, followupJobId } from '@parley/services/mail';
import { queuePrefixFor, startTcpProxy } from '@parley/testkit';
import { describe, expect, it } from 'vitest';
import { useApiServer } from '#lib/server/testing/api-server.ts';
import { devEnv, startTestServer, call } from '#lib/server/testing/server.ts';

const { api, server, teamMeeting, createMeeting } = useApiServer('web-followup');

/** The meeting ended and its follow-up email went out to `userIds` (the chain's job did it). */
async function served(meetingId: string, userIds: string[], round = 1) {
  const db = server().db;
  await markMeetingEnded(db, meetingId);
  await db
    .insertInto('meeting_participants')
    .values(
      userIds.map((userId) => ({
        meeting_id: meetingId,
        identity: userId,
        participant_sid: `PA_${userId}_${round}`,
        name: 'Olga',
        user_id: userId,
        joined_at: new Date(),
      })),
    )
    .execute();
  await ensureFollowupDeliveries(db, meetingId, userIds, round);
  for (const userId of userIds) {
    await recordFollowupAttempt(db, { meetingId, userId, status: 'sent' });
  }
}

/** The meeting owner's user id (the host who sends it again). */
async function ownerOf(meetingId: string): Promise<string> {
  const m = await findMeetingById(server().db, meetingId);
  if (!m) throw new Error('meeting not found');
  return m.owner_id;
}

describe('sending the follow-up email again', () => {
  it('hosts only, once everyone is served; the job is queued for the new round', async () => {
    const { olga, max, sam, m } = await teamMeeting();
    const path = `/api/meetings/${m.id}/followup`;
    const early = await api('POST', path, olga);
    expect([early.status, early.body.error?.code]).toEqual([409, 'meeting_not_ended']);
    await markMeetingEnded(server().db, m.id);
    const notYet = await api('POST', path, olga);
    expect([notYet.status, notYet.body.error?.code]).toEqual([409, 'followup_not_sent']);

    const olgaId = await ownerOf(m.id);
    await served(m.id, [olgaId]);
    const view = await api('GET', path, olga);
    expect(view.status).toBe(200);
    expect(view.body.followup).toMatchObject({
      state: 'sent',
      label: 'Sent to 1 person.',
      round: 1,
      resend: { allowed: true },
    });
    expect((await api('GET', path, max)).status).toBe(403);
    expect((await api('GET', path, sam)).status).toBe(404);
    expect((await api('POST', path, max)).status).toBe(403);
    expect((await api('POST', path, sam)).status).toBe(404);
    expect((await api('POST', `/api/meetings/${crypto.randomUUID()}/followup`, olga)).status).toBe(
      404,
    );

    const sent = await api('POST', path, olga);
    expect(sent.status).toBe(202);
    expect(sent.body.followup).toMatchObject({
      state: 'queued',
      round: 2,
      resend: { allowed: false, code: 'followup_in_progress' },
    });
    const queue = createFollowupQueue({
      redisUrl: devEnv.REDIS_URL ?? '',
      prefix: queuePrefixFor(server().testDb.url),
      attempts: 1,
      backoffMs: 1000,
    });
    try {
      const job = await queue.getJob(followupJobId(m.id, 2));
      expect(job?.data).toEqual({ meetingId: m.id, round: 2 });
    } finally {
      await queue.close();
    }
    const twice = await api('POST', path, olga);
    expect([twice.status, twice.body.error?.code]).toEqual([409, 'followup_in_progress']);

    // The job ran: too soon for another, and the answer says when.
    await served(m.id, [olgaId], 2);
    const soon = await api('POST', path, olga);
    expect([soon.status, soon.body.error?.code]).toEqual([409, 'followup_recent']);
    expect(Number(soon.res.headers.get('retry-after'))).toBeGreaterThan(590);
    expect(soon.body.error?.message).toMatch(/in 10 min/);
  });

  it('answers 503 and takes the round back when the queue is unreachable', async () => {
    const real = new URL(devEnv.REDIS_URL ?? 'redis://127.0.0.1:56379');
    const proxy = await startTcpProxy(Number(real.port), real.hostname);
    const viaProxy = new URL(real);
    viaProxy.port = String(proxy.port);
    const other = await startTestServer(
      'web-followup-noredis',
      { REDIS_URL: viaProxy.toString() },
      server().testDb,
    );
    try {
      const { olga } = await teamMeeting();
      const m = await createMeeting(olga, { title: 'Solo' });
      await served(m.id, [await ownerOf(m.id)]);
      proxy.down();
      const r = await call(other.base, 'POST', `/api/meetings/${m.id}/followup`, olga);
      expect([r.status, r.body.error?.code]).toEqual([503, 'queue_unavailable']);
      expect(JSON.stringify(r.body)).not.toMatch(/ECONNREFUSED|timed out|stack/i);
      expect(await findMeetingById(server().db, m.id)).toMatchObject({
        followup_round: 1,
        followup_resent_at: null,
      });
    } finally {
      await other.stop();
      await proxy.close();
    }
  });
});
