// bench/memory, section `email` (email_after_end_s): from the meeting's end (the post-meeting job
// queued, as the room_finished webhook or the host's End does) to the follow-up email in the
// SMTP server's mailbox: BullMQ → the offline chain (no LLM, no embeddings) on a 60-minute
// meeting (≈ 700 segments) → the follow-up job → nodemailer → a private Mailpit, polled every
// 50 ms through its HTTP API. The web app's webhook handling before the enqueue is not included.
import { SENTENCES, devEnv } from '@parley/agent/testing';
import { createMeeting, createUser, insertSegments, type Db } from '@parley/db';
import { createPostmeetingQueue, requestPostmeeting } from '@parley/services/postmeeting';
import { startMailpit } from '@parley/testkit';
import { postmeetingConfigFromEnv } from '../../agent/src/postmeeting/config.ts';
import { startPostmeetingService } from '../../agent/src/postmeeting/service.ts';
import type { Metrics } from './run.ts';
import { quantile, rng, round } from './stats.ts';

async function endedMeeting(db: Db, ownerId: string, n: number, r: () => number) {
  const m = await createMeeting(db, {
    title: `Email bench ${n}`,
    type: 'investment_screening',
    ownerId,
  });
  const start = new Date(Date.UTC(2026, 10, 18, 14));
  const segs = [];
  for (let ms = 0, i = 0; ms < 60 * 60_000; i++) {
    const len = 3000 + Math.floor(r() * 4000);
    segs.push({
      meeting_id: m.id,
      segment_id: `seg-${i}`,
      speaker_identity: i % 2 ? 'ada' : 'bob',
      speaker_name: i % 2 ? 'Ada' : 'Bob',
      track_id: 'TR',
      text: SENTENCES[Math.floor(r() * SENTENCES.length)] ?? 'hello',
      start_ms: ms,
      end_ms: ms + len,
      spoken_at: new Date(start.getTime() + ms),
    });
    ms += len + 1000;
  }
  for (let i = 0; i < segs.length; i += 500) await insertSegments(db, segs.slice(i, i + 500));
  await db
    .insertInto('meeting_participants')
    .values({
      meeting_id: m.id,
      identity: ownerId,
      participant_sid: `PA_${n}`,
      name: 'Ada',
      user_id: ownerId,
      joined_at: start,
    })
    .execute();
  await db
    .updateTable('meetings')
    .set({ status: 'ended', started_at: start, ended_at: new Date() })
    .where('id', '=', m.id)
    .execute();
  return { id: m.id, segments: segs.length };
}

export async function emailSection(
  db: Db,
  url: string,
  o: { emails: number; seed: number },
  log: (l: string) => void,
): Promise<Metrics> {
  const r = rng(o.seed);
  const env = devEnv();
  const mailpit = await startMailpit();
  const prefix = `parley-bench-mail-${process.pid}-${Date.now()}`;
  const service = startPostmeetingService(
    postmeetingConfigFromEnv({
      DATABASE_URL: url,
      REDIS_URL: env.REDIS_URL,
      POSTMEETING_QUEUE_PREFIX: prefix,
      POSTMEETING_LLM: 'off',
      SMTP_URL: mailpit.smtpUrl,
      MAIL_SECRET: 'bench-mail-secret-0123456789abcdef0123',
      ORIGIN: 'http://localhost:3000',
    }),
    { log: undefined },
  );
  const queue = createPostmeetingQueue({ redisUrl: env.REDIS_URL ?? '', prefix });
  const seconds: number[] = [];
  try {
    const user = await createUser(db, {
      email: 'mail-bench@example.com',
      name: 'Ada',
      passwordHash: 'x',
    });
    if (!user) throw new Error('user');
    for (let n = 0; n < o.emails; n++) {
      const m = await endedMeeting(db, user.id, n, r);
      const t0 = performance.now();
      await requestPostmeeting(db, queue, m.id, 'meeting_ended');
      const deadline = Date.now() + 120_000;
      for (;;) {
        if ((await mailpit.messages()).length > n) break;
        if (Date.now() > deadline) throw new Error('no email within 120 s');
        await new Promise((res) => setTimeout(res, 50));
      }
      seconds.push((performance.now() - t0) / 1000);
      log(
        `email ${n + 1}: ${m.segments} segments, ${round(seconds.at(-1) ?? 0, 2)} s after the end`,
      );
    }
  } finally {
    await queue.close();
    await service.close();
    await mailpit.stop();
  }
  return {
    email_after_end_s: round(quantile(seconds, 0.5), 3),
    email_after_end_max_s: round(Math.max(...seconds), 3),
  };
}
