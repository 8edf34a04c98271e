import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDeepgram, type FakeDeepgramServer } from './deepgram-server.ts';
import { firstInterimDirect } from './direct-listen.ts';
import { fixturesDir } from './paths.ts';
import { readPcm, speak, speechEnd, speechStart } from './speech.ts';

const RATE = 16_000;

async function line(): Promise<{ pcm: Int16Array; startMs: number; endMs: number }> {
  const pcm = await readPcm(await speak('Please send the revenue numbers', 'slt', fixturesDir));
  return {
    pcm,
    startMs: (speechStart(pcm) * 1000) / RATE,
    endMs: (speechEnd(pcm) * 1000) / RATE,
  };
}

describe('firstInterimDirect', () => {
  let fake: FakeDeepgramServer | null = null;
  afterEach(async () => {
    await fake?.close();
    fake = null;
  });

  /** No modelled latency: the first interim comes once a word's worth of voiced audio is in. */
  const instant = () =>
    startFakeDeepgram({
      fixedText: 'please send the revenue numbers',
      wordMs: 300,
      interimLatency: null,
    });

  it('times the first interim from the chunk holding the start of speech', async () => {
    fake = await instant();
    const l = await line();
    const { first: ms } = await firstInterimDirect(l.pcm, l, {
      baseUrl: fake.baseUrl,
      apiKey: fake.apiKey,
    });
    expect(ms).not.toBeNull();
    // At least a word's worth of speech has to be streamed in real time first.
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(1_500);
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.controls).toMatchObject({ Finalize: 1 });
  });

  it('counts only the interims it accepts', async () => {
    fake = await instant();
    const l = await line();
    // The second word comes a word's worth of speech (300 ms) after the first.
    const { first: any, accepted: twoWords } = await firstInterimDirect(l.pcm, l, {
      baseUrl: fake.baseUrl,
      apiKey: fake.apiKey,
      accept: (text) => text.split(' ').length >= 2,
    });
    expect(any).not.toBeNull();
    expect((twoWords ?? 0) - (any ?? Infinity)).toBeGreaterThanOrEqual(150);
  });

  it('adds the modelled latency', async () => {
    fake = await startFakeDeepgram({
      fixedText: 'please send the revenue numbers',
      wordMs: 300,
      interimLatency: { medianMs: 600, p95Ms: 600, seed: 1 },
    });
    const l = await line();
    const { first: ms } = await firstInterimDirect(l.pcm, l, {
      baseUrl: fake.baseUrl,
      apiKey: fake.apiKey,
    });
    expect(ms).toBeGreaterThanOrEqual(850);
  });

  it('is null when the server never answers', async () => {
    fake = await startFakeDeepgram({ fixedText: 'please send', fault: 'silent' });
    const l = await line();
    const { first: ms } = await firstInterimDirect(l.pcm, l, {
      baseUrl: fake.baseUrl,
      apiKey: fake.apiKey,
    });
    expect(ms).toBeNull();
  });
});
