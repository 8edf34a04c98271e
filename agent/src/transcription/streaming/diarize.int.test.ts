// Diarization through the real LiveKit Deepgram plugin (with Parley's patch that keeps each
// word's speaker) against the local Deepgram server: a stream opened with `diarize` asks for it
// in the query and its finals come back split by voice; one opened without asks nothing and
// stays whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDeepgram, type FakeDeepgramServer } from '../../testing/deepgram-server.ts';
import type { Utterance } from '../types.ts';
import { DeepgramProvider } from './deepgram.ts';
import { StreamingRecognizer } from './recognizer.ts';

const CHUNK = 512;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `speechMs` of a loud tone, then quiet, pushed in real time. */
async function speak(u: Utterance, speechMs: number, silenceMs = 350): Promise<void> {
  const t0 = Date.now();
  for (let ms = 0; ms < speechMs + silenceMs; ms += 32) {
    const pcm = new Int16Array(CHUNK);
    if (ms < speechMs) for (let i = 0; i < CHUNK; i++) pcm[i] = Math.round(4000 * Math.sin(i / 5));
    u.push(pcm);
    const ahead = t0 + ms + 32 - Date.now();
    if (ahead > 0) await sleep(ahead);
  }
}

let fake: FakeDeepgramServer;
beforeAll(async () => {
  fake = await startFakeDeepgram({
    fixedText: 'We agreed on Friday. Did we really?',
    // One final spanning a change of voice: the first four words one voice, the rest another.
    fixedSpeakers: [0, 0, 0, 0, 1, 1, 1],
    wordMs: 150,
  });
});
afterAll(() => fake?.close());

async function oneUtterance(diarize: boolean) {
  const r = new StreamingRecognizer(
    new DeepgramProvider({ apiKey: fake.apiKey, baseUrl: fake.baseUrl }),
    null,
  );
  const s = r.stream({ diarize });
  try {
    const u = s.startUtterance();
    await speak(u, 1_200);
    const text = await u.finish();
    return { text, runs: u.speakerRuns?.() ?? null, query: fake.requests.at(-1)?.params };
  } finally {
    await s.close();
    await r.close();
  }
}

describe('deepgram diarization (real plugin, local server)', () => {
  it('splits a final by the speakers of its words when the stream asks for it', async () => {
    const { text, runs, query } = await oneUtterance(true);
    expect(query?.diarize).toEqual(['true']);
    expect(text).toBe('We agreed on Friday. Did we really?');
    expect(runs?.map((x) => [x.speaker, x.text])).toEqual([
      ['0', 'We agreed on Friday.'],
      ['1', 'Did we really?'],
    ]);
    expect(runs?.[0]?.to).toBeCloseTo(runs?.[1]?.from ?? -1);
  });

  it('keeps the final whole on a stream that did not ask', async () => {
    const { text, runs, query } = await oneUtterance(false);
    expect(query?.diarize).toEqual(['false']);
    expect(text).toBe('We agreed on Friday. Did we really?');
    expect(runs).toBeNull();
  });
});
