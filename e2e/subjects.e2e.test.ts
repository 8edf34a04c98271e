// The subject page and the brief in the browser: two past meetings with one subject (numbers,
// a promise, an item never covered) seeded as the post-meeting chain stores them, then the
// subject page (timeline, charts, table, open items), the brief on the next meeting's page and in
// its room, a brief line leading to its moment, and an action item marked done leaving the brief.
// Meetings have AI off: no agent is needed. Screenshots go to PARLEY_SCREENS_DIR when set.
import {
  insertSegments,
  markMeetingEnded,
  replaceActionItems,
  replaceExtractions,
  upsertCoverage,
  upsertSummary,
  type Db,
} from '@parley/db';
import { mkdir } from 'node:fs/promises';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDir,
  enterRoom,
  closeWithin,
  launchBrowser,
  signUp,
  startWebStack,
  type WebStack,
} from './harness.ts';

const screens = process.env.PARLEY_SCREENS_DIR ?? artifactsDir;
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000 });

const CHECKLIST = [
  { id: 'mrr', title: 'Revenue (MRR)', description: '', keywords: ['mrr'], priority: 'critical' },
  { id: 'burn', title: 'Burn rate', description: '', keywords: ['burn'], priority: 'important' },
  { id: 'churn', title: 'Churn', description: '', keywords: ['churn'], priority: 'critical' },
];

/** A past meeting as the pipeline leaves it: ended, transcript, numbers, summary, items. */
async function seedPast(
  db: Db,
  id: string,
  day: number,
  mrr: string,
  burn: string,
  promise: string,
) {
  const start = new Date(Date.UTC(2026, 10, day, 14));
  await db.updateTable('meetings').set({ started_at: start }).where('id', '=', id).execute();
  await markMeetingEnded(db, id);
  const lines = [
    `Our monthly recurring revenue is ${mrr} now.`,
    `We burn about ${burn} a month.`,
    promise,
  ];
  await insertSegments(
    db,
    lines.map((text, i) => ({
      meeting_id: id,
      segment_id: `s${i}`,
      speaker_identity: 'founder',
      speaker_name: 'Fran Founder',
      track_id: 'TR_f',
      text,
      start_ms: 10_000 * (i + 1),
      end_ms: 10_000 * (i + 1) + 4000,
      spoken_at: new Date(start.getTime() + 10_000 * (i + 1)),
      language: 'en',
    })),
  );
  const field = (fieldId: string, label: string, value: string, i: number) => ({
    fieldId,
    label,
    type: 'money',
    value,
    unit: 'per month',
    segmentId: `s${i}`,
    startMs: 10_000 * (i + 1),
    source: 'rules' as const,
  });
  await replaceExtractions(db, id, 1, [
    field('mrr', 'MRR', mrr, 0),
    field('burn', 'Burn', burn, 1),
  ]);
  await upsertSummary(db, {
    meetingId: id,
    run: 1,
    source: 'extractive',
    overview: `Update from Acme Robotics on ${start.toDateString()}.`,
    keyPoints: [{ text: lines[0] ?? '', segmentId: 's0', startMs: 10_000 }],
    decisions: [],
    openQuestions: [],
  });
  await replaceActionItems(db, id, 1, [
    {
      text: promise,
      ownerIdentity: 'founder',
      ownerName: 'Fran Founder',
      dueDate: '2027-03-31',
      dueText: 'by March',
      segmentId: 's2',
      startMs: 30_000,
      source: 'rules',
    },
  ]);
  await upsertCoverage(db, [
    { meeting_id: id, item_id: 'mrr', state: 'answered' },
    { meeting_id: id, item_id: 'burn', state: 'answered' },
    { meeting_id: id, item_id: 'churn', state: 'not_discussed' },
  ]);
}

