// Meeting briefs through a real SMTP server (Mailpit): before a scheduled meeting with a subject
// met before, its owner and invited members get what happened last time (summary, numbers, open
// items, each linking to its moment), once per meeting time however many passes run at once;
// the first meeting with a subject, someone who turned briefs off and a meeting outside the lead
// time get nothing; an outage defers to a later pass; the service's sweep sends them.
import {
  acceptTeamInvite,
  createSubject,
  createTeam,
  createTeamInvite,
  createUser,
  listBriefEmails,
  setMeetingCalendarDetails,
  updateUserSettings,
  type Db,
} from '@parley/db';
import {
  createTestDatabase,
  endedMeetingAbout,
  meetingAbout,
  testServerUrl,
  type TestDatabase,
} from '@parley/db/testing';
import { createSmtpMailer, verifyUnsubscribeToken, type Mailer } from '@parley/services/mail';
import { devEnv, freePort, startMailpit, type Mailpit } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postmeetingConfigFromEnv } from '../postmeeting/config.ts';
import { startPostmeetingService } from '../postmeeting/service.ts';
import { sendDueBriefs, type BriefDeps } from './briefs.ts';

const SECRET = 'brief-test-secret-0123456789abcdef0123';
const ORIGIN = 'http://parley.test';
const NOW = new Date('2026-12-08T09:00:00Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

let t: TestDatabase;
let mailpit: Mailpit;
let mailer: Mailer;
let deps: BriefDeps;

beforeAll(async () => {
  t = await createTestDatabase(testServerUrl());
  mailpit = await startMailpit({ allowedRecipients: '@example\\.com$' });
  mailer = createSmtpMailer({ smtpUrl: mailpit.smtpUrl, from: 'Parley <parley@example.com>' });
  deps = { db: t.db, mailer, origin: ORIGIN, secret: SECRET, leadMinutes: 60 };
});
afterAll(async () => {
  mailer?.close();
  await mailpit?.stop();
  await t?.drop();
});

async function person(db: Db, name: string) {
  const u = await createUser(db, {
    email: `${name.toLowerCase()}-${crypto.randomUUID()}@example.com`,
    name,
    passwordHash: 'x',
  });
  if (!u) throw new Error('user');
  return u;
}

/** A team of `owner` with `members`, and a subject of it. */
async function teamWith(db: Db, owner: { id: string }, members: { id: string }[], name: string) {
  const team = await createTeam(db, { name: 'Fund', ownerId: owner.id });
  for (const u of members) {
    await createTeamInvite(db, {
      teamId: team.id,
      tokenHash: `h-${u.id}`,
      role: 'member',
      createdBy: owner.id,
      expiresAt: new Date(Date.now() + 60_000),
    });
    await acceptTeamInvite(db, `h-${u.id}`, u.id);
  }
  const subject = await createSubject(db, { ownerId: owner.id, teamId: team.id, name });
  if (!subject) throw new Error('subject');
  return { team, subject };
}

const inbox = async (to: string) =>
  (await mailpit.messages()).filter((m) => m.To.some((x) => x.Address === to));

describe('meeting briefs (Mailpit)', () => {
  it('go to the owner and invited members before the meeting, once, with last time’s moments', async () => {
    const db = t.db;
    const ada = await person(db, 'Ada');
    const grace = await person(db, 'Grace');
    const quiet = await person(db, 'Quiet');
    const idle = await person(db, 'Idle');
    await updateUserSettings(db, ada.id, { timeZone: 'Europe/Berlin' });
    await updateUserSettings(db, quiet.id, { meetingBriefs: false });
    const { team, subject } = await teamWith(db, ada, [grace, quiet, idle], 'Acme <Corp>');
    const scope = { ownerId: ada.id, teamId: team.id, subjectId: subject.id };
    const last = await endedMeetingAbout(db, {
      ...scope,
      title: 'Kick-off',
      at: new Date('2026-11-30T10:00:00Z'),
    });
    const soon = await meetingAbout(db, { ...scope, title: 'Renewal', at: minutes(45) });
    // Invited: Grace, Quiet (briefs off) and an outside address. Idle is a member, not invited.
    await setMeetingCalendarDetails(db, soon.id, {
      invitees: [grace, quiet, { email: 'outsider@example.com' }].map((u) => ({
        email: u.email.toLowerCase(),
        organizer: false,
      })),
    });
    // Later than the lead time: not yet.
    await meetingAbout(db, { ...scope, title: 'Next quarter', at: minutes(90) });
    // The first meeting with a subject: nothing to recall, nothing sent.
    const fresh = await createSubject(db, { ownerId: ada.id, teamId: team.id, name: 'Newco' });
    await meetingAbout(db, {
      ...scope,
      subjectId: fresh?.id ?? '',
      title: 'Intro',
      at: minutes(30),
    });

    // Two workers sweep at once: each brief is sent by one of them.
    const [a, b] = await Promise.all([sendDueBriefs(deps, NOW), sendDueBriefs(deps, NOW)]);
    expect({ sent: a.sent + b.sent, empty: a.empty + b.empty }).toEqual({ sent: 2, empty: 1 });
    for (const u of [quiet, idle]) expect(await inbox(u.email)).toEqual([]);
    expect(await inbox('outsider@example.com')).toEqual([]);
    const [adaMail] = await inbox(ada.email);
    expect(await inbox(ada.email)).toHaveLength(1);
    // On Ada's clock (Berlin).
    expect(adaMail?.Subject).toBe(
      'Brief for Renewal (Tue 8 Dec, 10:45 (Europe/Berlin)): last time with Acme <Corp>',
    );
    const body = await mailpit.message(adaMail?.ID ?? '');
    expect(body.Text).toContain(
      `"Renewal" starts Tue 8 Dec, 10:45 (Europe/Berlin): ${ORIGIN}/meetings/${soon.id}`,
    );
    expect(body.Text).toContain(
      'Last time with Acme <Corp>: "Kick-off", 30 Nov 2026 (1 meeting so far).',
    );
    expect(body.Text).toContain(
      `- Budget approved by the board\r\n  ${ORIGIN}/meetings/${last.id}?t=4200`,
    );
    expect(body.Text).toContain('Key numbers\r\n- ');
    expect(body.Text).toContain('- Send the security questionnaire (Grace, due 2026-12-10)');
    expect(body.HTML).toContain('They want a &#60;pilot&#62; in Q1.');
    const link = /\/unsubscribe\?token=(\S+)/.exec(body.Text);
    expect(verifyUnsubscribeToken(SECRET, link?.[1] ?? '')).toEqual({
      userId: ada.id,
      list: 'briefs',
    });
    const headers = await mailpit.headers(adaMail?.ID ?? '');
    expect(headers['List-Unsubscribe-Post']).toEqual(['List-Unsubscribe=One-Click']);
    // Grace has no time zone: UTC.
    const [graceMail] = await inbox(grace.email);
    expect(graceMail?.Subject).toContain('(Tue 8 Dec, 09:45 (UTC))');
    expect(await listBriefEmails(db, ada.id)).toMatchObject([
      { meetingId: soon.id, status: 'sent', attempts: 1 },
      { status: 'empty', sentAt: null },
    ]);

    // Five minutes on: nothing twice; the meeting 90 minutes out is still not due.
    const again = await sendDueBriefs(deps, minutes(5));
    expect(again).toEqual({ sent: 0, empty: 0, bounced: 0, deferred: 0, failed: 0 });
    expect(await mailpit.messages()).toHaveLength(2);
    // Moved to tomorrow and come due again: a brief for the new time.
    const tomorrow = new Date(NOW.getTime() + 86_400_000);
    await db
      .updateTable('meetings')
      .set({ scheduled_at: tomorrow })
      .where('id', '=', soon.id)
      .execute();
    expect(await sendDueBriefs(deps, new Date(tomorrow.getTime() - 30 * 60_000))).toMatchObject({
      sent: 2,
    });
    expect(await inbox(ada.email)).toHaveLength(2);
  });

  it('defer while the SMTP server is down and send on a later pass; none without a lead time', async () => {
    const db = t.db;
    const gil = await person(db, 'Gil');
    const { team, subject } = await teamWith(db, gil, [], 'Globex');
    const scope = { ownerId: gil.id, teamId: team.id, subjectId: subject.id };
    await endedMeetingAbout(db, { ...scope, title: 'Intro', at: new Date('2026-11-01T10:00:00Z') });
    const m = await meetingAbout(db, { ...scope, title: 'Demo', at: minutes(20) });
    const down = createSmtpMailer({
      smtpUrl: `smtp://127.0.0.1:${await freePort()}`,
      from: 'Parley <parley@example.com>',
      timeoutMs: 2_000,
    });
    try {
      expect(await sendDueBriefs({ ...deps, mailer: down }, NOW)).toMatchObject({ deferred: 1 });
    } finally {
      down.close();
    }
    expect(await listBriefEmails(db, gil.id)).toMatchObject([
      { meetingId: m.id, status: 'pending', error: 'connection' },
    ]);
    expect(await sendDueBriefs(deps, minutes(5))).toMatchObject({ sent: 1 });
    expect(await listBriefEmails(db, gil.id)).toMatchObject([{ status: 'sent', attempts: 2 }]);
    expect(await inbox(gil.email)).toHaveLength(1);
    // No lead time: no briefs at all.
    const other = await meetingAbout(db, { ...scope, title: 'Close', at: minutes(25) });
    expect(await sendDueBriefs({ ...deps, leadMinutes: 0 }, NOW)).toMatchObject({ sent: 0 });
    expect((await listBriefEmails(db, gil.id)).map((r) => r.meetingId)).not.toContain(other.id);
  });
});

describe('the post-meeting service', () => {
  it('sweeps briefs when SMTP_URL is set', async () => {
    const own = await createTestDatabase(testServerUrl());
    const service = startPostmeetingService(
      postmeetingConfigFromEnv({
        DATABASE_URL: own.url,
        REDIS_URL: devEnv().REDIS_URL,
        POSTMEETING_QUEUE_PREFIX: `parley-test-brief-${crypto.randomUUID().slice(0, 8)}`,
        POSTMEETING_LLM: 'off',
        SMTP_URL: mailpit.smtpUrl,
        MAIL_SECRET: SECRET,
        ORIGIN,
        MEETING_BRIEF_LEAD_MINUTES: '30',
      }),
    );
    try {
      const hal = await person(own.db, 'Hal');
      const { team, subject } = await teamWith(own.db, hal, [], 'Initech');
      const scope = { ownerId: hal.id, teamId: team.id, subjectId: subject.id };
      await endedMeetingAbout(own.db, {
        ...scope,
        title: 'Before',
        at: new Date('2026-11-01T10:00:00Z'),
      });
      const soon = new Date(Date.now() + 20 * 60_000);
      await meetingAbout(own.db, { ...scope, title: 'Soon', at: soon });
      expect(await service.sweepReminders()).toMatchObject({ briefs: { sent: 1 } });
      expect(await inbox(hal.email)).toHaveLength(1);
    } finally {
      await service.close();
      await own.drop();
    }
  });
});
