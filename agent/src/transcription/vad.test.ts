import { describe, expect, it } from 'vitest';
import { SILERO_ROW, SILERO_STATE, SILERO_WINDOW, type VadModel } from './silero.ts';
import { createVad, type VadEvent } from './vad.ts';

/**
 * A model whose "speech probability" is the window's first sample / 1000, and which records
 * every call: enough to drive the speech state machine and see the batches.
 */
function scriptedModel(opts: { failOnCall?: number } = {}) {
  const calls: number[] = [];
  const model: VadModel & { calls: number[] } = {
    calls,
    infer(rows, input, state) {
      calls.push(rows);
      if (opts.failOnCall === calls.length) return Promise.reject(new Error('model failed'));
      const out = new Float32Array(rows);
      for (let r = 0; r < rows; r++) {
        out[r] = Math.round((input[r * SILERO_ROW + 64] ?? 0) * 32768) / 1000;
        // The state counts windows per row, so rows that get mixed up show.
        state[r * SILERO_STATE] = (state[r * SILERO_STATE] ?? 0) + 1;
      }
      return Promise.resolve(out);
    },
    close: () => Promise.resolve(),
  };
  return model;
}

/** `n` windows whose probability is `p` (the scripted model reads it from the first sample). */
function windows(n: number, p: number): Int16Array {
  const pcm = new Int16Array(n * SILERO_WINDOW);
  for (let i = 0; i < n; i++) pcm[i * SILERO_WINDOW] = Math.round(p * 1000);
  return pcm;
}

function collect(): { events: VadEvent[]; on: (ev: VadEvent) => void; kinds: () => string[] } {
  const events: VadEvent[] = [];
  return {
    events,
    on: (ev) => events.push(ev),
    kinds: () => events.filter((e) => e.type !== 'inference').map((e) => e.type),
  };
}

describe('VAD speech state', () => {
  const opts = {
    minSpeechMs: 96,
    minSilenceMs: 300,
    pauseMs: 128,
    prefixPaddingMs: 64,
    batchWaitMs: 0,
  };

  it('starts after minSpeechMs of speech with the padding before it, ends after minSilenceMs', async () => {
    const vad = createVad(scriptedModel(), opts);
    const c = collect();
    const s = vad.stream(c.on);
    await s.push(windows(5, 0)); // silence
    await s.push(windows(2, 0.9)); // 64 ms: not yet speech
    expect(c.kinds()).toEqual([]);
    await s.push(windows(1, 0.9)); // 96 ms
    expect(c.kinds()).toEqual(['start']);
    const start = c.events.find((e) => e.type === 'start');
    expect(start).toMatchObject({ samplesIndex: 8 * SILERO_WINDOW, speechMs: 96 });
    // 64 ms of padding (2 windows) and the 3 windows of speech, no more.
    expect(start?.type === 'start' && start.pcm.length).toBe(5 * SILERO_WINDOW);
    await s.push(windows(3, 0)); // 96 ms of silence
    expect(c.kinds()).toEqual(['start']);
    await s.push(windows(1, 0)); // 128 ms: a pause, reported once
    expect(c.kinds()).toEqual(['start', 'pause']);
    expect(c.events.at(-1)).toMatchObject({ type: 'pause', silenceMs: 128 });
    await s.push(windows(5, 0)); // 288 ms of silence: still speaking
    expect(c.kinds()).toEqual(['start', 'pause']);
    await s.push(windows(1, 0)); // 320 ms > 300
    expect(c.kinds()).toEqual(['start', 'pause', 'end']);
    expect(c.events.at(-1)).toMatchObject({ type: 'end', silenceMs: 320 });
    expect(c.events.filter((e) => e.type === 'inference')).toHaveLength(18);
  });

  it('smooths the probability, so one loud window does not start speech', async () => {
    const vad = createVad(scriptedModel(), { ...opts, minSpeechMs: 32 });
    const c = collect();
    const s = vad.stream(c.on);
    await s.push(windows(3, 0));
    await s.push(windows(1, 0.6)); // smoothed: 0.35 × 0 + 0.65 × 0.6 = 0.39
    expect(c.kinds()).toEqual([]);
    await s.push(windows(1, 0.9)); // 0.35 × 0.39 + 0.65 × 0.9 ≈ 0.72
    expect(c.kinds()).toEqual(['start']);
  });

  it('keeps audio that is not a whole window until the rest arrives', async () => {
    const vad = createVad(scriptedModel(), opts);
    const c = collect();
    const s = vad.stream(c.on);
    await s.push(new Int16Array(300));
    expect(c.events).toHaveLength(0);
    await s.push(new Int16Array(300));
    expect(c.events).toHaveLength(1);
    expect(s.samplesIndex).toBe(SILERO_WINDOW);
  });

  it('forgets speech on reset, so speech after it starts afresh', async () => {
    const vad = createVad(scriptedModel(), opts);
    const c = collect();
    const s = vad.stream(c.on);
    await s.push(windows(4, 0.9));
    s.reset();
    await s.push(windows(3, 0.9));
    expect(c.kinds()).toEqual(['start', 'start']);
  });

  it('rejects the push whose window the model failed on, and goes on', async () => {
    const model = scriptedModel({ failOnCall: 2 });
    const vad = createVad(model, opts);
    const c = collect();
    const s = vad.stream(c.on);
    await s.push(windows(1, 0));
    await expect(s.push(windows(1, 0))).rejects.toThrow('model failed');
    await s.push(windows(1, 0));
    expect(c.events).toHaveLength(2);
  });
});

