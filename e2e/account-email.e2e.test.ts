// Email that brings people in, in the browser, with a private Mailpit. "Forgot your password?":
// a signed-out person asks for a link from the login page; its page refuses two different
// passwords, then sets the new one, signing this browser in and the other one (still signed in
// with the old password) out; the link then says it was used; she renames herself on the
// account page. A team invite: an admin emails the link from the team page; the newcomer opens
// it, signs up on the way, joins the team and leaves it again; the team's Insights page draws a
// meeting of this week. Action-item reminders: a person
// signs up in a Berlin browser (her zone is kept) and picks daily ones on the account page; the
// reminder pass emails her overdue item; its "Done?" link marks it done without signing in, and
// its unsubscribe link turns the reminders (not the follow-up email) off. A meeting brief: before
// a meeting with a company she met before, a person in New York gets last time's summary,
// numbers and open items on her clock; a line opens its moment; its link stops briefs only.
import { sendDueBriefs, sendDueReminders } from '@parley/agent/postmeeting';
import { createActionItem, createMeeting, createSubject } from '@parley/db';
import { endedMeetingAbout, meetingAbout } from '@parley/db/testing';
import { createSmtpMailer } from '@parley/services/mail';
import { startMailpit, type Mailpit } from '@parley/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDir,
  axeScan,
  launchBrowser,
  signUp,
  startWebStack,
  waitFor,
  type WebStack,
} from './harness.ts';