describe('subjects in the browser', () => {
  let stack: WebStack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    stack = await startWebStack({ agent: false });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => console.log(`browser pageerror: ${e.message}`));
    await mkdir(screens, { recursive: true });
  });
  afterAll(async () => {
    await closeWithin(browser?.close(), 'the browser to close');
    await stack?.stop();
  });

  it('shows the subject page and the brief, each line leading to its moment', async () => {
    try {
      await run();
    } catch (err) {
      await page.screenshot({ path: `${artifactsDir}/subjects-failed.png`, fullPage: true });
      throw err;
    }
  });

  async function run(): Promise<void> {
    await signUp(page, stack.baseUrl, {
      name: 'Ivy Investor',
      email: `subj-${Date.now()}@example.com`,
    });
    const create = (title: string, subject: string) =>
      page.evaluate(
        async ({ title, subject, checklist }) => {
          const r = await fetch('/api/meetings', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              title,
              subject,
              type: 'investment_screening',
              aiEnabled: false,
              checklist,
            }),
          });
          return ((await r.json()) as { meeting: { id: string; subjectId: string } }).meeting;
        },
        { title, subject, checklist: CHECKLIST },
      );
    const m1 = await create('Acme intro', 'Acme Robotics');
    const m2 = await create('Acme follow-up', 'acme robotics');
    const m3 = await create('Acme partner meeting', 'Acme Robotics');
    expect(new Set([m1.subjectId, m2.subjectId, m3.subjectId]).size).toBe(1);
    await seedPast(stack.db.db, m1.id, 3, '$50k', '$80k', 'We will hire a head of sales by March.');
    await seedPast(stack.db.db, m2.id, 24, '$65,000', '$90k', 'We will close the seed extension.');

    // The subject page: timeline, one chart per number, the table, open items, never covered.
    await page.goto(`${stack.baseUrl}/subjects/${m1.subjectId}`, { waitUntil: 'networkidle' });
    await poll(() => page.getByTestId('subject-name').innerText()).toBe('Acme Robotics');
    await poll(() => page.getByTestId('subject-timeline').locator('li').count()).toBe(3);
    await poll(() => page.getByTestId('metric-chart').count()).toBe(2);
    await poll(() => page.locator('[data-field="mrr"] circle').count()).toBe(2);
    const table = await page.getByTestId('metric-table').innerText();
    expect(table).toContain('$50k');
    expect(table).toContain('$65,000');
    const actions = await page.getByTestId('subject-actions').innerText();
    expect(actions).toContain('hire a head of sales');
    expect(actions).toContain('seed extension');
    expect(await page.getByTestId('subject-uncovered').innerText()).toContain('Churn');
    await page.screenshot({ path: `${screens}/subject-page.png`, fullPage: true });

    // The brief on the next meeting's page: the MRR trend, the promise, the never-covered item.
    await page.goto(`${stack.baseUrl}/meetings/${m3.id}`, { waitUntil: 'networkidle' });
    const brief = page.getByTestId('brief');
    await poll(() => brief.getByTestId('brief-metrics').innerText()).toContain('$65k');
    await poll(() => brief.getByTestId('brief-metrics').innerText()).toContain('was $50k');
    await poll(() => brief.getByTestId('brief-actions').innerText()).toContain(
      'hire a head of sales',
    );
    await poll(() => brief.getByTestId('brief-uncovered').innerText()).toContain('Churn');

    // A line leads to the moment it came from.
    await brief.getByRole('link', { name: /hire a head of sales/ }).click();
    await page.waitForURL(new RegExp(`/meetings/${m1.id}\\?t=30000$`));
    await poll(() => page.getByTestId('moment-current').innerText()).toContain(
      'hire a head of sales',
    );

    // Marking the promise done there takes it out of the next brief.
    const item = page.getByTestId('action-item').filter({ hasText: 'hire a head of sales' });
    await item.getByRole('checkbox', { name: 'Done' }).check();
    await poll(() => item.getAttribute('data-status')).toBe('done');

    // The room's AI panel shows the brief to members.
    await page.goto(`${stack.baseUrl}/meetings/${m3.id}/room`, { waitUntil: 'networkidle' });
    await enterRoom(page);
    const panel = page.getByTestId('room-brief');
    await poll(() => panel.getByTestId('brief-metrics').innerText()).toContain('MRR');
    await poll(() => panel.getByTestId('brief-actions').innerText()).toContain('seed extension');
    await poll(() => panel.getByTestId('brief-actions').innerText()).not.toContain(
      'hire a head of sales',
    );
    await page.screenshot({ path: `${screens}/room-brief.png` });
  }
});
