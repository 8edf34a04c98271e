// The follow-up email end to end through the queue: the post-meeting chain finishes, the email
// job runs while the SMTP server is down (the job waits and retries), then the server comes up
// and the email arrives for the members who want it: not for guests, not for someone who turned
// it off; a bouncing address is recorded once and never retried. A host's "off" sends nothing.
import {
  addHighlight,
  createActionItem,
  createMeeting,
  createUser,
  editSummary,
  insertSegments,
  listFollowupDeliveries,
  startFollowupRound,
  type Db,
} from '@parley/db';
import { createTestDatabase, testServerUrl, type TestDatabase } from '@parley/db/testing';
import {
  createFollowupQueue,
  requestFollowup,
  verifyUnsubscribeToken,
} from '@parley/services/mail';
import { createPostmeetingQueue, requestPostmeeting } from '@parley/services/postmeeting';
import { devEnv, freePort, startMailpit, waitFor, type Mailpit } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postmeetingConfigFromEnv } from '../postmeeting/config.ts';
import { startPostmeetingService, type PostmeetingService } from '../postmeeting/service.ts';

const SECRET = 'followup-test-secret-0123456789abcdef';
const ORIGIN = 'http://parley.test';

let t: TestDatabase;
let service: PostmeetingService;
let mailpit: Mailpit | null = null;
let smtpPort: number;
const prefix = `parley-test-fu-${crypto.randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  const env = devEnv();
  t = await createTestDatabase(testServerUrl());
  smtpPort = await freePort();
  service = startPostmeetingService(
    postmeetingConfigFromEnv({
      DATABASE_URL: t.url,
      REDIS_URL: env.REDIS_URL,
      POSTMEETING_QUEUE_PREFIX: prefix,
      POSTMEETING_LLM: 'off',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'Parley <parley@example.com>',
      MAIL_SECRET: SECRET,
      ORIGIN,
      FOLLOWUP_EMAIL_BACKOFF_MS: '400',
    }),
  );
});
afterAll(async () => {
  await service?.close();
  await mailpit?.stop();
  await t?.drop();
});

async function user(db: Db, name: string, email: string) {
  const u = await createUser(db, { email, name, passwordHash: 'x' });
  if (!u) throw new Error('user');
  return u;
}

const LINES = [
  ['Mia', 'Our monthly recurring revenue is fifty thousand dollars.'],
  ['Finn', "I'll send the cohort data by Friday."],
  ['Mia', 'We decided to meet the founders again next month.'],
];

async function endedMeeting(
  db: Db,
  ownerId: string,
  people: { id: string | null; name: string }[],
  lines = LINES,
) {
  const m = await createMeeting(db, {
    title: 'Acme review',
    type: 'investment_screening',
    ownerId,
  });
  const start = new Date('2026-12-01T10:00:00Z');
  await insertSegments(
    db,
    lines.map(([who, text], i) => ({
      meeting_id: m.id,
      segment_id: `s${i}`,
      speaker_identity: who ?? '',
      speaker_name: who ?? '',
      track_id: 'TR',
      text: text ?? '',
      start_ms: i * 5000,
      end_ms: i * 5000 + 4000,
      spoken_at: new Date(start.getTime() + i * 5000),
      language: 'en',
    })),
  );
  await db
    .insertInto('meeting_participants')
    .values(
      people.map((p, i) => ({
        meeting_id: m.id,
        identity: p.id ?? `guest-${i}`,
        participant_sid: `PA_${i}`,
        name: p.name,
        user_id: p.id,
        joined_at: start,
      })),
    )
    .execute();
  await db
    .updateTable('meetings')
    .set({ status: 'ended', started_at: start, ended_at: new Date() })
    .where('id', '=', m.id)
    .execute();
  return m;
}

describe('follow-up email (Mailpit, BullMQ)', () => {
  it('waits out an SMTP outage, then mails members only; bounces are recorded once', async () => {
    const db = t.db;
    const mia = await user(db, 'Mia', `mia-${crypto.randomUUID()}@example.com`);
    const off = await user(db, 'Otto', `otto-${crypto.randomUUID()}@example.com`);
    const bad = await user(db, 'Bea', `bea-${crypto.randomUUID()}@bounce.test`);
    await db.updateTable('users').set({ followup_email: false }).where('id', '=', off.id).execute();
    // Mia reads dates on her own clock: the meeting began at 10:00 UTC on 1 Dec, 2 Dec for her.
    await db
      .updateTable('users')
      .set({ time_zone: 'Pacific/Kiritimati' })
      .where('id', '=', mia.id)
      .execute();
    const m = await endedMeeting(db, mia.id, [
      { id: mia.id, name: 'Mia' },
      { id: off.id, name: 'Otto' },
      { id: bad.id, name: 'Bea' },
      { id: null, name: 'Gus the guest' },
    ]);
    // A moment Mia marked goes into the email; an item a host rejected does not.
    await addHighlight(db, {
      meetingId: m.id,
      atMs: 10_000,
      userId: mia.id,
      authorName: 'Mia',
      note: 'Next meeting with the founders',
    });
    const rejected = await createActionItem(
      db,
      m.id,
      { text: 'Buy the whole company', ownerIdentity: null, ownerName: null, dueDate: null },
      mia.id,
    );
    await db
      .updateTable('action_items')
      .set({ review: 'rejected' })
      .where('id', '=', rejected.id)
      .execute();
    const queue = createPostmeetingQueue({ redisUrl: devEnv().REDIS_URL ?? '', prefix });
    /** The meeting's chain runs to the end and nobody is written to (Mia's two so far). */
    const expectNoEmail = async (meetingId: string) => {
      await requestPostmeeting(db, queue, meetingId, 'meeting_ended');
      await waitFor('the meeting processed', async () => {
        const r = await db
          .selectFrom('postmeeting_runs')
          .select('status')
          .where('meeting_id', '=', meetingId)
          .executeTakeFirst();
        return r?.status === 'done';
      });
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await listFollowupDeliveries(db, meetingId)).toEqual([]);
      expect(await mailpit?.messages()).toHaveLength(2);
    };
    try {
      await requestPostmeeting(db, queue, m.id, 'meeting_ended');
      // SMTP is down: the first recipient's try is recorded and the job waits for a retry.
      const down = await waitFor(
        'a failed try while SMTP is down',
        async () => {
          const d = await listFollowupDeliveries(db, m.id);
          return d.some((r) => r.error === 'connection') ? d : null;
        },
        60_000,
      );
      expect(down.map((r) => r.userId).sort()).toEqual([mia.id, bad.id].sort());
      expect(down.every((r) => r.status === 'pending')).toBe(true);

      mailpit = await startMailpit({ smtpPort, allowedRecipients: '@example\\.com$' });
      const mp = mailpit;
      const msgs = await waitFor('the email in Mailpit', async () => {
        const list = await mp.messages();
        return list.length > 0 ? list : null;
      });
      const settled = await waitFor('every delivery settled', async () => {
        const d = await listFollowupDeliveries(db, m.id);
        return d.every((r) => r.status !== 'pending') ? d : null;
      });
      expect(msgs.map((x) => x.To.map((to) => to.Address))).toEqual([[mia.email]]);
      expect(settled.find((r) => r.userId === mia.id)).toMatchObject({ status: 'sent' });
      const bounce = settled.find((r) => r.userId === bad.id);
      expect(bounce).toMatchObject({ status: 'bounced', error: 'smtp_550' });

      const body = await mp.message(msgs[0]?.ID ?? '');
      expect(msgs[0]?.Subject).toBe('Follow-up: Acme review');
      expect(body.Text).toContain(`${ORIGIN}/meetings/${m.id}`);
      expect(body.Text).toContain('Here is what came out of "Acme review" (2 Dec 2026).');
      expect(body.Text).toMatch(/send the cohort data.*\(Finn, by \d{4}-\d{2}-\d{2}\)/i);
      expect(body.Text).not.toContain('Gus');
      // SMTP carries CRLF line ends.
      expect(body.Text).toContain('Highlights\r\n- 00:10 Mia: Next meeting with the founders');
      expect(body.HTML).toContain(`href="${ORIGIN}/meetings/${m.id}?t=10000"`);
      expect(body.Text).not.toContain('Buy the whole company');
      const link = /\/unsubscribe\?token=(\S+)/.exec(body.Text);
      expect(verifyUnsubscribeToken(SECRET, link?.[1] ?? '')).toEqual({
        userId: mia.id,
        list: 'followup',
      });
      const headers = await mp.headers(msgs[0]?.ID ?? '');
      expect(headers['List-Unsubscribe-Post']).toEqual(['List-Unsubscribe=One-Click']);

      // A re-run of the chain sends nothing twice, and the bounce is not tried again.
      const attempts = bounce?.attempts;
      await requestPostmeeting(db, queue, m.id, 'rerun', mia.id);
      await new Promise((r) => setTimeout(r, 3_000));
      expect(await mp.messages()).toHaveLength(1);
      expect(
        (await listFollowupDeliveries(db, m.id)).find((r) => r.userId === bad.id)?.attempts,
      ).toBe(attempts);

      // A host corrected the summary and sends it again: round 2 reaches Mia as an update, the
      // bounced address is tried once more (it may have been fixed); a job for a round that is
      // not the meeting's (taken back) sends nothing.
      await editSummary(
        db,
        m.id,
        {
          overview: 'Corrected: MRR is fifty-five thousand dollars.',
          keyPoints: [],
          decisions: [],
          openQuestions: [],
        },
        mia.id,
      );
      const fu = createFollowupQueue({
        redisUrl: devEnv().REDIS_URL ?? '',
        prefix,
        attempts: 3,
        backoffMs: 400,
      });
      try {
        await requestFollowup(fu, m.id, 7);
        const round = await startFollowupRound(db, m.id);
        expect(round).toMatchObject({ ok: true, round: 2 });
        await requestFollowup(fu, m.id, 2);
        const again = await waitFor('the updated email', async () => {
          const list = await mp.messages();
          return list.length > 1 ? list : null;
        });
        expect(again).toHaveLength(2);
        const updated = again.find((x) => x.Subject.startsWith('Updated'));
        expect(updated?.Subject).toBe('Updated follow-up: Acme review');
        expect(updated?.To.map((to) => to.Address)).toEqual([mia.email]);
        const text = (await mp.message(updated?.ID ?? '')).Text;
        expect(text).toContain('it replaces the earlier email');
        expect(text).toContain('Corrected: MRR is fifty-five thousand dollars.');
        const second = await waitFor('round 2 settled', async () => {
          const d = await listFollowupDeliveries(db, m.id);
          return d.every((r) => r.round === 2 && r.status !== 'pending') ? d : null;
        });
        expect(second.find((r) => r.userId === bad.id)).toMatchObject({
          status: 'bounced',
          attempts: 1,
        });
        await new Promise((r) => setTimeout(r, 1_500));
        expect(await mp.messages()).toHaveLength(2);
      } finally {
        await fu.close();
      }

      // The host turned it off for this meeting: nobody is written to.
      const quiet = await endedMeeting(db, mia.id, [{ id: mia.id, name: 'Mia' }]);
      await db
        .updateTable('meetings')
        .set({ followup_email: false })
        .where('id', '=', quiet.id)
        .execute();
      await expectNoEmail(quiet.id);

      // Nothing was said (everyone muted, or a language the recogniser cannot do): a summary
      // that says so and no action items are not worth an email.
      const silent = await endedMeeting(db, mia.id, [{ id: mia.id, name: 'Mia' }], []);
      await expectNoEmail(silent.id);
    } finally {
      await queue.close();
    }
  });
});
