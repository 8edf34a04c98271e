// Meeting memory end to end with real parts (issue 16): meeting 1 on a subject, spoken with a
// flite voice through the browser's fake microphone, states MRR, burn and a promise and never
// touches churn (nor most of the checklist); ending it runs the offline post-meeting chain, and the follow-up email reaches
// the member in a private Mailpit (guests have no account and are never written to: see
// agent/src/followup/followup.int.test.ts). Meeting 2 on the same subject opens with template
// follow-up cards citing meeting 1 (the metric and the promise) and one for the item never
// covered; after it, the subject's MRR has two points (its trend). The coverage report of
// meeting 1 quotes what covered its items. Screenshots go to PARLEY_SCREENS_DIR when set.
import { conversation, fixturesDir } from '@parley/agent/testing';
import { findRun, listExtractions, listSegments } from '@parley/db';
import { startMailpit, type Mailpit } from '@parley/testkit';
import { mkdir } from 'node:fs/promises';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDir,
  enterRoom,
  launchBrowser,
  signUp,
  startWebStack,
  waitFor,
  type WebStack,
} from './harness.ts';

const screens = process.env.PARLEY_SCREENS_DIR ?? artifactsDir;
const poll = <T>(fn: () => T | Promise<T>, timeout = 30_000) => expect.poll(fn, { timeout });

const FIRST = [
  'Our monthly recurring revenue is fifty thousand dollars.',
  'Our burn rate is eighty thousand dollars a month.',
  'We will hire a head of sales by March.',
];
const SECOND = ['Our monthly recurring revenue is sixty thousand dollars now.'];

