// The recordings section in a real browser: a transcript line, clicked, loads the recording
// through a short-lived presigned URL and plays it from that moment.
import { insertSegments } from '@parley/db';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  signupUser,
  startTestServer,
  type TestServer,
} from '../web/src/lib/server/testing/server.ts';
import { oggTone, storeRecording } from '../web/src/lib/server/testing/stored-recording.ts';
import { closeWithin, launchBrowser, waitFor } from './harness.ts';

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

  it('clicking a transcript line plays the recording from that moment', async () => {
    const owner = await signupUser(s.base, 'Ada');
    const made = await call(s.base, 'POST', '/api/meetings', {
      cookie: owner.cookie,
      json: { title: 'Playback', type: 'general' },
    });
    const meetingId = (made.body.meeting as { id: string }).id;
    const started = new Date(Date.now() - 120_000);
    await s.db
      .updateTable('meetings')
      .set({ started_at: started, ended_at: new Date(), status: 'ended' })
      .where('id', '=', meetingId)
      .execute();
    // A 30 s recording that started 2 s into the meeting.
    const { id } = await storeRecording(s.db, meetingId, await oggTone(30, 300), {
      durationMs: 30_000,
      startedAt: new Date(started.getTime() + 2_000),
    });
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

    const ctx = await browser.newContext();
    const [name, value] = owner.cookie.split('=');
    await ctx.addCookies([{ name: name ?? '', value: value ?? '', url: s.base }]);
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
    expect(await section.getByRole('status').textContent()).toContain('Playing from 0:14');
    // Download and export links are plain links for members.
    expect(await section.getByTestId('recording-download').getAttribute('href')).toBe(
      `/api/meetings/${meetingId}/recordings/${id}/download`,
    );
    expect(await section.getByTestId('export-srt').getAttribute('href')).toBe(
      `/api/meetings/${meetingId}/transcript/export/srt`,
    );
    await ctx.close();
  }, 90_000);
});
