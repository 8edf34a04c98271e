import { listSegments, type TranscriptSegment } from '@parley/db';
import { conversation, fixturesDir, type Conversation } from '@parley/agent/testing';
import { mkdir } from 'node:fs/promises';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contrastRatio, formatOffset } from '../web/src/lib/room/transcript-model.ts';
import {
  artifactsDir,
  startStack,
  waitFor,
  type Stack,
  closeWithin,
  launchBrowser,
  signUp,
  enterRoom,
} from './harness.ts';

// Enough speech that the transcript overflows the panel on a phone-sized screen.
const MIC_LINES: { text: string; voice: 'slt' | 'awb' | 'rms' }[] = [
  { text: 'Good morning everyone and thank you for joining the review.', voice: 'slt' },
  { text: 'We should discuss the revenue growth for the next quarter.', voice: 'awb' },
  { text: 'The team is planning to hire three new engineers in the spring.', voice: 'rms' },
  { text: 'Our largest customer renewed the contract for two more years.', voice: 'slt' },
  { text: 'The marketing budget will stay the same as last year.', voice: 'awb' },
  { text: 'We need a decision on the new office by the end of the month.', voice: 'rms' },
  { text: 'Please send me the updated numbers before Friday.', voice: 'slt' },
];

const TIME = /^\d{2}:\d{2}:\d{2}$/;

const t0 = Date.now();
/** Progress in the test log, so a hang or failure points at its step. */
const step = (what: string) => {
  console.log(`room-transcript e2e +${((Date.now() - t0) / 1000).toFixed(1)}s: ${what}`);
};

