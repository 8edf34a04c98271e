import { describe, expect, it } from 'vitest';
import { AutoRejoin, type RejoinClock, type RejoinResult, type RejoinView } from './auto-rejoin.ts';

/** Virtual time: timers run only when the test advances the clock. */
function fakeClock() {
  let now = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: RejoinClock = {
    setTimeout: (fn, ms) => {
      timers.set(++seq, { at: now + ms, fn });
      return seq;
    },
    clearTimeout: (h) => void timers.delete(h as number),
    now: () => now,
  };
  const flush = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  /** Moves time forward, running each due timer at its own time (and letting promises settle). */
  const advance = async (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...timers.entries()]
        .filter(([, t]) => t.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].fn();
      await flush();
    }
    now = end;
    await flush();
  };
  return { clock, advance, flush, pending: () => timers.size };
}

/** A plan whose attempts answer from a script (the last answer repeats). */
function plan(answers: RejoinResult[], opts: { online?: () => boolean; delaysMs?: number[] } = {}) {
  const c = fakeClock();
  const views: RejoinView[] = [];
  let attempts = 0;
  const r = new AutoRejoin(
    () => {
      const a = answers[Math.min(attempts, answers.length - 1)] ?? { kind: 'failed' };
      attempts += 1;
      return Promise.resolve(a);
    },
    (v) => views.push(v),
    { clock: c.clock, delaysMs: opts.delaysMs ?? [2000, 5000, 10_000], online: opts.online },
  );
  return { r, c, views, attempts: () => attempts };
}

describe('rejoining after the connection was lost for good', () => {
  it('counts down each second, then rejoins once and goes idle', async () => {
    const { r, c, views, attempts } = plan([{ kind: 'joined' }]);
    r.lost();
    expect(r.view).toEqual({ phase: 'waiting', attempt: 1, secondsLeft: 2 });
    await c.advance(1000);
    expect(r.view).toEqual({ phase: 'waiting', attempt: 1, secondsLeft: 1 });
    expect(attempts()).toBe(0);
    await c.advance(1000);
    expect(attempts()).toBe(1);
    expect(r.view).toEqual({ phase: 'idle' });
    expect(views.map((v) => v.phase)).toEqual(['waiting', 'waiting', 'joining', 'idle']);
    expect(c.pending()).toBe(0);
  });

  it('waits longer after each failure and gives up after the last delay', async () => {
    const { r, c, attempts } = plan([{ kind: 'failed' }]);
    r.lost();
    await c.advance(2000);
    expect(attempts()).toBe(1);
    expect(r.view).toEqual({ phase: 'waiting', attempt: 2, secondsLeft: 5 });
    await c.advance(4999);
    expect(attempts()).toBe(1);
    await c.advance(1);
    expect(attempts()).toBe(2);
    await c.advance(10_000);
    expect(attempts()).toBe(3);
    expect(r.view).toEqual({ phase: 'stopped', reason: 'gave-up' });
    await c.advance(60_000);
    expect(attempts()).toBe(3);
  });

  it('stops at a refusal with its reason and tries no more', async () => {
    const { r, c, attempts } = plan([{ kind: 'refused', message: 'Meeting not found.' }]);
    r.lost();
    await c.advance(2000);
    expect(r.view).toEqual({ phase: 'stopped', reason: 'refused', message: 'Meeting not found.' });
    await c.advance(60_000);
    expect(attempts()).toBe(1);
  });

  it('spends no attempt while offline and rejoins at once when the network is back', async () => {
    let online = false;
    const { r, c, attempts } = plan([{ kind: 'joined' }], { online: () => online });
    r.lost();
    expect(r.view).toEqual({ phase: 'offline', attempt: 1 });
    await c.advance(30_000);
    expect(attempts()).toBe(0);
    online = true;
    r.wentOnline();
    await c.flush();
    expect(attempts()).toBe(1);
    expect(r.view).toEqual({ phase: 'idle' });
  });

  it('goes on by itself when the online event was missed', async () => {
    let online = false;
    const { r, c, attempts } = plan([{ kind: 'joined' }], { online: () => online });
    r.lost();
    await c.advance(5000);
    online = true;
    await c.advance(1000);
    expect(attempts()).toBe(1);
  });

  it('"Rejoin now" skips the wait; "Stay disconnected" stops the countdown', async () => {
    const { r, c, attempts } = plan([{ kind: 'failed' }]);
    r.lost();
    r.now();
    await c.flush();
    expect(attempts()).toBe(1);
    expect(r.view).toEqual({ phase: 'waiting', attempt: 2, secondsLeft: 5 });
    r.cancel();
    expect(r.view).toEqual({ phase: 'stopped', reason: 'cancelled' });
    await c.advance(60_000);
    expect(attempts()).toBe(1);
    // The manual button starts over with a fresh plan.
    r.now();
    await c.flush();
    expect(attempts()).toBe(2);
    expect(r.view).toEqual({ phase: 'waiting', attempt: 2, secondsLeft: 5 });
  });

  it('ignores a lost signal while a plan runs and a late answer after reset', async () => {
    const c = fakeClock();
    let answer: (r: RejoinResult) => void = () => undefined;
    const r = new AutoRejoin(
      () => new Promise<RejoinResult>((res) => (answer = res)),
      () => undefined,
      { clock: c.clock, delaysMs: [1000, 1000] },
    );
    r.lost();
    await c.advance(1000);
    expect(r.view).toEqual({ phase: 'joining', attempt: 1 });
    r.lost();
    expect(r.view).toEqual({ phase: 'joining', attempt: 1 });
    r.reset();
    answer({ kind: 'failed' });
    await c.flush();
    expect(r.view).toEqual({ phase: 'idle' });
    expect(c.pending()).toBe(0);
  });
});
