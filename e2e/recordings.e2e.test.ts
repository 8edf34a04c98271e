// The recordings section in a real browser: a transcript line, clicked, loads the recording
// through a short-lived presigned URL and plays it from that moment; while it plays, the line
// being heard is marked and kept in view, at the speed the listener chose.
import { insertSegments } from '@parley/db';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  ORIGIN,
  signupUser,
  startTestServer,
  type TestServer,
} from '../web/src/lib/server/testing/server.ts';
import { oggTone, storeRecording } from '../web/src/lib/server/testing/stored-recording.ts';
import { artifactsDir, axeScan, closeWithin, launchBrowser, waitFor } from './harness.ts';

describe('recordings section (browser)', () => {
  let s: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    s = await startTestServer('e2e-recordings');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await closeWithin(browser?.close(), 'the browser to close');
    await s?.stop();
  });

  /**
   * An ended meeting of Ada's with a 30 s recording that began 2 s in; with `revenue`, Ada's line
   * "Revenue grew by twelve percent." from 14 s to 16 s.
   */
  async function endedMeeting(title: string, revenue = false) {
    const owner = await signupUser(s.base, 'Ada');
    const made = await call(s.base, 'POST', '/api/meetings', {
      cookie: owner.cookie,
      json: { title, type: 'general' },
    });
    const meetingId = (made.body.meeting as { id: string }).id;
    const started = new Date(Date.now() - 120_000);
    await s.db
      .updateTable('meetings')
      .set({ started_at: started, ended_at: new Date(), status: 'ended' })
      .where('id', '=', meetingId)
      .execute();
    const { id } = await storeRecording(s.db, meetingId, await oggTone(30, 300), {
      durationMs: 30_000,
      startedAt: new Date(started.getTime() + 2_000),
    });
    if (revenue) {
      await insertSegments(s.db, [
        {
          meeting_id: meetingId,
          segment_id: 'TR_a-14000',
          speaker_identity: owner.id,
          speaker_name: 'Ada',
          track_id: 'TR_a',
          text: 'Revenue grew by twelve percent.',
          start_ms: 14_000,
          end_ms: 16_000,
          spoken_at: new Date(started.getTime() + 14_000),
          language: 'en',
        },
      ]);
    }
    return { owner, meetingId, started, recordingId: id };
  }

  /** A browser context signed in as `user` (a cookie from signupUser). */
  async function signedIn(user: { cookie: string }, permissions: string[] = []) {
    const ctx = await browser.newContext({ permissions });
    const [name, value] = user.cookie.split('=');
    await ctx.addCookies([{ name: name ?? '', value: value ?? '', url: s.base }]);
    return ctx;
  }

  it('clicking a transcript line plays the recording from that moment', async () => {
    const { owner, meetingId, recordingId: id } = await endedMeeting('Playback', true);

    const ctx = await signedIn(owner);
    const page = await ctx.newPage();
    await page.goto(`${s.base}/meetings/${meetingId}`, { waitUntil: 'networkidle' });
    const section = page.getByTestId('recordings');
    expect(await section.getByTestId('recording').count()).toBe(1);
    await section.getByText(/Transcript \(1 lines/).click();
    await section.getByRole('button', { name: /Revenue grew by twelve percent/ }).click();
    const player = page.getByTestId('player');
    const state = await waitFor(
      'the player to play from the line',
      async () => {
        const st = await player.evaluate((el) => {
          const a = el as HTMLAudioElement;
          return { src: a.currentSrc, t: a.currentTime, paused: a.paused, err: a.error?.code ?? 0 };
        });
        return st.t >= 12 ? st : null;
      },
      20_000,
    );
    // 14 s into the meeting = 12 s into a recording that started 2 s in.
    expect(state.t).toBeGreaterThanOrEqual(12);
    expect(state.t).toBeLessThan(16);
    expect(state.err).toBe(0);
    expect(state.src).toContain(`recordings/${id}.ogg`);
    expect(state.src).toContain('X-Amz-Expires=');
    expect(await section.getByTestId('playback-status').textContent()).toContain(
      'Playing from 0:14',
    );
    // Download and export links are plain links for members.
    expect(await section.getByTestId('recording-download').getAttribute('href')).toBe(
      `/api/meetings/${meetingId}/recordings/${id}/download`,
    );
    expect(await section.getByTestId('export-srt').getAttribute('href')).toBe(
      `/api/meetings/${meetingId}/transcript/export/srt`,
    );
    await ctx.close();
  }, 90_000);

  it('the transcript follows the player, at the speed chosen, and both choices are kept', async () => {
    const { owner, meetingId, started } = await endedMeeting('Follow along');
    // 56 short lines, one every 500 ms from 2 s to 29.5 s into the meeting, Ada and Bob by turns.
    await insertSegments(
      s.db,
      Array.from({ length: 56 }, (_, k) => ({
        meeting_id: meetingId,
        segment_id: `TR_${k % 2}-${2_000 + k * 500}`,
        speaker_identity: k % 2 ? 'guest-bob' : owner.id,
        speaker_name: k % 2 ? 'Bob' : 'Ada',
        track_id: `TR_${k % 2}`,
        text: `Line number ${k}.`,
        start_ms: 2_000 + k * 500,
        end_ms: 2_000 + k * 500 + 400,
        spoken_at: new Date(started.getTime() + 2_000 + k * 500),
        language: 'en',
      })),
    );
    const ctx = await signedIn(owner);
    const page = await ctx.newPage();
    await page.goto(`${s.base}/meetings/${meetingId}`, { waitUntil: 'networkidle' });
    const section = page.getByTestId('recordings');
    const player = page.getByTestId('player');
    const list = section.getByTestId('transcript');
    const marked = list.locator('[aria-current="true"]');
    /** Puts the player at `seconds` into the recording and waits for the mark to name `text`. */
    const at = async (seconds: number, text: string) => {
      await player.evaluate((el, t) => {
        (el as HTMLAudioElement).currentTime = t;
      }, seconds);
      await waitFor(
        `the line "${text}" to be marked`,
        async () =>
          ((await marked.count()) === 1 && (await marked.textContent())?.includes(text)) || null,
        10_000,
      );
    };
    const inView = () =>
      list.evaluate((ol) => {
        const box = ol.getBoundingClientRect();
        const item = ol.querySelector('[aria-current="true"]')?.getBoundingClientRect();
        return {
          scrollTop: ol.scrollTop,
          visible: !!item && item.top >= box.top && item.bottom <= box.bottom,
        };
      });

    // Nothing plays yet: no speed choice, the transcript closed.
    expect(await section.getByTestId('playback-rate').count()).toBe(0);
    expect(await list.isVisible()).toBe(false);
    await section.getByRole('button', { name: 'Play', exact: true }).click();
    // Playing opens the transcript (following is on by default) and marks the line being heard.
    await list.waitFor();
    await at(25, 'Line number 50.'); // 27 s into the meeting
    const far = await inView();
    expect(far.visible).toBe(true);
    expect(far.scrollTop).toBeGreaterThan(0);
    // A silence between lines (none here past 29.9 s + grace) clears the mark.
    await player.evaluate((el) => {
      (el as HTMLAudioElement).currentTime = 29.9;
    });
    await expect.poll(() => marked.count(), { timeout: 10_000 }).toBe(0);
    await at(3, 'Line number 8.');
    expect((await inView()).visible).toBe(true);

    // Who spoke when: a row per voice; a click plays from that moment, the arrows step 5 s.
    const timeline = section.getByTestId('speaker-timeline');
    expect(
      (await timeline.getByTestId('timeline-speaker').allTextContents()).map((t) =>
        t.replace(/\s+/g, ' ').trim(),
      ),
    ).toEqual(['Ada 50 %', 'Bob 50 %']);
    const seekBar = timeline.getByTestId('timeline-seek');
    const box = await seekBar.boundingBox();
    if (!box) throw new Error('the timeline is not shown');
    // Half of 32 s (the recording's end) = 16 s into the meeting = 14 s into the recording.
    await seekBar.click({ position: { x: box.width / 2, y: box.height / 2 } });
    const position = () => player.evaluate((el) => (el as HTMLAudioElement).currentTime);
    await waitFor('the click to seek', async () => {
      const t = await position();
      return (t >= 13.8 && t < 15.5) || null;
    });
    await seekBar.press('ArrowRight');
    await waitFor('the arrow key to step 5 s on', async () => {
      const t = await position();
      return (t >= 18.8 && t < 21) || null;
    });
    expect(await seekBar.getAttribute('aria-valuetext')).toMatch(/^0:\d\d, (Ada|Bob) speaking$/);
    expect(await timeline.getByTestId('timeline-playhead').count()).toBe(1);

    // Speed: 1.5× plays at 1.5×, and is still chosen after a reload (with following off too).
    await section.getByTestId('playback-rate').selectOption('1.5');
    expect(await player.evaluate((el) => (el as HTMLAudioElement).playbackRate)).toBe(1.5);
    await section.getByTestId('playback-follow').uncheck();
    await section.screenshot({ path: `${artifactsDir}/playback-follow.png` });
    expect(await axeScan(page)).toEqual([]);
    await page.reload({ waitUntil: 'networkidle' });
    await section.getByText(/Transcript \(56 lines/).click();
    await section.getByRole('button', { name: /Line number 40\./ }).click();
    await waitFor(
      'the player to play from line 40',
      async () =>
        (await player.evaluate((el) => (el as HTMLAudioElement).currentTime)) >= 20 || null,
      20_000,
    );
    expect(await section.getByTestId('playback-rate').inputValue()).toBe('1.5');
    expect(await section.getByTestId('playback-follow').isChecked()).toBe(false);
    expect(await player.evaluate((el) => (el as HTMLAudioElement).playbackRate)).toBe(1.5);
    // Not following: the mark moves, the list does not.
    await list.evaluate((ol) => {
      ol.scrollTop = 0;
    });
    await at(27, 'Line number 54.');
    expect(await inView()).toEqual({ scrollTop: 0, visible: false });
    await ctx.close();
  }, 120_000);

  it('a link to a moment plays from there, and a moment marked while listening is kept', async () => {
    const { owner, meetingId } = await endedMeeting('Marks', true);
    const ctx = await signedIn(owner, ['clipboard-read', 'clipboard-write']);
    const page = await ctx.newPage();
    // This server listens on its own port, not the app's origin (ORIGIN), which the CSRF check
    // expects of writes: the browser's writes carry the origin a deployed page would send.
    await page.route('**/api/**', async (route) => {
      if (route.request().method() === 'GET') return route.continue();
      const headers = { ...(await route.request().allHeaders()), origin: ORIGIN };
      return route.fulfill({ response: await route.fetch({ headers }) });
    });
    // A search hit, a highlight or an email links here with the moment.
    await page.goto(`${s.base}/meetings/${meetingId}?t=14000`, { waitUntil: 'networkidle' });
    await page.getByTestId('moment').getByTestId('moment-play').click();
    const player = page.getByTestId('player');
    const position = () => player.evaluate((el) => (el as HTMLAudioElement).currentTime);
    await waitFor('the moment to play', async () => {
      const t = await position();
      return (t >= 12 && t < 16) || null;
    });
    // The player is brought into view.
    expect(
      await player.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      }),
    ).toBe(true);

    // Paused at 12.5 s of the recording = 14.5 s into the meeting, the moment is marked.
    await player.evaluate((el) => {
      const a = el as HTMLAudioElement;
      a.pause();
      a.currentTime = 12.5;
    });
    const section = page.getByTestId('recordings');
    await section.getByTestId('mark-moment').click();
    const form = section.getByTestId('mark-form');
    expect(await form.textContent()).toContain('Note for 00:14');
    await form.getByTestId('mark-note').fill('Quote for the deck');
    await form.getByTestId('mark-note').press('Enter');
    const listed = page.getByTestId('highlights').getByTestId('highlight');
    await expect.poll(() => listed.count(), { timeout: 10_000 }).toBe(1);
    const text = (await listed.textContent())?.replace(/\s+/g, ' ') ?? '';
    expect(text).toContain('00:14 · Ada: Quote for the deck');
    expect(text).toContain('Ada: “Revenue grew by twelve percent.”');
    expect(await section.getByTestId('mark-status').textContent()).toContain('Marked 00:14');
    expect(await axeScan(page)).toEqual([]);

    // A link to the moment being heard, for a teammate.
    await section.getByTestId('moment-link').click();
    await expect
      .poll(() => section.getByTestId('moment-link-status').textContent())
      .toBe('Link to 00:14 copied.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(`${s.base}/meetings/${meetingId}?t=14500`);

    // Keys: L and J move 10 s, K plays and pauses; not while typing a note.
    await page.getByRole('heading', { name: 'Recording and transcript' }).click();
    await page.keyboard.press('l');
    expect(await position()).toBeCloseTo(22.5, 1);
    await page.keyboard.press('j');
    expect(await position()).toBeCloseTo(12.5, 1);
    const paused = () => player.evaluate((el) => (el as HTMLAudioElement).paused);
    await page.keyboard.press('k');
    await expect.poll(paused).toBe(false);
    await page.keyboard.press('k');
    await expect.poll(paused).toBe(true);
    await section.getByTestId('mark-moment').click();
    await section.getByTestId('mark-note').press('k');
    expect(await section.getByTestId('mark-note').inputValue()).toBe('k');
    expect(await paused()).toBe(true);
    await section.getByTestId('mark-note').press('Escape');

    // Stored: there after a reload, at the moment heard.
    await page.reload({ waitUntil: 'networkidle' });
    expect(await page.getByTestId('highlights').getByTestId('highlight').count()).toBe(1);
    const stored = await call(s.base, 'GET', `/api/meetings/${meetingId}/highlights`, {
      cookie: owner.cookie,
    });
    const items = stored.body.items as { atMs: number; note: string }[];
    expect(items).toHaveLength(1);
    expect(items[0]?.note).toBe('Quote for the deck');
    expect(Math.abs((items[0]?.atMs ?? 0) - 14_500)).toBeLessThan(300);
    await ctx.close();
  }, 90_000);
});
