// Live captions in the browser with a streaming provider: the agent runs STT_PROVIDER=deepgram
// against the local Deepgram server (the real LiveKit plugin, a hosted service's latency), the
// browser's fake microphone speaks, and the transcript panel shows a line that is not final yet
// whose text grows, then the final replaces it in place (the same segment, shown once).
import { conversation, fixturesDir } from '@parley/agent/testing';
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDir,
  createMeetingFromPage,
  enterRoom,
  launchBrowser,
  signUp,
  startDeepgramStack,
  waitFor,
  type WebStack,
} from './harness.ts';

const TEXT = 'captions appear while people are still speaking in the meeting';
/** As shown: the local server answers in lowercase, and Parley puts the first capital back. */
const SHOWN = 'Captions appear while people are still speaking in the meeting';

describe('streaming captions in the browser (deepgram, local server)', () => {
  let stack: WebStack;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ stack, stop } = await startDeepgramStack({ fixedText: TEXT, wordMs: 250 }));
    await mkdir(artifactsDir, { recursive: true });
  });
  afterAll(async () => {
    await stop?.();
  });

  it('shows an interim line that grows and is replaced in place by the final', async () => {
    const mic = await conversation(
      [
        {
          text: 'We should discuss the revenue growth for the next quarter and the hiring plan.',
          voice: 'slt',
          gapMs: 6_000,
        },
      ],
      fixturesDir,
      'e2e-streaming-captions',
    );
    const browser = await launchBrowser(mic.path);
    try {
      const page = await (
        await browser.newContext({ viewport: { width: 1280, height: 800 } })
      ).newPage();
      page.setDefaultTimeout(30_000);
      await signUp(page, stack.baseUrl, {
        name: 'Ada Lovelace',
        email: `captions-${Date.now()}@example.com`,
      });
      await createMeetingFromPage(page, 'Captions');
      await page.getByTestId('join').click();
      await enterRoom(page);

      const interim = page.locator('[data-testid="transcript-line"][data-final="false"]');
      await interim.first().waitFor({ timeout: 40_000 });
      const segmentId = (await interim.first().getAttribute('data-segment-id')) ?? '';
      const firstText = (await interim.first().textContent()) ?? '';
      await page.screenshot({ path: `${artifactsDir}/streaming-interim-caption.png` });
      // The line grows while the person speaks.
      await waitFor(
        'the interim line to grow',
        async () => {
          const l = page.locator(`[data-testid="transcript-line"][data-segment-id="${segmentId}"]`);
          return ((await l.first().textContent()) ?? '').length > firstText.length;
        },
        15_000,
        100,
      );
      // The final takes the same line's place.
      const line = page.locator(`[data-testid="transcript-line"][data-segment-id="${segmentId}"]`);
      await waitFor(
        'the final in place of the interim',
        async () => (await line.first().getAttribute('data-final')) === 'true',
        20_000,
        200,
      );
      expect(await line.count()).toBe(1);
      expect(await line.first().textContent()).toContain(SHOWN);
      await page.screenshot({ path: `${artifactsDir}/streaming-final-caption.png` });
    } finally {
      await browser.close();
    }
  });
});
