// The pages after a meeting, in a browser: the host starts the post-meeting steps from the
// meeting page and watches them finish (summary, action items, data); the search page finds a
// spoken phrase and its hit opens the meeting at that moment; a user of another team finds
// nothing. The action items page gathers one's items from every meeting: done and undone there.
// The transcript is written as the agent writes it; the post-meeting worker runs in this process
// on the app's queue.
import { startPostmeetingWorker } from '@parley/agent/postmeeting';
import { insertSegments, recordParticipantJoined, type NewTranscriptSegment } from '@parley/db';
import type { Worker } from 'bullmq';
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDir,
  closeWithin,
  launchBrowser,
  signUp,
  startWebStack,
  type WebStack,
} from './harness.ts';

const PREFIX = `parley-e2e-pm-${process.pid}-${Date.now()}`;
const LINES: [string, string][] = [
  ['Ada', 'Welcome, let us review the quarter.'],
  ['Bob', 'Our monthly churn is down to two percent.'],
  ['Ada', 'Bob, can you send the cohort analysis by Friday?'],
  ['Bob', "Yes, I'll send it by Friday."],
  ['Ada', 'The turquoise giraffe campaign brought forty new customers.'],
  ['Ada', 'We decided to double the marketing budget.'],
];

describe('after the meeting, in the browser', () => {
  let stack: WebStack;
  let browser: Browser;
  let worker: Worker;

  beforeAll(async () => {
    stack = await startWebStack({ agent: false, env: { POSTMEETING_QUEUE_PREFIX: PREFIX } });
    worker = startPostmeetingWorker(
      { db: stack.db.db },
      { redisUrl: stack.env.REDIS_URL ?? '', prefix: PREFIX },
    );
    browser = await launchBrowser();
    await mkdir(artifactsDir, { recursive: true });
  });

  afterAll(async () => {
    await closeWithin(browser?.close(), 'the browser to close');
    await worker?.close();
    await stack?.stop();
  });

  async function newPage(): Promise<Page> {
    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 } })
    ).newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => console.log(`browser pageerror: ${e.message}`));
    return page;
  }

  it('host runs the steps, sees the results; search opens the moment; strangers find nothing', async () => {
    const page = await newPage();
    const stamp = Date.now();
    await signUp(page, stack.baseUrl, { name: 'Ada', email: `ada-${stamp}@example.com` });
    const created = await page.request.post(`${stack.baseUrl}/api/meetings`, {
      headers: { origin: stack.baseUrl },
      data: { title: 'Quarter review', type: 'investment_screening' },
    });
    expect(created.status()).toBe(201);
    const meeting = ((await created.json()) as { meeting: { id: string; ownerId?: string } })
      .meeting;
    const owner = await stack.db.db
      .selectFrom('meetings')
      .select('owner_id')
      .where('id', '=', meeting.id)
      .executeTakeFirstOrThrow();
    const start = new Date(Date.now() - 15 * 60_000);
    const segs: NewTranscriptSegment[] = LINES.map(([who, text], i) => ({
      meeting_id: meeting.id,
      segment_id: `seg-${i}`,
      speaker_identity: who === 'Ada' ? owner.owner_id : 'guest-bob',
      speaker_name: who,
      track_id: `TR_${who}`,
      text,
      start_ms: 60_000 + i * 8_000,
      end_ms: 60_000 + i * 8_000 + 7_000,
      spoken_at: new Date(start.getTime() + 60_000 + i * 8_000),
      language: 'en',
    }));
    await insertSegments(stack.db.db, segs);
    await stack.db.db
      .updateTable('meetings')
      .set({ status: 'ended', started_at: start, ended_at: new Date() })
      .where('id', '=', meeting.id)
      .execute();

    // The meeting page: no summary yet; the host starts the steps and watches them finish.
    await page.goto(`${stack.baseUrl}/meetings/${meeting.id}`, { waitUntil: 'networkidle' });
    await page.getByTestId('rerun').click();
    await expect
      .poll(() => page.getByTestId('postmeeting-status').getAttribute('data-status'), {
        timeout: 30_000,
      })
      .toBe('done');
    await expect
      .poll(() => page.getByTestId('summary-decisions').textContent())
      .toContain('double the marketing budget');
    const items = await page.getByTestId('action-items').locator('li').allTextContents();
    // Bob's "I'll send it by Friday" accepts Ada's request: one item, not two.
    expect(items).toHaveLength(1);
    expect(items[0]).toContain('Bob');
    expect(await page.getByTestId('extracted-data').textContent()).toContain('2%');
    await page.screenshot({ path: `${artifactsDir}/after-meeting-page.png`, fullPage: true });

    // The host corrects the summary; a re-run keeps the correction; going back restores Parley's.
    const generated = await page.getByTestId('summary-overview').textContent();
    await page.getByTestId('summary-edit').click();
    await page.getByTestId('summary-edit-overview').fill('Churn fell to 2 %; marketing doubles.');
    await page
      .getByTestId('summary-edit-decisions')
      .getByRole('button', { name: 'Add a decision' })
      .click();
    await page.getByLabel('Decisions 2', { exact: true }).fill('Hire a growth marketer');
    await page.getByTestId('summary-save').click();
    await expect
      .poll(() => page.getByTestId('summary-overview').textContent())
      .toBe('Churn fell to 2 %; marketing doubles.');
    expect(await page.getByTestId('summary-decisions').textContent()).toContain(
      'Hire a growth marketer',
    );
    expect(await page.getByTestId('summary-edited').textContent()).toContain('Edited by Ada');
    await page.getByTestId('rerun').click();
    await expect
      .poll(() => page.getByTestId('postmeeting-status').textContent(), { timeout: 30_000 })
      .toContain('Done (run 2)');
    await page.reload({ waitUntil: 'networkidle' });
    expect(await page.getByTestId('summary-overview').textContent()).toBe(
      'Churn fell to 2 %; marketing doubles.',
    );
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: "Go back to Parley's summary" }).click();
    await expect.poll(() => page.getByTestId('summary-overview').textContent()).toBe(generated);
    expect(await page.getByTestId('summary-edited').count()).toBe(0);

    // Search: the phrase, then its hit opens the meeting at that moment.
    await page.goto(`${stack.baseUrl}/search`, { waitUntil: 'networkidle' });
    await page.getByLabel('Words or phrases').fill('"turquoise giraffe"');
    await page.getByRole('button', { name: 'Search' }).click();
    const hit = page.getByTestId('search-hit-link').first();
    await expect.poll(() => hit.textContent()).toContain('Quarter review');
    expect(await page.getByTestId('search-hit').first().locator('mark').allTextContents()).toEqual([
      'turquoise',
      'giraffe',
    ]);
    await page.screenshot({ path: `${artifactsDir}/after-meeting-search.png`, fullPage: true });
    // The same search, newest first: the choice goes into the URL and stays selected.
    await page.getByLabel('Sort').selectOption('newest');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/[?&]sort=newest/);
    await expect.poll(() => hit.textContent()).toContain('Quarter review');
    expect(await page.getByLabel('Sort').inputValue()).toBe('newest');
    await hit.click();
    await page.waitForURL(new RegExp(`/meetings/${meeting.id}\\?t=${60_000 + 4 * 8_000}$`));
    expect(await page.getByTestId('moment-current').textContent()).toContain(
      'turquoise giraffe campaign',
    );

    // Another user (no shared team) finds nothing and cannot open the meeting.
    const eve = await newPage();
    await signUp(eve, stack.baseUrl, { name: 'Eve', email: `eve-${stamp}@example.com` });
    await eve.goto(`${stack.baseUrl}/search?q=${encodeURIComponent('turquoise giraffe')}`, {
      waitUntil: 'networkidle',
    });
    expect(await eve.getByTestId('search-hit').count()).toBe(0);
    await expect.poll(() => eve.locator('#results-h').textContent()).toContain('No results');
    const res = await eve.goto(`${stack.baseUrl}/meetings/${meeting.id}?t=92000`);
    expect(res?.status()).toBe(404);
  });

  it('the action items page lists my items of every meeting, overdue first; done and undo', async () => {
    const page = await newPage();
    const stamp = Date.now();
    await signUp(page, stack.baseUrl, { name: 'Ada', email: `ada-items-${stamp}@example.com` });
    const post = async (path: string, data: object) => {
      const r = await page.request.post(`${stack.baseUrl}${path}`, {
        headers: { origin: stack.baseUrl },
        data,
      });
      expect(r.status(), await r.text()).toBe(201);
      return (await r.json()) as Record<string, { id: string }>;
    };
    const me = (await (await page.request.get(`${stack.baseUrl}/api/me`)).json()) as {
      user: { id: string };
    };
    const meetingWith = async (title: string) => {
      const m = (await post('/api/meetings', { title, type: 'general' })).meeting;
      if (!m) throw new Error('no meeting');
      await recordParticipantJoined(stack.db.db, {
        meetingId: m.id,
        identity: me.user.id,
        participantSid: `PA_${m.id}`,
        name: 'Ada',
        userId: me.user.id,
        joinedAt: new Date(),
      });
      return { id: m.id, ownerId: me.user.id };
    };
    const m1 = await meetingWith('Board prep');
    const m2 = await meetingWith('Acme follow-up');
    const item = (
      m: { id: string; ownerId: string },
      text: string,
      dueDate: string | null,
      mine = true,
    ) =>
      post(`/api/meetings/${m.id}/action-items`, {
        text,
        dueDate,
        ...(mine ? { ownerIdentity: m.ownerId } : { ownerName: 'Bruno' }),
      });
    await item(m2, 'Send Acme the pricing sheet', '2030-01-15');
    await item(m1, 'Circulate the board deck', '2020-03-01');
    await item(m1, 'Book the offsite', null);
    await item(m2, 'Ask legal about the NDA', '2030-01-10', false);

    await page.goto(`${stack.baseUrl}/meetings`, { waitUntil: 'networkidle' });
    await page.getByRole('link', { name: 'Action items' }).click();
    await page.waitForURL(/\/action-items$/);
    const list = page.getByTestId('action-item');
    await expect.poll(() => list.count()).toBe(3);
    const texts = () => list.locator('.text').allTextContents();
    expect(await texts()).toEqual([
      'Circulate the board deck',
      'Send Acme the pricing sheet',
      'Book the offsite',
    ]);
    expect(await list.first().getByTestId('due').textContent()).toContain('overdue');
    expect(await list.nth(1).getByTestId('due').textContent()).not.toContain('overdue');
    await page.screenshot({ path: `${artifactsDir}/action-items-page.png`, fullPage: true });

    // Done: it leaves the open list, with an undo; undo brings it back.
    await page.getByRole('button', { name: 'Mark done: Circulate the board deck' }).click();
    await expect
      .poll(() => page.getByTestId('action-item-changed').textContent())
      .toContain('Marked done: Circulate the board deck');
    await expect.poll(() => texts()).toEqual(['Send Acme the pricing sheet', 'Book the offsite']);
    await page.getByTestId('action-item-changed').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => list.count()).toBe(3);
    await page.getByRole('button', { name: 'Mark done: Book the offsite' }).click();
    await expect.poll(() => list.count()).toBe(2);

    // Everyone's items, open and done: Bruno's item shows too, the done one last, struck through.
    await page.getByTestId('filter-assignee').selectOption('anyone');
    await page.getByTestId('filter-status').selectOption('all');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/assignee=anyone/);
    await expect.poll(() => list.count()).toBe(4);
    expect((await texts())[3]).toBe('Book the offsite');
    expect(await list.nth(3).evaluate((el) => el.classList.contains('done'))).toBe(true);
    expect(await list.nth(1).textContent()).toContain('Bruno');

    // Each item links to its meeting.
    await list.first().getByRole('link', { name: 'Board prep' }).click();
    await page.waitForURL(new RegExp(`/meetings/${m1.id}$`));
  });
});
