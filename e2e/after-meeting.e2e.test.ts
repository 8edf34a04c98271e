// The pages after a meeting, in a browser: the host starts the post-meeting steps from the
// meeting page and watches them finish (summary, action items, data); the search page finds a
// spoken phrase and its hit opens the meeting at that moment; a user of another team finds
// nothing. The action items page gathers one's items from every meeting: done and undone there.
// A host shares a meeting by link with a password: someone without an account gives it, reads
// the recap and transcript and plays the recording from a line, until the host revokes the link.
// The transcript is written as the agent writes it; the post-meeting worker runs in this process
// on the app's queue.
import { startPostmeetingWorker } from '@parley/agent/postmeeting';
import {
  insertSegments,
  recordParticipantJoined,
  upsertSummary,
  type NewTranscriptSegment,
} from '@parley/db';
import type { Worker } from 'bullmq';
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDir,
  axeScan,
  closeWithin,
  launchBrowser,
  signUp,
  startWebStack,
  type WebStack,
  waitFor,
} from './harness.ts';
import { oggTone, storeRecording } from '../web/src/lib/server/testing/stored-recording.ts';

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
    // Asked on the meeting page, the answer comes from this meeting's passages (no model here:
    // the passages themselves), each opening its moment.
    const askHere = page.getByTestId('ask');
    expect(await askHere.getByRole('heading').textContent()).toBe('Ask about this meeting');
    await askHere.getByLabel('Question').fill('What about the giraffe campaign?');
    await askHere.getByRole('button', { name: 'Ask' }).click();
    const passage = askHere.getByTestId('ask-answer').getByRole('link').first();
    await expect.poll(() => passage.textContent()).toContain('Quarter review');
    expect(await passage.getAttribute('href')).toBe(
      `/meetings/${meeting.id}?t=${60_000 + 4 * 8_000}`,
    );
    await askHere.screenshot({ path: `${artifactsDir}/ask-this-meeting.png` });
    expect(await axeScan(page)).toEqual([]);

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

  it('a share link shows the recap, transcript and recording to someone without an account', async () => {
    const host = await newPage();
    await signUp(host, stack.baseUrl, {
      name: 'Ada',
      email: `ada-share-${Date.now()}@example.com`,
    });
    const created = await host.request.post(`${stack.baseUrl}/api/meetings`, {
      headers: { origin: stack.baseUrl },
      data: { title: 'Board update', type: 'general' },
    });
    const meetingId = ((await created.json()) as { meeting: { id: string } }).meeting.id;
    const db = stack.db.db;
    const started = new Date(Date.now() - 120_000);
    await db
      .updateTable('meetings')
      .set({ status: 'ended', started_at: started, ended_at: new Date() })
      .where('id', '=', meetingId)
      .execute();
    // A 30 s recording from 2 s into the meeting, a line at 14 s and Parley's summary.
    const { id: recordingId } = await storeRecording(db, meetingId, await oggTone(30, 300), {
      durationMs: 30_000,
      startedAt: new Date(started.getTime() + 2_000),
    });
    await insertSegments(db, [
      {
        meeting_id: meetingId,
        segment_id: 'seg-14',
        speaker_identity: 'guest-bob',
        speaker_name: 'Bob',
        track_id: 'TR_bob',
        text: 'Revenue grew by twelve percent.',
        start_ms: 14_000,
        end_ms: 16_000,
        spoken_at: new Date(started.getTime() + 14_000),
        language: 'en',
      },
    ]);
    await upsertSummary(db, {
      meetingId,
      run: 1,
      source: 'extractive',
      overview: 'Revenue grew; the board agreed to hire.',
      keyPoints: [{ text: 'Revenue grew 12 %', segmentId: 'seg-14', startMs: 14_000 }],
      decisions: [{ text: 'Hire two engineers', segmentId: null, startMs: null }],
      openQuestions: [],
    });

    // The host makes a link with the recording, for 7 days, with a password.
    await host.goto(`${stack.baseUrl}/meetings/${meetingId}`, { waitUntil: 'networkidle' });
    const shares = host.getByTestId('shares');
    await shares.getByLabel('Include the recording').check();
    await shares.getByTestId('share-days').selectOption('7');
    await shares.getByTestId('share-password').fill('board 2026 pass');
    await shares.getByTestId('create-share').click();
    await expect.poll(() => shares.getByTestId('share').count()).toBe(1);
    const url = (await shares.getByTestId('share-url').textContent()) ?? '';
    expect(url).toMatch(new RegExp(`^${stack.baseUrl}/s/[A-Za-z0-9_-]{43}$`));
    expect(await shares.getByTestId('share').textContent()).toContain(
      'summary, action items, transcript, recording',
    );
    expect(await shares.getByTestId('share-protected').count()).toBe(1);
    await shares.screenshot({ path: `${artifactsDir}/share-links.png` });
    expect(await axeScan(host)).toEqual([]);

    // Someone without an account (a fresh browser context: no cookies) is asked the password
    // first: nothing of the meeting is on that page.
    const visitor = await newPage();
    const res = await visitor.goto(url, { waitUntil: 'networkidle' });
    expect(res?.status()).toBe(200);
    expect(res?.headers()['referrer-policy']).toBe('same-origin');
    const lock = visitor.getByTestId('share-locked');
    expect(await visitor.textContent('body')).not.toContain('Board update');
    await lock.getByLabel('Password').fill('board 2025 pass');
    await lock.getByTestId('share-unlock').click();
    await visitor.getByRole('alert').filter({ hasText: 'Wrong password.' }).waitFor();
    await visitor.screenshot({ path: `${artifactsDir}/share-password.png` });
    expect(await axeScan(visitor)).toEqual([]);
    await visitor.getByTestId('share-locked').getByLabel('Password').fill('board 2026 pass');
    await visitor.getByTestId('share-unlock').click();
    await visitor.getByTestId('shared-summary').waitFor();
    // Then it reads it and listens.
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe('Board update');
    expect(await visitor.getByTestId('shared-summary').textContent()).toContain(
      'Hire two engineers',
    );
    const transcript = visitor.getByTestId('shared-transcript');
    expect(await transcript.textContent()).toContain('Revenue grew by twelve percent.');
    expect(await transcript.getByTestId('shared-export-srt').getAttribute('href')).toBe(
      `${new URL(url).pathname}/transcript/srt`,
    );
    await transcript.getByRole('button', { name: '00:14' }).click();
    const audio = visitor.getByTestId('shared-recording').locator('audio');
    const state = await waitFor(
      'the shared recording to play from the line',
      async () => {
        const st = await audio.evaluate((el) => {
          const a = el as HTMLAudioElement;
          return { src: a.currentSrc, t: a.currentTime, err: a.error?.code ?? 0 };
        });
        return st.t >= 12 ? st : null;
      },
      20_000,
    );
    // 14 s into the meeting = 12 s into a recording that started 2 s in, played through the
    // link's own address (which redirects to a fresh presigned URL).
    expect(state.t).toBeLessThan(16);
    expect(state.err).toBe(0);
    expect(state.src).toBe(`${url}/recordings/${recordingId}`);
    // The line being heard is marked while it plays.
    await expect
      .poll(() => transcript.locator('[aria-current="true"]').textContent(), { timeout: 10_000 })
      .toContain('Revenue grew by twelve percent.');
    await visitor.screenshot({ path: `${artifactsDir}/shared-meeting.png`, fullPage: true });
    expect(await axeScan(visitor)).toEqual([]);

    // The host sees the visit, then changes the password: the visitor is asked again.
    await host.reload({ waitUntil: 'networkidle' });
    expect(await shares.getByTestId('share-views').textContent()).toContain('opened 1 time');
    await shares.getByTestId('share-change').click();
    const edit = shares.getByTestId('share-edit');
    await edit.getByTestId('share-edit-days').selectOption('90');
    await edit.getByTestId('share-edit-password').fill('board 2027 pass');
    await edit.screenshot({ path: `${artifactsDir}/share-change.png` });
    expect(await axeScan(host)).toEqual([]);
    await edit.getByTestId('share-edit-save').click();
    await expect.poll(() => edit.count()).toBe(0);
    const listed = await host.evaluate(async (id) => {
      const r = await fetch(`/api/meetings/${id}/shares`);
      return ((await r.json()) as { items: { expiresAt: string }[] }).items;
    }, meetingId);
    const expiresIn = Date.parse(listed[0]?.expiresAt ?? '') - Date.now();
    expect(Math.abs(expiresIn - 90 * 86_400_000)).toBeLessThan(120_000);
    await visitor.reload({ waitUntil: 'networkidle' });
    await visitor.getByTestId('share-locked').waitFor();
    expect(await visitor.textContent('body')).not.toContain('Hire two engineers');
    await visitor.getByTestId('share-locked').getByLabel('Password').fill('board 2027 pass');
    await visitor.getByTestId('share-unlock').click();
    await visitor.getByTestId('shared-summary').waitFor();

    // The host revokes the link: the visitor's next load is a 404.
    await shares.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => shares.getByTestId('share').getAttribute('data-active')).toBe('false');
    const gone = await visitor.reload({ waitUntil: 'networkidle' });
    expect(gone?.status()).toBe(404);
    expect(await visitor.textContent('body')).toContain(
      'This link is invalid, revoked or expired.',
    );
  });
});
