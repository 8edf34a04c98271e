// Action-item reminders through a real SMTP server (Mailpit): who gets one (their own open,
// visible, due items; their cadence), once per period however many passes run at once; a bounce
// is recorded and not retried; an SMTP outage defers to a later pass; the post-meeting service
// runs the sweep.
import {
  createActionItem,
  createMeeting,
  createUser,
  listReminders,
  updateActionItem,
  updateUserSettings,
  type Db,
} from '@parley/db';
import { createTestDatabase, testServerUrl, type TestDatabase } from '@parley/db/testing';
import type { ReminderCadence } from '@parley/protocol';
import {
  createSmtpMailer,
  verifyItemDoneToken,
  verifyUnsubscribeToken,
  type Mailer,
} from '@parley/services/mail';
import { devEnv, freePort, startMailpit, type Mailpit } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postmeetingConfigFromEnv } from '../postmeeting/config.ts';
import { startPostmeetingService } from '../postmeeting/service.ts';
import { sendDueReminders, type ReminderDeps } from './send.ts';

const SECRET = 'reminder-test-secret-0123456789abcdef';
const ORIGIN = 'http://parley.test';
// A Monday, after the hour reminders go out (8 UTC).
const MONDAY = new Date('2026-12-07T09:00:00Z');

let t: TestDatabase;
let mailpit: Mailpit;
let mailer: Mailer;
let deps: ReminderDeps;

beforeAll(async () => {
  t = await createTestDatabase(testServerUrl());
  mailpit = await startMailpit({ allowedRecipients: '@example\\.com$' });
  mailer = createSmtpMailer({ smtpUrl: mailpit.smtpUrl, from: 'Parley <parley@example.com>' });
  deps = { db: t.db, mailer, origin: ORIGIN, secret: SECRET, hour: 8 };
});
afterAll(async () => {
  mailer?.close();
  await mailpit?.stop();
  await t?.drop();
});

async function person(db: Db, name: string, cadence: ReminderCadence, domain = 'example.com') {
  const u = await createUser(db, {
    email: `${name.toLowerCase()}-${crypto.randomUUID()}@${domain}`,
    name,
    passwordHash: 'x',
  });
  if (!u) throw new Error('user');
  await updateUserSettings(db, u.id, { actionItemReminders: cadence });
  return u;
}

async function meetingOf(db: Db, ownerId: string, title: string) {
  return createMeeting(db, { title, type: 'general', ownerId });
}

async function item(
  db: Db,
  meetingId: string,
  owner: { id: string; name: string },
  text: string,
  dueDate: string | null,
) {
  return createActionItem(
    db,
    meetingId,
    { text, ownerIdentity: owner.id, ownerName: owner.name, dueDate },
    owner.id,
  );
}

const inbox = async (to: string) =>
  (await mailpit.messages()).filter((m) => m.To.some((x) => x.Address === to));