describe('meeting memory across two meetings', () => {
  let stack: WebStack;
  let mailpit: Mailpit;
  const browsers: Browser[] = [];
  let mic1 = '';
  let mic2 = '';

  beforeAll(async () => {
    const say = (lines: string[], name: string, lead: number) =>
      conversation(
        lines.map((text, i) => ({ text, voice: 'slt' as const, gapMs: i === 0 ? lead : 2_500 })),
        fixturesDir,
        name,
      );
    mic1 = (await say(FIRST, 'e2e-memory-1', 25_000)).path;
    mic2 = (await say(SECOND, 'e2e-memory-2', 30_000)).path;
    mailpit = await startMailpit();
    stack = await startWebStack({
      agent: true,
      env: {
        SMTP_URL: mailpit.smtpUrl,
        MAIL_SECRET: 'e2e-memory-mail-secret-0123456789abcdef',
        POSTMEETING_LLM: 'off',
        SUGGESTIONS_PROVIDER: 'template',
      },
    });
    await mkdir(screens, { recursive: true });
  });
  afterAll(async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    await stack?.stop();
    await mailpit?.stop();
  });

  async function open(mic: string): Promise<Page> {
    const b = await launchBrowser(mic || undefined);
    browsers.push(b);
    const page = await (await b.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => console.log(`browser pageerror: ${e.message}`));
    return page;
  }

  const api = <T>(page: Page, path: string, method = 'GET', body?: unknown) =>
    page.evaluate(
      async ({ path, method, body }) => {
        const r = await fetch(path, {
          method,
          headers: { 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: r.status, json: (await r.json().catch(() => null)) as unknown };
      },
      { path, method, body },
    ) as Promise<{ status: number; json: T }>;

  async function endAndSettle(page: Page, meetingId: string): Promise<void> {
    expect((await api(page, `/api/meetings/${meetingId}/end`, 'POST')).status).toBeLessThan(300);
    await waitFor(
      'the post-meeting chain',
      async () => (await findRun(stack.db.db, meetingId, 1))?.status === 'done',
      120_000,
      250,
    );
  }

  it('remembers meeting 1 in meeting 2 and mails the member', async () => {
    try {
      await run();
    } catch (err) {
      for (const [i, b] of browsers.entries())
        for (const c of b.contexts())
          for (const p of c.pages())
            await p.screenshot({ path: `${artifactsDir}/memory-failed-${i}.png`, fullPage: true });
      throw err;
    }
  });

  async function run(): Promise<void> {
    const email = `mem-${Date.now()}@example.com`;
    const password = 'correct horse battery';
    const p1 = await open(mic1);
    await signUp(p1, stack.baseUrl, { name: 'Ivy Investor', email, password });
    const create = async (page: Page, title: string) =>
      (
        await api<{ meeting: { id: string; subjectId: string } }>(page, '/api/meetings', 'POST', {
          title,
          type: 'investment_screening',
          subject: 'Acme Robotics',
        })
      ).json.meeting;

    // Meeting 1: MRR, burn and a promise; churn never comes up.
    const m1 = await create(p1, 'Acme intro');
    await p1.goto(`${stack.baseUrl}/meetings/${m1.id}/room`, { waitUntil: 'networkidle' });
    await enterRoom(p1);
    const segs = await waitFor(
      'meeting 1 transcribed',
      async () => {
        const s = await listSegments(stack.db.db, m1.id);
        return s.length >= FIRST.length ? s : null;
      },
      120_000,
      500,
    );
    console.log(
      'meeting 1:',
      segs.map((s) => s.text),
    );
    await endAndSettle(p1, m1.id);
    const data = await listExtractions(stack.db.db, m1.id);
    console.log(
      'extracted:',
      data.map((d) => `${d.field_id}=${d.value}`),
    );
    expect(data.some((d) => d.field_id === 'mrr')).toBe(true);

    // The follow-up email: the member gets it once.
    const mails = await waitFor('the follow-up email', async () => {
      const list = await mailpit.messages();
      return list.length > 0 ? list : null;
    });
    expect(mails.map((m) => m.To.map((t) => t.Address))).toEqual([[email]]);
    expect((await mailpit.message(mails[0]?.ID ?? '')).Text).toContain(`/meetings/${m1.id}`);
    // The host sees what became of it on the meeting page.
    await p1.goto(`${stack.baseUrl}/meetings/${m1.id}`, { waitUntil: 'networkidle' });
    const status = p1.getByTestId('followup-status');
    expect(await status.getAttribute('data-state')).toBe('sent');
    expect(await status.innerText()).toContain('Sent to 1 person');
    // After a correction the host sends it again: asked first, then an update that says so.
    await p1.getByTestId('followup-resend').click();
    await p1.getByTestId('followup-resend-confirm').click();
    await poll(() => status.innerText()).toContain('Sent to 1 person (sending 2 of 5)');
    expect(await p1.getByTestId('followup-resend-why').innerText()).toMatch(
      /can be sent again in 10 min/,
    );
    expect(await p1.getByTestId('followup-resend').isDisabled()).toBe(true);
    const resent = await mailpit.messages();
    expect(resent.map((x) => x.Subject).sort()).toEqual([
      'Follow-up: Acme intro',
      'Updated follow-up: Acme intro',
    ]);
    await p1.getByTestId('followup').screenshot({ path: `${screens}/followup-resend.png` });

    // The coverage report of meeting 1 quotes what covered its items.
    await p1.goto(`${stack.baseUrl}/meetings/${m1.id}/report`, { waitUntil: 'networkidle' });
    const revenue = p1.locator('[data-testid="coverage-item"][data-id="revenue"]');
    await poll(() => revenue.getByTestId('quote').first().innerText()).toMatch(/revenue/i);
    const churn = p1.locator('[data-testid="coverage-item"][data-id="churn"]');
    expect(await churn.getAttribute('data-state')).toBe('not_discussed');
    await p1.screenshot({ path: `${screens}/coverage-report.png`, fullPage: true });

    // Meeting 2, same subject: follow-ups citing meeting 1 within its first minute.
    const m2 = await create(p1, 'Acme follow-up');
    expect(m2.subjectId).toBe(m1.subjectId);
    const p2 = await open(mic2);
    await p2.goto(`${stack.baseUrl}/login`, { waitUntil: 'networkidle' });
    await p2.getByLabel('Email').fill(email);
    await p2.getByLabel('Password').fill(password);
    await p2.getByRole('button', { name: /log in|sign in/i }).click();
    await p2.waitForURL(/\/meetings$/);
    await p2.goto(`${stack.baseUrl}/meetings/${m2.id}/room`, { waitUntil: 'networkidle' });
    const joined = Date.now();
    await enterRoom(p2);
    const cited = p2.locator(
      '[data-testid="suggestion-card"]:has([data-testid="suggestion-cite"])',
    );
    await poll(() => cited.count(), 60_000).toBeGreaterThanOrEqual(3);
    const texts = await cited.allInnerTexts();
    console.log(`follow-ups after ${Date.now() - joined} ms:`, texts);
    expect(Date.now() - joined).toBeLessThan(60_000);
    expect(texts.some((t) => /Last time (MRR|monthly recurring revenue) was \$50k/i.test(t))).toBe(
      true,
    );
    expect(texts.some((t) => /head of sales/i.test(t))).toBe(true);
    expect(texts.some((t) => /^Not covered last time:/m.test(t))).toBe(true);
    const href = await cited.first().getByTestId('suggestion-cite').getAttribute('href');
    expect(href).toContain(`/meetings/${m1.id}`);
    expect(await p2.getByTestId('room-brief').count()).toBe(1);

    // A guest in the same room: no brief, and none of the memory-based cards.
    const link = await api<{ path: string }>(p2, `/api/meetings/${m2.id}/guest-links`, 'POST', {});
    const guest = await open('');
    await guest.goto(`${stack.baseUrl}${link.json.path}`, { waitUntil: 'networkidle' });
    await guest.getByLabel('Your name').fill('Gus Guest');
    await guest.getByRole('button', { name: 'Join as a guest' }).click();
    await guest.waitForURL(/\/room$/);
    await enterRoom(guest);
    // Its fake microphone beeps: muted once it is on, so meeting 2 hears only the member.
    await poll(() => guest.getByTestId('room').getAttribute('data-mic-on')).toBe('true');
    await guest.getByTestId('mic-toggle').click();
    await poll(() => guest.getByTestId('mic-toggle').getAttribute('aria-pressed')).toBe('true');
    // Cards reach the member meanwhile; the guest's panel stays without them.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await guest.getByTestId('room-brief').count()).toBe(0);
    expect(await guest.getByTestId('suggestion-card').count()).toBe(0);
    expect(await guest.getByTestId('suggestion-cite').count()).toBe(0);
    await cited.filter({ hasText: 'Last time' }).first().scrollIntoViewIfNeeded();
    await p2.screenshot({ path: `${screens}/followup-card.png` });

    // After meeting 2, the subject's MRR has two points: the trend.
    await waitFor(
      'meeting 2 transcribed',
      async () => (await listSegments(stack.db.db, m2.id)).length >= SECOND.length,
      120_000,
      500,
    );
    await endAndSettle(p2, m2.id);
    const subject = await api<{ memory: { metrics: { fieldId: string; points: unknown[] }[] } }>(
      p2,
      `/api/subjects/${m2.subjectId}`,
    );
    const mrr = subject.json.memory.metrics.find((s) => s.fieldId === 'mrr');
    expect(mrr?.points).toHaveLength(2);
  }
});