describe('account email in the browser', () => {
  let stack: WebStack;
  let mailpit: Mailpit;
  let browser: Browser;

  beforeAll(async () => {
    mailpit = await startMailpit();
    stack = await startWebStack({
      agent: false,
      env: { SMTP_URL: mailpit.smtpUrl, MAIL_FROM: 'Parley <parley@example.com>' },
    });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await stack?.stop();
    await mailpit?.stop();
  });

  it('emails a link that sets a new password once and signs other browsers out', async () => {
    const email = `rosa-${Date.now()}@example.com`;
    const before = await (await browser.newContext()).newPage();
    await signUp(before, stack.baseUrl, { name: 'Rosa', email });

    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${stack.baseUrl}/login`, { waitUntil: 'networkidle' });
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL(/\/forgot$/);
    await page.getByLabel('Email of your account').fill(email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByTestId('reset-sent').waitFor();
    await page.screenshot({ path: `${artifactsDir}/password-reset-sent.png` });

    const mail = await waitFor(
      'the reset email',
      async () => (await mailpit.messages()).find((m) => m.To[0]?.Address === email),
      15_000,
    );
    const text = (await mailpit.message(mail.ID)).Text;
    const path = new URL(/(https?:\/\/\S+\/reset\/\S+)/.exec(text)?.[1] ?? 'http://x/none')
      .pathname;
    await page.goto(stack.baseUrl + path, { waitUntil: 'networkidle' });
    await page.getByLabel('New password', { exact: true }).fill('a new and long password');
    await page.getByLabel('New password again').fill('a new and long passwort');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('The two passwords differ.').waitFor();
    await page.screenshot({ path: `${artifactsDir}/password-reset-form.png` });
    await page.getByLabel('New password again').fill('a new and long password');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.waitForURL(/\/meetings$/);

    // The browser still holding the old session is signed out.
    await before.goto(`${stack.baseUrl}/meetings`);
    await before.waitForURL(/\/login\?next=/);
    // The link was used.
    await page.goto(stack.baseUrl + path, { waitUntil: 'networkidle' });
    expect(await page.getByTestId('reset-gone').isVisible()).toBe(true);

    // While here: her name as others see it, changed on the account page.
    await page.goto(`${stack.baseUrl}/account`, { waitUntil: 'networkidle' });
    const profile = page.locator('form[action="?/profile"]');
    await profile.getByLabel('Name (shown').fill('Rosa Reyes');
    await profile.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'this name' }).waitFor();
    expect(await page.locator('a.who').textContent()).toBe('Rosa Reyes');
  }, 120_000);

  it('emails a team invite that a newcomer follows through sign-up into the team', async () => {
    const admin = await (await browser.newContext()).newPage();
    admin.setDefaultTimeout(30_000);
    await signUp(admin, stack.baseUrl, { name: 'Ines Admin', email: `ines-${Date.now()}@x.test` });
    await admin.goto(`${stack.baseUrl}/teams`, { waitUntil: 'networkidle' });
    await admin.getByLabel('Name').fill('Harbour');
    await admin.getByRole('button', { name: 'Create team' }).click();
    await admin.waitForURL(/\/teams\/[0-9a-f-]{36}$/);
    const teamUrl = admin.url();
    const to = `nico-${Date.now()}@example.com`;
    await admin.getByLabel('Email the link to (optional)').fill(to);
    await admin.getByRole('button', { name: 'Create invite link' }).click();
    const status = admin.getByTestId('invite-email');
    await status.waitFor();
    expect(await status.textContent()).toContain(`Emailed to ${to}.`);
    await status.scrollIntoViewIfNeeded();
    await admin.screenshot({ path: `${artifactsDir}/team-invite-email.png` });

    const mail = await waitFor(
      'the team invite',
      async () => (await mailpit.messages()).find((m) => m.To[0]?.Address === to),
      15_000,
    );
    const text = (await mailpit.message(mail.ID)).Text;
    const path = new URL(/(https?:\/\/\S+\/invite\/\S+)/.exec(text)?.[1] ?? 'http://x/none')
      .pathname;
    const nico = await (await browser.newContext()).newPage();
    nico.setDefaultTimeout(30_000);
    await nico.goto(stack.baseUrl + path, { waitUntil: 'networkidle' });
    await nico.waitForURL(/\/login\?next=/);
    await nico.locator('a[href^="/signup?next="]').click();
    await nico.getByLabel('Name').fill('Nico');
    await nico.getByLabel('Email').fill(to);
    await nico.getByLabel('Password').fill('correct horse battery');
    await nico.getByRole('button', { name: 'Sign up' }).click();
    await nico.waitForURL((u) => u.pathname === path);
    await nico.getByRole('button', { name: 'Join the team' }).click();
    await nico.waitForURL(teamUrl);
    expect(await nico.getByText('Your role: member').isVisible()).toBe(true);
    // And can leave it again.
    await nico.getByText('Leave this team…').click();
    await nico.getByRole('button', { name: 'Leave Harbour' }).click();
    await nico.waitForURL(/\/teams$/);
    expect(await nico.getByRole('link', { name: 'Harbour' }).count()).toBe(0);

    // The team's insights: a meeting of an hour this week, drawn per week; Ines in the table.
    const db = stack.db.db;
    const teamId = teamUrl.split('/').at(-1) ?? '';
    const ines = await db
      .selectFrom('users')
      .select('id')
      .where('name', '=', 'Ines Admin')
      .executeTakeFirstOrThrow();
    const m = await createMeeting(db, {
      title: 'Harbour weekly',
      type: 'general',
      ownerId: ines.id,
      teamId,
    });
    const started = new Date(Date.now() - 2 * 3_600_000);
    await db
      .updateTable('meetings')
      .set({
        status: 'ended',
        started_at: started,
        ended_at: new Date(started.getTime() + 3_600_000),
      })
      .where('id', '=', m.id)
      .execute();
    await admin.goto(teamUrl, { waitUntil: 'networkidle' });
    await admin.getByRole('link', { name: 'Insights' }).click();
    await admin.waitForURL(/\/insights$/);
    await admin.getByTestId('insights-meetings').getByText('1 meeting, 1 hour in all.').waitFor();
    expect(
      await admin.getByTestId('insights-people').getByRole('rowheader').allTextContents(),
    ).toEqual(['Ines Admin']);
    expect(await axeScan(admin)).toEqual([]);
    await admin.screenshot({ path: `${artifactsDir}/team-insights.png`, fullPage: true });
  }, 120_000);

  it('emails a daily action-item reminder whose link stops reminders only', async () => {
    const email = `tess-${Date.now()}@example.com`;
    // Her browser is in Berlin: sign-up keeps its zone, and reminders follow her clock.
    const page = await (await browser.newContext({ timezoneId: 'Europe/Berlin' })).newPage();
    page.setDefaultTimeout(30_000);
    await signUp(page, stack.baseUrl, { name: 'Tess', email });
    await page.goto(`${stack.baseUrl}/account#reminders`, { waitUntil: 'networkidle' });
    const emails = page.locator('form[action="?/emails"]');
    expect(await emails.getByLabel('Weekly, on Mondays').isChecked()).toBe(true);
    expect(await page.getByTestId('account-time-zone').inputValue()).toBe('Europe/Berlin');
    await emails.getByLabel('Each weekday').check();
    // Earlier than the server's 08:00: at 07:00 on her clock.
    expect(await page.getByTestId('account-reminder-hour').inputValue()).toBe('');
    await page.getByTestId('account-reminder-hour').selectOption('7');
    await emails.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(
      await page.locator('form[action="?/emails"]').getByLabel('Each weekday').isChecked(),
    ).toBe(true);
    // 07:00 on her clock, named as her zone.
    expect(await page.getByTestId('account-next-reminder').textContent()).toMatch(
      /Next reminder: .*07:00.*(CET|GMT\+1)/,
    );
    expect(await page.getByTestId('account-reminder-hour').inputValue()).toBe('7');
    await page.locator('#reminders').screenshot({ path: `${artifactsDir}/account-reminders.png` });
    expect(await axeScan(page)).toEqual([]);

    // An overdue item of hers; the agent's reminder pass on a weekday morning emails it: not at
    // 06:30 in Berlin, at 07:30 (before the server's 08:00, after hers).
    const db = stack.db.db;
    const tess = await db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const m = await createMeeting(db, { title: 'Harbour sync', type: 'general', ownerId: tess.id });
    await createActionItem(
      db,
      m.id,
      {
        text: 'Send the signed lease',
        ownerIdentity: tess.id,
        ownerName: tess.name,
        dueDate: '2026-12-01',
      },
      tess.id,
    );
    const mailer = createSmtpMailer({
      smtpUrl: mailpit.smtpUrl,
      from: 'Parley <parley@example.com>',
    });
    const deps = {
      db,
      mailer,
      origin: stack.baseUrl,
      secret: stack.env.MAIL_SECRET ?? '',
      hour: 8,
    };
    try {
      expect((await sendDueReminders(deps, new Date('2026-12-08T05:30:00Z'))).sent).toBe(0);
      const pass = await sendDueReminders(deps, new Date('2026-12-08T06:30:00Z'));
      expect(pass.sent).toBe(1);
    } finally {
      mailer.close();
    }
    const mail = await waitFor(
      'the reminder',
      async () => (await mailpit.messages()).find((x) => x.To[0]?.Address === email),
      15_000,
    );
    expect(mail.Subject).toBe('Your action items: 1 overdue');
    const text = (await mailpit.message(mail.ID)).Text;
    expect(text).toContain('Send the signed lease (due 2026-12-01; from "Harbour sync"');
    const stop = /(https?:\/\/\S+\/unsubscribe\?token=\S+)/.exec(text)?.[1] ?? 'http://x/none';
    const done = /Done\? (https?:\/\/\S+)/.exec(text)?.[1] ?? 'http://x/none';

    // Both links work in a browser that is not signed in: the item is marked done…
    const visitor = await (await browser.newContext()).newPage();
    visitor.setDefaultTimeout(30_000);
    await visitor.goto(done, { waitUntil: 'networkidle' });
    expect(await visitor.getByTestId('done-item').textContent()).toBe('Send the signed lease');
    await visitor.getByTestId('mark-done').click();
    await visitor.getByTestId('done-status').waitFor();
    await visitor.screenshot({ path: `${artifactsDir}/reminder-mark-done.png` });
    expect(await axeScan(visitor)).toEqual([]);
    const item = await db
      .selectFrom('action_items')
      .select('status')
      .where('meeting_id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(item.status).toBe('done');
    // …and the reminders are stopped.
    await visitor.goto(stop, { waitUntil: 'networkidle' });
    await visitor.getByRole('button', { name: 'Stop action item reminders' }).click();
    await visitor.getByTestId('unsubscribed').waitFor();
    expect(await visitor.getByTestId('unsubscribed').textContent()).toContain(
      'no more action item reminders',
    );
    await page.reload({ waitUntil: 'networkidle' });
    const after = page.locator('form[action="?/emails"]');
    expect(await after.getByLabel('Never').isChecked()).toBe(true);
    expect(await page.getByTestId('account-followup-email').isChecked()).toBe(true);
    // The page says what became of the last reminder.
    expect(await page.getByTestId('account-last-reminder').textContent()).toMatch(
      /^Last reminder \(for .*8.*\): sent .* with 1 item\.$/,
    );
  }, 120_000);

  it('emails a brief before a meeting with a company met before; its link stops briefs only', async () => {
    const email = `bea-${Date.now()}@example.com`;
    const page = await (await browser.newContext({ timezoneId: 'America/New_York' })).newPage();
    page.setDefaultTimeout(30_000);
    await signUp(page, stack.baseUrl, { name: 'Bea', email });
    await page.goto(`${stack.baseUrl}/account#briefs`, { waitUntil: 'networkidle' });
    expect(await page.getByTestId('account-meeting-briefs').isChecked()).toBe(true);

    // Her last meeting with Harbour Ltd, and the next one in half an hour.
    const db = stack.db.db;
    const bea = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const subject = await createSubject(db, { ownerId: bea.id, teamId: null, name: 'Harbour Ltd' });
    const scope = { ownerId: bea.id, teamId: null, subjectId: subject?.id ?? '' };
    const last = await endedMeetingAbout(db, {
      ...scope,
      title: 'Harbour kick-off',
      at: new Date('2026-11-30T15:00:00Z'),
    });
    const now = new Date();
    await meetingAbout(db, {
      ...scope,
      title: 'Harbour renewal',
      at: new Date(now.getTime() + 30 * 60_000),
    });
    const mailer = createSmtpMailer({
      smtpUrl: mailpit.smtpUrl,
      from: 'Parley <parley@example.com>',
    });
    try {
      const deps = { db, mailer, origin: stack.baseUrl, secret: stack.env.MAIL_SECRET ?? '' };
      expect(await sendDueBriefs({ ...deps, leadMinutes: 60 }, now)).toMatchObject({ sent: 1 });
    } finally {
      mailer.close();
    }
    const mail = await waitFor(
      'the brief',
      async () => (await mailpit.messages()).find((x) => x.To[0]?.Address === email),
      15_000,
    );
    // When it starts on her clock (sign-up kept the browser's zone).
    expect(mail.Subject).toMatch(
      /^Brief for Harbour renewal \(\w{3} \d+ \w{3}, \d\d:\d\d \(America\/New_York\)\): last time with Harbour Ltd$/,
    );
    const body = await mailpit.message(mail.ID);
    const view = await browser.newPage();
    await view.setContent(body.HTML);
    await view.screenshot({ path: `${artifactsDir}/meeting-brief-email.png`, fullPage: true });
    await view.close();

    // A line of the brief opens the moment it came from.
    const moment = /- Budget approved by the board\r?\n\s+(\S+)/.exec(body.Text)?.[1] ?? '';
    expect(moment).toBe(`${stack.baseUrl}/meetings/${last.id}?t=4200`);
    await page.goto(moment, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: 'Harbour kick-off' }).first().waitFor();

    // Its link stops the briefs, without signing in, and nothing else.
    const stop = /(https?:\/\/\S+\/unsubscribe\?token=\S+)/.exec(body.Text)?.[1] ?? 'http://x/none';
    const visitor = await (await browser.newContext()).newPage();
    visitor.setDefaultTimeout(30_000);
    await visitor.goto(stop, { waitUntil: 'networkidle' });
    await visitor.getByRole('button', { name: 'Stop meeting briefs' }).click();
    expect(await visitor.getByTestId('unsubscribed').textContent()).toContain(
      'no more meeting briefs',
    );
    await page.goto(`${stack.baseUrl}/account#briefs`, { waitUntil: 'networkidle' });
    expect(await page.getByTestId('account-meeting-briefs').isChecked()).toBe(false);
    expect(await page.getByTestId('account-last-brief').textContent()).toMatch(
      /^Last brief \(for “Harbour renewal”, .+\): sent .+\.$/,
    );
    expect(await page.getByTestId('account-followup-email').isChecked()).toBe(true);
    const emails = page.locator('form[action="?/emails"]');
    expect(await emails.getByLabel('Weekly, on Mondays').isChecked()).toBe(true);
  }, 120_000);
});