/** A scripted model, a VAD over it and two people's streams. */
function twoStreams(batchWaitMs: number) {
  const model = scriptedModel();
  const vad = createVad(model, { batchWaitMs });
  return { model, vad, a: vad.stream(() => {}), b: vad.stream(() => {}) };
}

describe('VAD batching', () => {
  it('runs the windows of people talking at the same time in one call', async () => {
    const model = scriptedModel();
    const vad = createVad(model, { batchWaitMs: 50 });
    const seen = [collect(), collect(), collect()];
    const streams = seen.map((c) => vad.stream(c.on));
    for (let round = 0; round < 5; round++) {
      await Promise.all(streams.map((s) => s.push(windows(1, 0.1))));
    }
    expect(model.calls).toEqual([3, 3, 3, 3, 3]);
    expect(vad.stats).toEqual({ windows: 15, batches: 5 });
    for (const c of seen) expect(c.events).toHaveLength(5);
  });

  it('does not wait for someone who has gone quiet', async () => {
    const { model, a } = twoStreams(10_000); // b never sends audio
    const t0 = performance.now();
    await a.push(windows(2, 0.1));
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(model.calls).toEqual([1, 1]);
  });

  it('waits for the window of someone talking when it is due, and no longer', async () => {
    const { model, a, b } = twoStreams(60);
    await b.push(windows(1, 0.1)); // b is talking: its next window is due 32 ms from now
    const t0 = performance.now();
    await a.push(windows(1, 0.1)); // it never comes
    const waited = performance.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(25);
    expect(waited).toBeLessThan(60 + 500);
    expect(model.calls).toEqual([1, 1]);
  });

  it('takes the window it waited for into the same call', async () => {
    const { model, a, b } = twoStreams(60);
    await b.push(windows(1, 0.1));
    const pa = a.push(windows(1, 0.1));
    await new Promise((r) => setTimeout(r, 15));
    await Promise.all([pa, b.push(windows(1, 0.1))]);
    expect(model.calls).toEqual([1, 2]);
  });

  it('keeps each person in their own row of the state', async () => {
    const { model, a, b } = twoStreams(50);
    const states: number[][] = [];
    const inner = model.infer.bind(model);
    model.infer = async (rows, input, state) => {
      states.push(Array.from({ length: rows }, (_, r) => state[r * SILERO_STATE] ?? -1));
      return inner(rows, input, state);
    };
    await a.push(windows(2, 0.1)); // a alone: two calls of one row
    await Promise.all([a.push(windows(1, 0.1)), b.push(windows(1, 0.1))]);
    // a's state has counted 2 windows, b's none, whichever row each got.
    expect(states.map((r) => r.length)).toEqual([1, 1, 2]);
    expect(states.at(-1)?.sort()).toEqual([0, 2]);
  });

  it('drops what a closed stream had queued and resolves its pushes', async () => {
    const { model, a, b } = twoStreams(10_000);
    await b.push(windows(1, 0.1));
    const pending = a.push(windows(1, 0.1)); // waits for b's next window
    a.close();
    await pending;
    expect(model.calls).toEqual([1]);
  });
});