describe('room transcript: history, times, scrolling and consent', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let mic: Conversation;

  beforeAll(async () => {
    // The fake microphone plays the file once; the lead-in gives the agent time to join.
    mic = await conversation(
      MIC_LINES.map((l, i) => ({ ...l, gapMs: i === 0 ? 6_000 : 1_000 })),
      fixturesDir,
      'e2e-room-transcript',
    );
    stack = await startStack();
    browser = await launchBrowser(mic.path);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(30_000);
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning')
        console.log(`browser ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => console.log(`browser pageerror: ${e.message}`));
    await mkdir(artifactsDir, { recursive: true });
  });

  afterAll(async () => {
    await closeWithin(browser?.close(), 'the browser to close');
    await stack?.stop();
  });

  const lines = (final?: boolean) =>
    page.locator(
      `[data-testid="transcript-line"]${final === undefined ? '' : `[data-final="${final}"]`}`,
    );

  /** What the panel shows: one entry per line, in order. */
  const shownLines = () =>
    lines().evaluateAll((els) =>
      els.map((el) => ({
        speaker: el.getAttribute('data-speaker') ?? '',
        segmentId: el.getAttribute('data-segment-id') ?? '',
        final: el.getAttribute('data-final') === 'true',
        time: el.querySelector('[data-testid="transcript-time"]')?.textContent ?? '',
        text: el.querySelector('[data-testid="transcript-text"]')?.textContent ?? '',
      })),
    );

  const expectMatchesStored = async (rows: TranscriptSegment[]) => {
    const finals = (await shownLines()).filter((l) => l.final);
    expect(finals.map((l) => [l.speaker, l.segmentId, l.text, l.time])).toEqual(
      rows.map((r) => [r.speaker_identity, r.segment_id, r.text, formatOffset(r.start_ms)]),
    );
  };

  const expectNoDuplicates = async () => {
    const shown = await shownLines();
    const keys = shown.map((l) => `${l.speaker}/${l.segmentId}`);
    expect(new Set(keys).size).toBe(keys.length);
  };

  const pauseResponse = () =>
    page.waitForResponse(
      (r) => r.url().endsWith('/transcription') && r.request().method() === 'POST',
    );

  const api = (path: string, body: string) =>
    page.evaluate(
      async ([p, b]) => {
        const r = await fetch(p, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: b,
        });
        return { status: r.status, body: (await r.json()) as unknown };
      },
      [path, body] as const,
    );

  it('shows live lines, keeps them across a reload, and lets me pause transcription', async () => {
    await run().catch(async (err: unknown) => {
      await page.screenshot({ path: `${artifactsDir}/room-transcript-failed.png`, fullPage: true });
      throw err;
    });
  });

  async function run(): Promise<void> {
    // Sign up, create a meeting and join it.
    step('Sign up, create a meeting and join it.');
    const email = `room-${Date.now()}@example.com`;
    // Fill forms only once the page is hydrated (hydration resets inputs filled before it).
    await signUp(page, stack.baseUrl, { name: 'Grace Hopper', email });
    await page.getByLabel('Title').fill('Planning');
    await page.getByLabel('Type').selectOption('general');
    await page.getByRole('button', { name: 'Create meeting' }).click();
    await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    await page.waitForLoadState('networkidle');
    const meetingId = /\/meetings\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';
    await page.getByTestId('join').click();
    await enterRoom(page);
    await expect
      .poll(() => page.getByTestId('connection-state').textContent(), { timeout: 30_000 })
      .toMatch(/^connected$/i);

    // The AI participant is listed as Parley AI with a state badge.
    step('The AI participant is listed as Parley AI with a state badge.');
    const ai = page.locator('[data-testid="participant"][data-agent="true"]');
    await ai.waitFor({ timeout: 30_000 });
    expect(await ai.textContent()).toContain('Parley AI');
    // The agent marks itself as transcribing once it has joined.
    await expect
      .poll(() => ai.getByTestId('agent-state').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('transcribing');
    expect(await ai.getByTestId('agent-state').textContent()).toContain('Transcribing');

    // Recording is off until the host allows it; then the agent records (no egress service
    // here) and everyone sees the indicator; switched off, it goes away.
    step('The recording indicator follows the host switch.');
    const indicator = page.getByTestId('recording-indicator');
    expect(await indicator.count()).toBe(0);
    const setRecording = (allowed: boolean) =>
      page.evaluate(
        async ([url, on]) =>
          (
            await fetch(url, {
              method: 'PUT',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ allowed: on }),
            })
          ).status,
        [`/api/meetings/${meetingId}/recordings/settings`, allowed] as const,
      );
    expect(await setRecording(true)).toBe(200);
    await indicator.waitFor({ state: 'visible', timeout: 20_000 });
    expect(await indicator.textContent()).toContain('Recording');
    expect(await setRecording(false)).toBe(200);
    await indicator.waitFor({ state: 'detached', timeout: 20_000 });

    // Final lines for all the speech arrive.
    step('Final lines for all the speech arrive.');
    const user = await stack.db.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    await waitFor(
      'final lines for the spoken sentences',
      async () => {
        const all = (await shownLines()).filter((l) => l.final && l.speaker === user.id);
        const last = all.at(-1)?.text.toLowerCase() ?? '';
        return all.length >= 4 && /friday|numbers|before/.test(last);
      },
      mic.durationMs + 25_000,
      500,
    ).catch(async (err: unknown) => {
      await page.screenshot({ path: `${artifactsDir}/room-transcript-failed.png` });
      throw err;
    });
    await new Promise((r) => setTimeout(r, 2_000));

    // Every final is stored, and shown once with its time from the meeting start.
    step('Every final is stored, and shown once with its time from the meeting start.');
    const rows = await listSegments(stack.db.db, meetingId);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    await expectMatchesStored(rows);
    await expectNoDuplicates();
    const times = await page.getByTestId('transcript-time').allTextContents();
    for (const t of times) expect(t).toMatch(TIME);
    expect([...times].sort()).toEqual(times);
    const line = lines(true).first();
    expect(await line.evaluate((el) => getComputedStyle(el).borderLeftColor)).not.toBe(
      'rgba(0, 0, 0, 0)',
    );

    // The pause API validates its input and hides other people's meetings.
    step("The pause API validates its input and hides other people's meetings.");
    const path = `/api/meetings/${meetingId}/transcription`;
    const invalid = await api(path, '{"paused":"yes"}');
    expect(invalid).toMatchObject({ status: 422, body: { error: { code: 'validation_failed' } } });
    expect(invalid.body).toHaveProperty('error.fields.paused');
    expect(
      (
        await api(
          '/api/meetings/00000000-0000-4000-8000-000000000000/transcription',
          '{"paused":true}',
        )
      ).status,
    ).toBe(404);

    // Pause transcription of me: the API answers, my participant attribute says so.
    step('Pause transcription of me: the API answers, my participant attribute says so.');
    const toggle = page.getByTestId('pause-transcription');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    const paused = pauseResponse();
    await toggle.click();
    expect(await (await paused).json()).toEqual({ paused: true });
    await expect.poll(() => toggle.getAttribute('data-state')).toBe('paused');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('paused-notice').textContent()).toContain(
      'Parley is not transcribing you',
    );
    await page.screenshot({ path: `${artifactsDir}/room-transcript-desktop.png` });

    // Reload on a phone-sized screen: the stored lines come first, server-rendered, once each.
    step(
      'Reload on a phone-sized screen: the stored lines come first, server-rendered, once each.',
    );
    await page.setViewportSize({ width: 390, height: 700 });
    await page.reload({ waitUntil: 'domcontentloaded' });
    await enterRoom(page);
    await expectMatchesStored(rows);
    await expectNoDuplicates();
    await expect
      .poll(() => page.getByTestId('connection-state').textContent(), { timeout: 30_000 })
      .toMatch(/^connected$/i);
    // The pause survives the reload (re-applied before the microphone goes live).
    step('The pause survives the reload (re-applied before the microphone goes live).');
    await expect.poll(() => toggle.getAttribute('data-state'), { timeout: 10_000 }).toBe('paused');
    await page.getByTestId('paused-notice').waitFor();
    await new Promise((r) => setTimeout(r, 2_000));
    await expectNoDuplicates();
    const stored = (await shownLines()).filter((l) => l.final);
    expect(stored.length).toBeGreaterThanOrEqual(rows.length);

    // The panel scrolls on its own; it starts at the newest line.
    step('The panel scrolls on its own; it starts at the newest line.');
    const transcript = page.getByTestId('transcript');
    const geometry = () =>
      transcript.evaluate((el) => ({
        top: el.scrollTop,
        fromBottom: el.scrollHeight - el.scrollTop - el.clientHeight,
        overflows: el.scrollHeight > el.clientHeight + 40,
        pageScroll: window.scrollY,
      }));
    expect((await geometry()).overflows).toBe(true);
    await expect.poll(async () => (await geometry()).fromBottom).toBeLessThanOrEqual(32);
    expect(await transcript.getAttribute('data-following')).toBe('true');
    expect(await page.getByTestId('jump-to-latest').count()).toBe(0);

    // Scrolling up stops auto-scroll and offers "Jump to latest".
    step('Scrolling up stops auto-scroll and offers "Jump to latest".');
    await transcript.scrollIntoViewIfNeeded();
    const box = await transcript.boundingBox();
    if (!box) throw new Error('transcript not visible');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const pageScrollBefore = (await geometry()).pageScroll;
    await page.mouse.wheel(0, -400);
    await page.getByTestId('jump-to-latest').waitFor({ timeout: 5_000 });
    expect(await transcript.getAttribute('data-following')).toBe('false');
    const up = await geometry();
    expect(up.fromBottom).toBeGreaterThan(32);
    expect(up.pageScroll).toBe(pageScrollBefore);
    await page.screenshot({ path: `${artifactsDir}/room-transcript-390.png`, fullPage: true });

    // It stays where the user put it.
    step('It stays where the user put it.');
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await geometry()).top).toBe(up.top);

    // The button is keyboard reachable: Tab from the transcript, Enter.
    step('The button is keyboard reachable: Tab from the transcript, Enter.');
    await transcript.focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'jump-to-latest',
    );
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await geometry()).fromBottom).toBeLessThanOrEqual(32);
    expect(await transcript.getAttribute('data-following')).toBe('true');
    expect(await page.getByTestId('jump-to-latest').count()).toBe(0);

    // Speaker names meet AA contrast on the panel, in the light and the dark theme.
    step('Speaker colours in light and dark themes.');
    const nameContrast = async () => {
      const [fg, bg] = await page
        .locator('[data-testid="transcript-line"] .who')
        .first()
        .evaluate((el) => {
          const panel = el.closest('.panel') ?? el;
          return [getComputedStyle(el).color, getComputedStyle(panel).backgroundColor];
        });
      const hex = (rgb: string) =>
        `#${(rgb.match(/\d+/g) ?? [])
          .slice(0, 3)
          .map((v) => Number(v).toString(16).padStart(2, '0'))
          .join('')}`;
      return {
        fg: hex(fg ?? ''),
        bg: hex(bg ?? ''),
        ratio: contrastRatio(hex(fg ?? ''), hex(bg ?? '')),
      };
    };
    const light = await nameContrast();
    expect(light.ratio).toBeGreaterThanOrEqual(4.5);
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await nameContrast();
    expect(dark.bg).not.toBe(light.bg);
    expect(dark.ratio).toBeGreaterThanOrEqual(4.5);
    await page.screenshot({ path: `${artifactsDir}/room-transcript-390-dark.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });

    // Resume.
    step('Resume.');
    const resumed = pauseResponse();
    await toggle.click();
    expect(await (await resumed).json()).toEqual({ paused: false });
    await expect.poll(() => toggle.getAttribute('data-state')).toBe('active');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await page.getByTestId('paused-notice').count()).toBe(0);

    // Once I have left, there is no one in the room to pause.
    step('Once I have left, there is no one in the room to pause.');
    await page.getByTestId('leave').click();
    await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    expect(await api(path, '{"paused":true}')).toMatchObject({
      status: 409,
      body: { error: { code: 'not_in_room' } },
    });
  }
});
