import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir, readPcm, speak, speechEnd, speechStart } from '../testing/index.ts';
import { loadSileroModel, SILERO_WINDOW, type VadModel } from './silero.ts';
import { createVad, type VadEvent } from './vad.ts';

const RATE = 16_000;
const LINES = [
  ['slt', 'Please send the revised budget to the finance team by Friday.'],
  ['awb', 'We still need a decision on the hosting provider.'],
  ['rms', 'The launch date depends on the security review.'],
] as const;

/** One second of silence, the speech, one second of silence. */
function padded(pcm: Int16Array): Int16Array {
  const out = new Int16Array(pcm.length + 2 * RATE);
  out.set(pcm, RATE);
  return out;
}

describe('Silero VAD with the real model', () => {
  let model: VadModel;
  let speech: Int16Array[];
  beforeAll(async () => {
    model = await loadSileroModel();
    speech = await Promise.all(
      LINES.map(async ([voice, text]) =>
        padded(await readPcm(await speak(text, voice, fixturesDir))),
      ),
    );
  });
  afterAll(() => model.close());

  async function solo(pcm: Int16Array): Promise<VadEvent[]> {
    const events: VadEvent[] = [];
    const s = createVad(model, { batchWaitMs: 0 }).stream((ev) => events.push(ev));
    for (let i = 0; i < pcm.length; i += SILERO_WINDOW)
      await s.push(pcm.subarray(i, i + SILERO_WINDOW));
    return events;
  }

  const probabilities = (events: VadEvent[]) =>
    events.flatMap((e) => (e.type === 'inference' ? [e.probability] : []));

  it("finds each voice's speech where it is, and nothing before or after it", async () => {
    for (const [i, pcm] of speech.entries()) {
      const events = await solo(pcm);
      const starts = events.filter((e) => e.type === 'start');
      const ends = events.filter((e) => e.type === 'end');
      expect(starts.length, LINES[i]?.[0]).toBeGreaterThanOrEqual(1);
      expect(ends.length).toBe(starts.length);
      const first = starts[0];
      const last = ends.at(-1);
      if (first?.type !== 'start' || last?.type !== 'end') throw new Error('no speech found');
      const startMs = (first.samplesIndex * 1000) / RATE - first.speechMs;
      const endMs = (last.samplesIndex * 1000) / RATE - last.silenceMs;
      const trueStart = (speechStart(pcm) * 1000) / RATE;
      const trueEnd = (speechEnd(pcm) * 1000) / RATE;
      expect(Math.abs(startMs - trueStart)).toBeLessThan(200);
      expect(Math.abs(endMs - trueEnd)).toBeLessThan(300);
    }
  });

  it('hears no speech in silence, hiss or a steady tone', async () => {
    const seconds = 3 * RATE;
    const silence = new Int16Array(seconds);
    let seed = 7;
    const hiss = Int16Array.from({ length: seconds }, () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return Math.round((seed / 2 ** 31 - 0.5) * 2000);
    });
    const tone = Int16Array.from({ length: seconds }, (_, i) =>
      Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / RATE)),
    );
    for (const pcm of [silence, hiss, tone]) {
      const events = await solo(pcm);
      expect(events.filter((e) => e.type === 'start')).toEqual([]);
    }
  });

  it('gives every person the same probabilities in a batch as alone', async () => {
    const alone = await Promise.all(speech.map(async (pcm) => probabilities(await solo(pcm))));
    const vad = createVad(model, { batchWaitMs: 50 });
    const together: VadEvent[][] = speech.map(() => []);
    const streams = speech.map((_, i) => vad.stream((ev) => together[i]?.push(ev)));
    const longest = Math.max(...speech.map((p) => p.length));
    for (let at = 0; at < longest; at += SILERO_WINDOW) {
      await Promise.all(
        streams.map((s, i) => {
          const pcm = speech[i] ?? new Int16Array(0);
          return at < pcm.length ? s.push(pcm.subarray(at, at + SILERO_WINDOW)) : Promise.resolve();
        }),
      );
    }
    // Fewer model calls than windows: the three went through together.
    expect(vad.stats.batches).toBeLessThan(vad.stats.windows / 2);
    for (const [i, probs] of alone.entries()) {
      const batched = probabilities(together[i] ?? []);
      expect(batched.length).toBe(probs.length);
      const worst = Math.max(...probs.map((p, j) => Math.abs(p - (batched[j] ?? -1))));
      expect(worst, LINES[i]?.[0]).toBeLessThan(1e-4);
    }
  });
});
