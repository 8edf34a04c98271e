// Calendar invitations end to end (issue 18, item 5): a team owner imports an .ics in the browser
// whose event invites a team member and an outside address and carries a meeting link; the
// meeting page names the member, shows the outside address and the event's link; "Email invite"
// sends the invite, which arrives in a private Mailpit with the join link and an invite.ics.
import { startMailpit, type Mailpit } from '@parley/testkit';
import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDir,
  launchBrowser,
  signUp,
  startWebStack,
  waitFor,
  type WebStack,
} from './harness.ts';

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

describe('calendar invitations in the browser', () => {
  let stack: WebStack;
  let mailpit: Mailpit;
  let browser: Browser;

  beforeAll(async () => {
    mailpit = await startMailpit();
    stack = await startWebStack({
      agent: false,
      env: {
        SMTP_URL: mailpit.smtpUrl,
        MAIL_FROM: 'Parley <parley@example.com>',
        CALENDAR_POLL_MINUTES: '0',
      },
    });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await stack?.stop();
    await mailpit?.stop();
  });

  async function person(name: string, email: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => console.log(`browser pageerror: ${e.message}`));
    await signUp(page, stack.baseUrl, { name, email });
    return page;
  }
  const post = (page: Page, path: string, body: unknown) =>
    page.evaluate(
      async ({ path, body }) => {
        const r = await fetch(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return (await r.json()) as Record<string, unknown>;
      },
      { path, body },
    );

  it('imports attendees and the link, and emails the invite', async () => {
    const tag = Date.now().toString(36);
    const memberEmail = `grace-${tag}@example.com`;
    const owner = await person('Ada Lovelace', `ada-${tag}@example.com`);
    const member = await person('Grace Hopper', memberEmail);
    const team = (await post(owner, '/api/teams', { name: 'Acme' })).team as { id: string };
    const invite = await post(owner, `/api/teams/${team.id}/invites`, { role: 'member' });
    await post(member, '/api/invites/accept', { token: invite.token });

    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//e2e//EN',
      'BEGIN:VEVENT',
      `UID:launch-${tag}@cal`,
      'DTSTAMP:20261201T000000Z',
      `DTSTART:${stamp(new Date(Date.now() + 2 * 86_400_000))}`,
      'SUMMARY:Launch review',
      `ATTENDEE;CN=Grace:mailto:${memberEmail.toUpperCase()}`,
      'ATTENDEE:mailto:bob@example.com',
      'URL:https://meet.example/launch-review',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    await owner.goto(`${stack.baseUrl}/meetings`, { waitUntil: 'networkidle' });
    await owner.locator('#ics-team').selectOption(team.id);
    await owner
      .locator('#ics-file')
      .setInputFiles({ name: 'launch.ics', mimeType: 'text/calendar', buffer: Buffer.from(ics) });
    await owner.getByText('1 meetings added').waitFor();

    await owner.goto(`${stack.baseUrl}/meetings`, { waitUntil: 'networkidle' });
    await owner.getByRole('link', { name: 'Launch review' }).first().click();
    await owner.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    await owner.waitForLoadState('networkidle');
    const meetingId = owner.url().split('/').pop() ?? '';
    const invitees = owner.getByTestId('invitee');
    await expect
      .poll(() => invitees.allTextContents())
      .toEqual(['bob@example.com', 'Grace Hopper (member)']);
    const link = owner.getByTestId('event-url');
    expect(await link.getAttribute('href')).toBe('https://meet.example/launch-review');
    expect(await link.getAttribute('rel')).toContain('noopener');

    await owner
      .getByTestId('invitation')
      .screenshot({ path: `${artifactsDir}/calendar-invitation.png` });
    await owner.getByTestId('email-invite').click();
    await expect
      .poll(() => owner.getByTestId('invite-status').textContent())
      .toContain('Invite sent to bob@example.com');
    const [msg] = await waitFor('the invite email', async () => {
      const list = await mailpit.messages();
      return list.length > 0 ? list : undefined;
    });
    expect(msg?.To.map((t) => t.Address).sort()).toEqual(['bob@example.com', memberEmail]);
    const full = await mailpit.message(msg?.ID ?? '');
    expect(full.Text).toContain(`/meetings/${meetingId}/room`);
    const vcal = new ICAL.Component(
      ICAL.parse(await mailpit.attachment(msg?.ID ?? '', 'invite.ics')) as unknown[],
    );
    expect(vcal.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(String(vcal.getFirstSubcomponent('vevent')?.getFirstPropertyValue('uid'))).toMatch(
      new RegExp(`^${meetingId}@`),
    );
  }, 180_000);
});
