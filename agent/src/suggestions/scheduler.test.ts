import { describe, expect, it } from 'vitest';
import {
  ManualClock,
  schedulerOptionsFor,
  SuggestionScheduler,
  type SuggestionRunKind,
} from './scheduler.ts';

function setup(options = {}, runMs = 0) {
  const clock = new ManualClock(0);
  const runs: [SuggestionRunKind, number][] = [];
  const errors: unknown[] = [];
  const s = new SuggestionScheduler(
    (kind) => {
      runs.push([kind, clock.now()]);
      return runMs > 0 ? new Promise<void>((r) => clock.setTimeout(r, runMs)) : Promise.resolve();
    },
    {
      debounceMs: 1000,
      maxWaitMs: 3000,
      fullIntervalMs: 10_000,
      quickIntervalMs: 2000,
      ...options,
    },
    clock,
    (e) => errors.push(e),
  );
  return { clock, runs, errors, s };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('SuggestionScheduler', () => {
  it('debounces triggers into one full run', () => {
    const { clock, runs, s } = setup();
    s.trigger();
    clock.advance(500);
    s.trigger();
    clock.advance(999);
    expect(runs).toEqual([]);
    clock.advance(1);
    expect(runs).toEqual([['full', 1500]]);
  });

  it('does not wait longer than maxWaitMs while triggers keep coming', () => {
    const { clock, runs, s } = setup();
    for (let t = 0; t < 5000; t += 500) {
      s.trigger();
      clock.advance(500);
    }
    expect(runs[0]).toEqual(['full', 3000]);
  });

  it('runs at most one full run per interval, quick runs in between, then a full one', async () => {
    const { clock, runs, s } = setup();
    s.trigger();
    clock.advance(1000); // full at 1000
    await flush();
    s.trigger();
    clock.advance(1000); // 2000: a full run refreshed 1 s ago (quick interval 2 s): nothing
    await flush();
    s.trigger();
    clock.advance(1000); // 3000: quick
    await flush();
    s.trigger();
    clock.advance(1000); // 4000: quick too soon
    await flush();
    clock.advance(7000); // 11000: the full run that was waiting
    await flush();
    expect(runs).toEqual([
      ['full', 1000],
      ['quick', 3000],
      ['full', 11_000],
    ]);
    // Nothing new: no more runs.
    clock.advance(30_000);
    expect(runs).toHaveLength(3);
  });

  it('never overlaps runs; a trigger during a run re-runs after it', async () => {
    const { clock, runs, s } = setup({ quickRuns: false, fullIntervalMs: 0 }, 5000);
    s.trigger();
    clock.advance(1000); // full starts, lasts 5 s
    s.trigger();
    clock.advance(1000); // would fire at 2000: waits
    expect(runs).toEqual([['full', 1000]]);
    clock.advance(4000); // run ends at 6000
    await flush();
    expect(runs).toEqual([
      ['full', 1000],
      ['full', 6000],
    ]);
  });

  it('without quick runs, only full runs on the interval', async () => {
    const { clock, runs, s } = setup({ quickRuns: false });
    s.trigger();
    clock.advance(1000);
    await flush();
    for (let i = 0; i < 8; i++) {
      s.trigger();
      clock.advance(1000);
      await flush();
    }
    clock.advance(2000);
    expect(runs).toEqual([
      ['full', 1000],
      ['full', 11_000],
    ]);
  });

  it('reports run errors and keeps going', async () => {
    const clock = new ManualClock();
    const errors: unknown[] = [];
    let n = 0;
    const s = new SuggestionScheduler(
      () => (n++ === 0 ? Promise.reject(new Error('boom')) : Promise.resolve()),
      { debounceMs: 10, fullIntervalMs: 0 },
      clock,
      (e) => errors.push(e),
    );
    s.trigger();
    clock.advance(10);
    await flush();
    s.trigger();
    clock.advance(10);
    await flush();
    expect(errors).toHaveLength(1);
    expect(n).toBe(2);
  });

  it('stops', () => {
    const { clock, runs, s } = setup();
    s.trigger();
    s.stop();
    s.trigger();
    clock.advance(60_000);
    expect(runs).toEqual([]);
    expect(clock.pending).toBe(0);
  });

  it('refreshes template cards after every final, but spaces out LLM runs', async () => {
    // Someone finishes a sentence every 1.2 s for 12 s; runs take no time.
    const speak = async (provider: 'template' | 'llm') => {
      const o = schedulerOptionsFor({ provider, debounceMs: 100, llmIntervalMs: 10_000 });
      const { clock, runs, s } = setup({ ...o, maxWaitMs: 3000 });
      for (let t = 0; t < 12_000; t += 1200) {
        s.trigger();
        clock.advance(1200);
        await flush();
      }
      return runs;
    };
    const template = await speak('template');
    expect(template).toHaveLength(10);
    expect(template.every(([kind, at]) => kind === 'full' && at % 1200 === 100)).toBe(true);
    const llm = await speak('llm');
    const full = llm.filter(([kind]) => kind === 'full').map(([, at]) => at);
    expect(full.length).toBeLessThanOrEqual(2);
    expect((full[1] ?? Infinity) - (full[0] ?? 0)).toBeGreaterThanOrEqual(10_000);
  });
});
