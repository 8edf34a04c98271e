// Importing a recording in the browser: a member uploads a short two-voice mp3 (made here with
// flite and ffmpeg) from the meetings page, lands on the new meeting, sees the progress bar,
// and then the transcript and the summary; the file is the meeting's recording (it plays, a line
// click seeks it) and the page offers no room to join. The import and post-meeting workers (`pnpm agent
// jobs`) run in this process on the stack's queue; they start only once the page shows the
// upload waiting, so the progress state is seen whatever the machine's speed.
import {
  postmeetingConfigFromEnv,
  startPostmeetingService,
  type PostmeetingService,
} from '@parley/agent/postmeeting';
import { dialogueFile, fixturesDir, SENTENCES } from '@parley/agent/testing';
import { silentLogger } from '@parley/services/log';
import { mkdir } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDir,
  closeWithin,
  launchBrowser,
  signUp,
  startWebStack,
  type WebStack,
} from './harness.ts';

const PREFIX = `parley-e2e-import-${process.pid}-${Date.now()}`;

describe('importing a recording, in the browser', () => {
  let stack: WebStack;
  let browser: Browser;
  let service: PostmeetingService | undefined;

  beforeAll(async () => {
    stack = await startWebStack({ agent: false, env: { POSTMEETING_QUEUE_PREFIX: PREFIX } });
    browser = await launchBrowser();
    await mkdir(artifactsDir, { recursive: true });
  });

  afterAll(async () => {
    await closeWithin(browser?.close(), 'the browser to close');
    await service?.close();
    await stack?.stop();
  });

  it('uploads a file, shows progress, then the transcript, summary and recording', async () => {
    const lines = SENTENCES.slice(0, 4).map((text, i) => ({
      speaker: i % 2 ? 'bob' : 'ada',
      text,
      voice: i % 2 ? ('awb' as const) : ('slt' as const),
    }));
    const file = await dialogueFile(lines, fixturesDir, 'e2e-import', { ext: 'mp3' });
    expect(file.durationMs).toBeLessThan(30_000);

    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(60_000);
    await signUp(page, stack.baseUrl, { name: 'Ida', email: `ida-${Date.now()}@example.com` });
    await page.setInputFiles('#import-file', file.path);
    await page.fill('#import-title', 'Imported call');
    await page.getByTestId('import-submit').click();
    await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('import-progress').isVisible()).toBe(true);
    await page.screenshot({ path: `${artifactsDir}/import-progress.png` });

    service = startPostmeetingService(
      postmeetingConfigFromEnv({
        ...stack.env,
        SMTP_URL: undefined,
        POSTMEETING_LLM: 'off',
        STT_PROVIDER: 'local',
      }),
      { log: silentLogger },
      undefined,
      { log: silentLogger },
    );
    await page.getByTestId('import-done').waitFor({ timeout: 90_000 });
    const transcript = page.getByTestId('transcript-lines');
    expect(await transcript.textContent()).toMatch(/revenue|engineers|customers/i);
    await page.screenshot({ path: `${artifactsDir}/import-done.png`, fullPage: true });
    await page.getByTestId('summary-overview').waitFor({ timeout: 60_000 });
    expect((await page.getByTestId('summary-overview').textContent())?.length).toBeGreaterThan(0);

    // No room to join or invite people to, no recording switch: the file is the recording.
    expect(await page.getByTestId('join').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Create guest link' }).count()).toBe(0);
    expect(await page.getByTestId('imported-note').isVisible()).toBe(true);
    expect(await page.getByTestId('recording-allowed').count()).toBe(0);
    const rec = page.getByTestId('recording');
    expect(await rec.getAttribute('data-status')).toBe('completed');
    expect(await rec.textContent()).toContain('The uploaded file');
    // A transcript line plays the file from that moment (the browser decodes the mp3).
    await page.getByTestId('recordings').locator('summary').click();
    const rows = page.getByTestId('transcript').locator('button.line');
    await rows.nth(1).click();
    const player = page.getByTestId('player');
    await expect
      .poll(() => player.evaluate((a: HTMLAudioElement) => a.readyState >= 1 && a.duration > 1))
      .toBe(true);
    const position = await player.evaluate((a: HTMLAudioElement) => a.currentTime);
    expect(position).toBeGreaterThan(0.5);
    expect(await page.getByRole('status').filter({ hasText: 'Playing from' }).count()).toBe(1);
    await page.screenshot({ path: `${artifactsDir}/import-recording.png`, fullPage: true });

    // Its edit form has no schedule and no AI switch, and saving it leaves both as they were.
    expect(await page.getByTestId('meeting-ai').count()).toBe(0);
    expect(await page.locator('#scheduledAt').count()).toBe(0);
    expect(await page.locator('input[name="aiEnabled"]').count()).toBe(0);
    await page.fill('#title', 'Imported call, renamed');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const id = new URL(page.url()).pathname.split('/').pop() ?? '';
    const res = await page.request.get(`${stack.baseUrl}/api/meetings/${id}`);
    const { meeting } = (await res.json()) as { meeting: { title: string; aiEnabled: boolean } };
    expect(meeting).toMatchObject({ title: 'Imported call, renamed', aiEnabled: true });
  }, 240_000);
});