describe('action-item reminders (Mailpit)', () => {
  it('mail each person their own due items once per period, by cadence and visibility', async () => {
    const db = t.db;
    const ada = await person(db, 'Ada', 'weekly');
    const bob = await person(db, 'Bob', 'daily');
    const cy = await person(db, 'Cy', 'off');
    const dee = await person(db, 'Dee', 'weekly');
    const eve = await person(db, 'Eve', 'weekly', 'bounce.test');
    const review = await meetingOf(db, ada.id, 'Acme <review>');
    const late = await item(db, review.id, ada, 'Book the venue', '2026-12-01');
    await item(db, review.id, ada, 'Send the deck', '2026-12-13');
    await item(db, review.id, ada, 'Plan next year', '2027-01-30');
    await item(db, review.id, ada, 'Someday', null);
    const done = await item(db, review.id, ada, 'Already done', '2026-12-02');
    await updateActionItem(db, review.id, done.id, { status: 'done' }, ada.id);
    const rejected = await item(db, review.id, ada, 'Not a task', '2026-12-02');
    await updateActionItem(db, review.id, rejected.id, { review: 'rejected' }, ada.id);
    // Assigned to Ada in a meeting she may not see (Bob's own): not hers to be reminded of.
    const bobs = await meetingOf(db, bob.id, 'Bob private');
    await item(db, bobs.id, ada, 'Secret task', '2026-12-03');
    await item(db, bobs.id, bob, 'Call the bank', '2026-12-08');
    await item(db, bobs.id, bob, 'Not yet', '2026-12-09');
    await item(db, bobs.id, dee, 'Invisible to Dee', '2026-12-04');
    const cys = await meetingOf(db, cy.id, 'Cy');
    await item(db, cys.id, cy, 'Cy turned reminders off', '2026-12-01');
    const eves = await meetingOf(db, eve.id, 'Eve');
    await item(db, eves.id, eve, 'Unreachable', '2026-12-01');

    // Two workers sweep at once: each reminder is sent by one of them.
    const [a, b] = await Promise.all([
      sendDueReminders(deps, MONDAY),
      sendDueReminders(deps, MONDAY),
    ]);
    expect({
      sent: a.sent + b.sent,
      empty: a.empty + b.empty,
      bounced: a.bounced + b.bounced,
    }).toEqual({ sent: 2, empty: 1, bounced: 1 });
    expect(await inbox(cy.email)).toEqual([]);
    expect(await inbox(dee.email)).toEqual([]);
    const [adaMail] = await inbox(ada.email);
    expect(await inbox(ada.email)).toHaveLength(1);
    expect(adaMail?.Subject).toBe('Your action items: 1 overdue, 1 due by Sun 13 Dec');
    const body = await mailpit.message(adaMail?.ID ?? '');
    expect(body.Text).toContain(
      'Overdue\r\n- Book the venue (due 2026-12-01; from "Acme <review>"',
    );
    expect(body.Text).toContain('Due by Sun 13 Dec\r\n- Send the deck (due 2026-12-13');
    for (const absent of [
      'Plan next year',
      'Someday',
      'Already done',
      'Not a task',
      'Secret task',
    ]) {
      expect(body.Text).not.toContain(absent);
    }
    expect(body.Text).toContain(`${ORIGIN}/action-items`);
    expect(body.HTML).toContain(`href="${ORIGIN}/meetings/${review.id}"`);
    expect(body.HTML).toContain('Acme &#60;review&#62;');
    // Each item has its own link that marks it done as Ada.
    const doneLink =
      /Book the venue[^\n]*\r\n {2}\S+\r\n {2}Done\? \S+\/action-items\/done\?token=(\S+)/.exec(
        body.Text,
      );
    expect(verifyItemDoneToken(SECRET, doneLink?.[1] ?? '')).toEqual({
      userId: ada.id,
      itemId: late.id,
    });
    const link = /\/unsubscribe\?token=(\S+)/.exec(body.Text);
    expect(verifyUnsubscribeToken(SECRET, link?.[1] ?? '')).toEqual({
      userId: ada.id,
      list: 'reminders',
    });
    const headers = await mailpit.headers(adaMail?.ID ?? '');
    expect(headers['List-Unsubscribe-Post']).toEqual(['List-Unsubscribe=One-Click']);
    // Bob is on daily reminders: Monday's lists what is due by Tuesday.
    const [bobMail] = await inbox(bob.email);
    const bobBody = await mailpit.message(bobMail?.ID ?? '');
    expect(bobMail?.Subject).toBe('Your action items: 1 due by Tue 8 Dec');
    expect(bobBody.Text).not.toContain('Not yet');
    expect(bobBody.Text).toContain('every weekday');
    expect(await listReminders(db, dee.id)).toMatchObject([
      { period: '2026-12-07', status: 'empty', itemCount: 0 },
    ]);
    const bounce = await listReminders(db, eve.id);
    expect(bounce).toMatchObject([{ status: 'bounced', error: 'smtp_550', attempts: 1 }]);

    // Later the same day: nothing twice, the bounce not retried.
    const again = await sendDueReminders(deps, new Date('2026-12-07T15:00:00Z'));
    expect(again).toEqual({ sent: 0, empty: 0, bounced: 0, deferred: 0, failed: 0 });
    expect(await mailpit.messages()).toHaveLength(2);
    expect(await listReminders(db, eve.id)).toMatchObject([{ attempts: 1 }]);

    // Next Monday, with the late item done: Ada's new week lists what is left.
    await updateActionItem(db, review.id, late.id, { status: 'done' }, ada.id);
    await sendDueReminders(deps, new Date('2026-12-14T08:00:00Z'));
    const adaMails = await inbox(ada.email);
    expect(adaMails).toHaveLength(2);
    expect(adaMails.map((m) => m.Subject)).toContain('Your action items: 1 overdue');
    expect((await listReminders(db, ada.id)).map((r) => r.period)).toEqual([
      '2026-12-14',
      '2026-12-07',
    ]);
  });

  it('defer while the SMTP server is down and send on a later pass', async () => {
    const db = t.db;
    const gil = await person(db, 'Gil', 'weekly');
    const m = await meetingOf(db, gil.id, 'Gil');
    await item(db, m.id, gil, 'Pay the invoice', '2026-12-05');
    const down = createSmtpMailer({
      smtpUrl: `smtp://127.0.0.1:${await freePort()}`,
      from: 'Parley <parley@example.com>',
      timeoutMs: 2_000,
    });
    try {
      const p1 = await sendDueReminders({ ...deps, mailer: down }, MONDAY);
      expect(p1).toMatchObject({ sent: 0, deferred: 1 });
      expect(await listReminders(db, gil.id)).toMatchObject([
        { status: 'pending', attempts: 1, error: 'connection' },
      ]);
    } finally {
      down.close();
    }
    const p2 = await sendDueReminders(deps, new Date('2026-12-07T09:05:00Z'));
    expect(p2).toMatchObject({ sent: 1, deferred: 0 });
    expect(await listReminders(db, gil.id)).toMatchObject([{ status: 'sent', attempts: 2 }]);
    expect(await inbox(gil.email)).toHaveLength(1);
  });
});

