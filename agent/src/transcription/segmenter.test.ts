import { describe, expect, it } from 'vitest';
import { Segmenter } from './segmenter.ts';
import type { RecognizerStream, SpeechRecognizer, StreamOptions, Utterance } from './types.ts';
import type { VadEvent } from './vad.ts';

/** A recogniser that "recognises" how many samples it was given. */
function countingRecognizer(opts: { fail?: boolean } = {}): SpeechRecognizer & { started: number } {
  const r = {
    name: 'fake',
    interimResults: true,
    started: 0,
    warmup: () => Promise.resolve(),
    close: () => Promise.resolve(),
    startUtterance(): Utterance {
      r.started++;
      let n = 0;
      return {
        push: (pcm) => void (n += pcm.length),
        partial: () => Promise.resolve(`partial ${n}`),
        finish: () =>
          opts.fail ? Promise.reject(new Error('boom')) : Promise.resolve(`samples ${n}`),
        abort: () => {},
      };
    },
  };
  return r;
}

const pcm = (samples: number) => new Int16Array(samples);
const inference = (samplesIndex: number, samples: number): VadEvent => ({
  type: 'inference',
  samplesIndex,
  probability: 0,
  speaking: false,
  pcm: pcm(samples),
});
const start = (samplesIndex: number, samples: number, speechMs = 0): VadEvent => ({
  type: 'start',
  samplesIndex,
  speechMs,
  pcm: pcm(samples),
});
const end = (samplesIndex: number, silenceMs = 0): VadEvent => ({
  type: 'end',
  samplesIndex,
  silenceMs,
});

describe('Segmenter', () => {
  it('feeds speech from its start to its end and reports times from the stream start', async () => {
    const finals: { startMs: number; endMs: number; text: string }[] = [];
    const rec = countingRecognizer();
    const s = new Segmenter(rec, { onFinal: (f) => finals.push(f) });
    s.handle(inference(16_000, 512)); // before speech: ignored
    s.handle(inference(16_512, 512));
    s.handle(start(16_512, 4_800, 100));
    s.handle(inference(17_024, 512));
    s.handle(end(32_000, 400));
    await s.flush();
    expect(rec.started).toBe(1);
    expect(finals).toEqual([
      expect.objectContaining({ startMs: 932, endMs: 1600, text: `samples ${4_800 + 512}` }),
    ]);
  });

  it('finishes an utterance left open when the stream ends', async () => {
    const finals: string[] = [];
    const s = new Segmenter(countingRecognizer(), { onFinal: (f) => finals.push(f.text) });
    s.handle(start(512, 512, 32));
    s.handle(inference(1024, 512));
    await s.flush();
    expect(finals).toEqual(['samples 1024']);
  });

  it('reports a failed utterance and keeps going', async () => {
    const errors: unknown[] = [];
    const s = new Segmenter(countingRecognizer({ fail: true }), {
      onFinal: () => {},
      onError: (e) => errors.push(e),
    });
    s.handle(start(512, 512));
    s.handle(end(1024));
    await s.flush();
    expect(errors).toHaveLength(1);
    expect(s.speaking).toBe(false);
  });

  it('asks for interim text as audio accumulates', async () => {
    const interims: string[] = [];
    const s = new Segmenter(
      countingRecognizer(),
      { onFinal: () => {}, onInterim: (u) => interims.push(u.text) },
      { interimIntervalMs: 100 },
    );
    s.handle(start(512, 512));
    for (let i = 0; i < 10; i++) {
      s.handle(inference(1024 + i * 512, 512));
      await new Promise((r) => setTimeout(r, 1));
    }
    await s.flush();
    expect(interims.length).toBeGreaterThan(0);
    expect(interims[0]).toMatch(/^partial \d+$/);
  });

  it('opens a diarized connection from the next utterance when asked, after the old one’s finals', async () => {
    const opened: { diarize: boolean; closed: boolean }[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const rec: SpeechRecognizer = {
      ...countingRecognizer(),
      streaming: true,
      diarization: true,
      stream(o: StreamOptions = {}): RecognizerStream {
        const conn = { diarize: o.diarize === true, closed: false };
        opened.push(conn);
        return {
          startUtterance: (): Utterance => ({
            push: () => undefined,
            partial: () => Promise.resolve(null),
            // The first connection's final is late: its close must wait for it.
            finish: () => (conn.diarize ? Promise.resolve('two') : held.then(() => 'one')),
            speakerRuns: () =>
              conn.diarize ? [{ speaker: '0', text: 'two', from: 0, to: 1 }] : null,
            abort: () => undefined,
          }),
          close: () => {
            conn.closed = true;
            return Promise.resolve();
          },
        };
      },
    };
    let roomMic = false;
    const finals: { text: string; runs: unknown }[] = [];
    const s = new Segmenter(rec, { onFinal: (f) => finals.push(f) }, { diarize: () => roomMic });
    s.handle(start(0, 512));
    s.handle(end(16_000));
    roomMic = true;
    s.handle(start(32_000, 512));
    expect(opened.map((c) => c.diarize)).toEqual([false, true]);
    expect(opened[0]?.closed).toBe(false);
    s.handle(end(48_000));
    release();
    await s.flush();
    expect(opened.map((c) => c.closed)).toEqual([true, true]);
    expect(finals).toEqual([
      expect.objectContaining({ text: 'one', runs: null }),
      expect.objectContaining({
        text: 'two',
        runs: [{ speaker: '0', text: 'two', from: 0, to: 1 }],
      }),
    ]);
  });
});
