import { VADEventType, type VADEvent } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import { describe, expect, it } from 'vitest';
import { Segmenter } from './segmenter.ts';
import type { SpeechRecognizer, Utterance } from './types.ts';

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

function ev(
  type: VADEventType,
  samplesIndex: number,
  samples: number,
  extra: Partial<VADEvent> = {},
): VADEvent {
  return {
    type,
    samplesIndex,
    timestamp: 0,
    speechDuration: 0,
    silenceDuration: 0,
    frames: [new AudioFrame(new Int16Array(samples), 16000, 1, samples)],
    probability: 0,
    inferenceDuration: 0,
    speaking: false,
    rawAccumulatedSilence: 0,
    rawAccumulatedSpeech: 0,
    ...extra,
  };
}

describe('Segmenter', () => {
  it('feeds speech from its start to its end and reports times from the stream start', async () => {
    const finals: { startMs: number; endMs: number; text: string }[] = [];
    const rec = countingRecognizer();
    const s = new Segmenter(rec, { onFinal: (f) => finals.push(f) });
    s.handle(ev(VADEventType.INFERENCE_DONE, 16_000, 512)); // before speech: ignored
    s.handle(ev(VADEventType.INFERENCE_DONE, 16_512, 512));
    s.handle(ev(VADEventType.START_OF_SPEECH, 16_512, 4_800, { speechDuration: 100 }));
    s.handle(ev(VADEventType.INFERENCE_DONE, 17_024, 512));
    s.handle(ev(VADEventType.END_OF_SPEECH, 32_000, 0, { silenceDuration: 400 }));
    await s.flush();
    expect(rec.started).toBe(1);
    expect(finals).toEqual([
      expect.objectContaining({ startMs: 932, endMs: 1600, text: `samples ${4_800 + 512}` }),
    ]);
  });

  it('finishes an utterance left open when the stream ends', async () => {
    const finals: string[] = [];
    const s = new Segmenter(countingRecognizer(), { onFinal: (f) => finals.push(f.text) });
    s.handle(ev(VADEventType.START_OF_SPEECH, 512, 512, { speechDuration: 32 }));
    s.handle(ev(VADEventType.INFERENCE_DONE, 1024, 512));
    await s.flush();
    expect(finals).toEqual(['samples 1024']);
  });

  it('reports a failed utterance and keeps going', async () => {
    const errors: unknown[] = [];
    const s = new Segmenter(countingRecognizer({ fail: true }), {
      onFinal: () => {},
      onError: (e) => errors.push(e),
    });
    s.handle(ev(VADEventType.START_OF_SPEECH, 512, 512));
    s.handle(ev(VADEventType.END_OF_SPEECH, 1024, 0));
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
    s.handle(ev(VADEventType.START_OF_SPEECH, 512, 512));
    for (let i = 0; i < 10; i++) {
      s.handle(ev(VADEventType.INFERENCE_DONE, 1024 + i * 512, 512));
      await new Promise((r) => setTimeout(r, 1));
    }
    await s.flush();
    expect(interims.length).toBeGreaterThan(0);
    expect(interims[0]).toMatch(/^partial \d+$/);
  });
});