describe('time zones', () => {
  it('each person is reminded on their own clock, with dates as they read them', async () => {
    const db = t.db;
    const kei = await person(db, 'Kei', 'weekly');
    await updateUserSettings(db, kei.id, { timeZone: 'Asia/Tokyo' });
    const lou = await person(db, 'Lou', 'weekly');
    const keis = await meetingOf(db, kei.id, 'Kei sync');
    await db
      .updateTable('meetings')
      .set({ started_at: new Date('2026-12-06T23:30:00Z') })
      .where('id', '=', keis.id)
      .execute();
    await item(db, keis.id, kei, 'Reply to Osaka', '2026-12-15');
    const lous = await meetingOf(db, lou.id, 'Lou sync');
    await item(db, lous.id, lou, 'Reply to Lima', '2026-12-15');
    // Sunday 23:30 UTC: Monday 08:30 in Tokyo, whose week (to 20 Dec) has Kei's item; in UTC
    // it is still last week, which does not reach Lou's.
    const pass = await sendDueReminders(deps, new Date('2026-12-13T23:30:00Z'));
    expect(pass).toMatchObject({ sent: 1, deferred: 0 });
    expect(await inbox(lou.email)).toEqual([]);
    const [mail] = await inbox(kei.email);
    expect(mail?.Subject).toBe('Your action items: 1 due by Sun 20 Dec');
    const body = await mailpit.message(mail?.ID ?? '');
    // The meeting began on 6 Dec in UTC, 7 Dec in Tokyo.
    expect(body.Text).toContain('Reply to Osaka (due 2026-12-15; from "Kei sync", 7 Dec 2026)');
    expect(await listReminders(db, kei.id)).toMatchObject([{ period: '2026-12-14' }]);
  });
});

describe('the post-meeting service', () => {
  it('sweeps reminders when SMTP_URL is set', async () => {
    const own = await createTestDatabase(testServerUrl());
    const service = startPostmeetingService(
      postmeetingConfigFromEnv({
        DATABASE_URL: own.url,
        REDIS_URL: devEnv().REDIS_URL,
        POSTMEETING_QUEUE_PREFIX: `parley-test-rem-${crypto.randomUUID().slice(0, 8)}`,
        POSTMEETING_LLM: 'off',
        SMTP_URL: mailpit.smtpUrl,
        MAIL_SECRET: SECRET,
        ORIGIN,
        // Weekly reminders are due at any time of the week once Monday's hour has passed.
        ACTION_ITEM_REMINDER_HOUR: '0',
      }),
    );
    try {
      const hal = await person(own.db, 'Hal', 'weekly');
      const m = await meetingOf(own.db, hal.id, 'Hal');
      // Long overdue, whatever today is.
      await item(own.db, m.id, hal, 'File the taxes', '2020-01-01');
      expect(await service.sweepReminders()).toMatchObject({ reminders: { sent: 1 } });
      expect(await inbox(hal.email)).toHaveLength(1);
    } finally {
      await service.close();
      await own.drop();
    }
  });
});
