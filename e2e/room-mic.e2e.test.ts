// A shared room microphone in the browser: the agent runs STT_PROVIDER=deepgram against the local
// Deepgram server (the real LiveKit plugin; the server labels each line's words with the voice
// the script gives it), the browser's fake microphone plays two flite voices taking turns, the
// person marks their mic as a room microphone, and the transcript shows the voices as
// "<name> · Speaker 1/2". The owner names one voice from the live transcript: its lines are
// relabelled in the room and search finds them under the new name.
import {
  conversation,
  fixturesDir,
  spokenScript,
  type FakeDeepgramServer,
} from '@parley/agent/testing';
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

const SCRIPT = [
  { text: 'We should discuss the revenue growth for the next quarter.', voice: 'slt', label: 0 },
  { text: 'The kitchen renovation will finish before the holidays.', voice: 'awb', label: 1 },
] as const;

describe('a room microphone split by speaker in the browser (deepgram, local server)', () => {
  let stack: WebStack;
  let fake: FakeDeepgramServer;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ stack, fake, stop } = await startDeepgramStack({
      mode: 'script',
      script: await spokenScript(
        SCRIPT.map((l) => ({ ...l, speaker: l.label })),
        fixturesDir,
      ),
    }));
    await mkdir(artifactsDir, { recursive: true });
  });
  afterAll(async () => {
    await stop?.();
  });

  it('shows each voice as its own speaker; naming one relabels it in the room and search', async () => {
    const mic = await conversation(
      SCRIPT.map((l, i) => ({ text: l.text, voice: l.voice, gapMs: i === 0 ? 5_000 : 1_500 })),
      fixturesDir,
      'e2e-room-mic',
    );
    const browser = await launchBrowser(mic.path);
    try {
      const page = await (
        await browser.newContext({ viewport: { width: 1280, height: 800 } })
      ).newPage();
      page.setDefaultTimeout(30_000);
      await signUp(page, stack.baseUrl, {
        name: 'Ada Lovelace',
        email: `roommic-${Date.now()}@example.com`,
      });
      const meetingId = await createMeetingFromPage(page, 'Room mic');
      await page.getByTestId('join').click();
      await enterRoom(page);

      const toggle = page.getByTestId('room-mic-toggle');
      await waitFor('connected', async () => !(await toggle.isDisabled()), 30_000, 200);
      await toggle.click();
      await waitFor(
        'my room-mic attribute',
        async () => (await toggle.getAttribute('aria-pressed')) === 'true',
        10_000,
        100,
      );
      // The provider diarizes: no reason shown.
      expect(await page.getByTestId('speaker-split-problem').count()).toBe(0);

      const voice = (n: number) =>
        page.locator(`[data-testid="transcript-line"][data-final="true"][data-speaker$="#${n}"]`);
      await voice(1).first().waitFor({ timeout: 60_000 });
      await voice(2).first().waitFor({ timeout: 60_000 });
      expect(await voice(1).first().locator('.who').textContent()).toBe('Ada Lovelace · Speaker 1');
      expect(await voice(2).first().locator('.who').textContent()).toBe('Ada Lovelace · Speaker 2');
      expect(await voice(1).first().textContent()).toContain('revenue growth');
      expect(await voice(2).first().textContent()).toContain('kitchen renovation');
      expect(fake.requests.some((r) => r.params.diarize?.[0] === 'true')).toBe(true);
      // The utterance's interim line became its first voice's final (not left beside it).
      const seg = (await voice(1).first().getAttribute('data-segment-id')) ?? '';
      expect(
        await page.locator(`[data-testid="transcript-line"][data-segment-id="${seg}"]`).count(),
      ).toBe(1);
      await page.screenshot({ path: `${artifactsDir}/room-mic-split.png` });

      // The owner names Speaker 2 during the meeting.
      await page.getByTestId('correct-toggle').click();
      await voice(2).first().getByTestId('name-voice').click();
      await page.getByTestId('voice-name').fill('Bruno Alvarez');
      await page.getByTestId('voice-name-save').click();
      await waitFor(
        'Speaker 2 relabelled',
        async () => (await voice(2).first().locator('.who').textContent()) === 'Bruno Alvarez',
        10_000,
        100,
      );
      expect(await voice(1).first().locator('.who').textContent()).toBe('Ada Lovelace · Speaker 1');
      const r = await page.request.get(`${stack.baseUrl}/api/search?q=kitchen%20renovation`);
      expect(r.status()).toBe(200);
      const hits = ((await r.json()) as { items: { meetingId: string; speaker: string }[] }).items;
      expect(hits.filter((h) => h.meetingId === meetingId).map((h) => h.speaker)).not.toHaveLength(
        0,
      );
      for (const h of hits.filter((x) => x.meetingId === meetingId)) {
        expect(h.speaker).toBe('Bruno Alvarez');
      }
    } finally {
      await browser.close();
    }
  });
});
