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

/**
 * Utterances on one diarized (or not) stream; `between` runs after each but the last (e.g. new
 * keyterms, which reconnect the plugin's socket).
 */
async function utterances(
  diarize: boolean,
  n = 1,
  between: (r: StreamingRecognizer) => void = () => undefined,
) {
  const r = new StreamingRecognizer(
    new DeepgramProvider({ apiKey: fake.apiKey, baseUrl: fake.baseUrl }),
    null,
  );
  const s = r.stream({ diarize });
  const out = [];
  try {
    for (let i = 0; i < n; i++) {
      const u = s.startUtterance();
      await speak(u, 1_200);
      const text = await u.finish();
      out.push({ text, runs: u.speakerRuns?.() ?? null, query: fake.requests.at(-1)?.params });
      if (i < n - 1) between(r);
    }
    return out;
  } finally {
    await s.close();
    await r.close();
  }
}

async function oneUtterance(diarize: boolean) {
  const [first] = await utterances(diarize);
  if (!first) throw new Error('no utterance');
  return first;
}

/** The provider's label of a run (after Parley's per-socket scope). */
const label = (speaker: string | undefined) => speaker?.split(':').at(-1);

describe('deepgram diarization (real plugin, local server)', () => {
  it('splits a final by the speakers of its words when the stream asks for it', async () => {
    const { text, runs, query } = await oneUtterance(true);
    expect(query?.diarize).toEqual(['true']);
    expect(text).toBe('We agreed on Friday. Did we really?');
    expect(runs?.map((x) => [label(x.speaker), x.text])).toEqual([
      ['0', 'We agreed on Friday.'],
      ['1', 'Did we really?'],
    ]);
    expect(runs?.[0]?.to).toBeCloseTo(runs?.[1]?.from ?? -1);
  });

  it('keeps a voice label across finals of one socket, never across sockets', async () => {
    const keep = await utterances(true, 2);
    expect(keep[1]?.runs?.[0]?.speaker).toBe(keep[0]?.runs?.[0]?.speaker);
    // New keyterms reconnect: Deepgram's "0" there is its first voice on the new socket, maybe
    // someone else, so it is another voice for Parley.
    const reconnected = await utterances(true, 2, (r) => {
      r.setKeyterms(['Friday']);
    });
    expect(fake.requests.at(-1)?.params.keyterm).toEqual(['Friday']);
    const [a, b] = reconnected.map((u) => u.runs?.[0]?.speaker);
    expect(label(a)).toBe('0');
    expect(label(b)).toBe('0');
    expect(b).not.toBe(a);
  });

  it('keeps the final whole on a stream that did not ask', async () => {
    const { text, runs, query } = await oneUtterance(false);
    expect(query?.diarize).toEqual(['false']);
    expect(text).toBe('We agreed on Friday. Did we really?');
    expect(runs).toBeNull();
  });
});
