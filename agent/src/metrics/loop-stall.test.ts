import { afterEach, describe, expect, it, vi } from 'vitest';
import { LoopStallWatch } from './loop-stall.ts';

describe('event-loop stall watch', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts a delay of the stall threshold or more, window by window', () => {
    vi.useFakeTimers({ now: 0 });
    const w = new LoopStallWatch({ stallMs: 250, tickMs: 100, now: () => Date.now() });
    vi.advanceTimersByTime(1_000);
    expect(w.take()).toEqual({ maxMs: 0, stalls: 0, total: 0 });
    // The loop blocked for 400 ms: the clock moved on, no timer ran.
    vi.setSystemTime(Date.now() + 400);
    vi.advanceTimersByTime(100);
    // 240 ms late: a delay, not a stall.
    vi.setSystemTime(Date.now() + 240);
    vi.advanceTimersByTime(100);
    expect(w.take()).toEqual({ maxMs: 400, stalls: 1, total: 1 });
    vi.advanceTimersByTime(500);
    expect(w.take()).toEqual({ maxMs: 0, stalls: 0, total: 1 });
    w.close();
  });

  it('sees a real block of the main thread', async () => {
    const w = new LoopStallWatch({ stallMs: 250, tickMs: 100 });
    const until = performance.now() + 450;
    while (performance.now() < until) {
      // blocking, as a long synchronous call would
    }
    await new Promise((r) => setTimeout(r, 150));
    const t = w.take();
    w.close();
    // A block of B ms is seen as a delay between B − tick and B (more if the machine is busy).
    expect(t.maxMs).toBeGreaterThanOrEqual(350);
    expect(t.stalls).toBeGreaterThanOrEqual(1);
  });
});
