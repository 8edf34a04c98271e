import { describe, expect, it } from 'vitest';
import { batchLookups } from './lookups.ts';

/** A lookup whose calls stay pending until released, recording the keys of each call. */
function controlled() {
  const calls: string[][] = [];
  const pending: (() => void)[] = [];
  let fail = false;
  const lookup = (keys: string[]) => {
    calls.push(keys);
    return new Promise<ReadonlyMap<string, boolean>>((resolve, reject) => {
      pending.push(() =>
        fail
          ? reject(new Error('livekit down'))
          : resolve(new Map(keys.filter((k) => k.startsWith('live')).map((k) => [k, true]))),
      );
    });
  };
  const releaseOne = async () => {
    pending.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  const releaseAll = async () => {
    while (pending.length) await releaseOne();
  };
  return { calls, lookup, releaseOne, releaseAll, setFail: (f: boolean) => (fail = f) };
}

describe('batchLookups', () => {
  it('sends at once while calls are free, then batches what queued meanwhile', async () => {
    const c = controlled();
    const exists = batchLookups(c.lookup, { maxInFlight: 2, missing: false });
    const answers = ['live-a', 'b', 'live-c', 'd', 'live-e', 'd'].map(exists);
    expect(c.calls).toEqual([['live-a'], ['b']]);
    await c.releaseAll();
    expect(await Promise.all(answers)).toEqual([true, false, true, false, true, false]);
    // The four keys queued behind the two busy calls went in one call (the repeated key once).
    expect(c.calls.slice(2)).toEqual([['live-c', 'd', 'live-e']]);
  });

  it('caps a batch and fails only the lookups of a failed call', async () => {
    const c = controlled();
    const exists = batchLookups(c.lookup, { maxInFlight: 1, maxBatch: 2, missing: false });
    const first = exists('live-1');
    const rest = ['x', 'y', 'z'].map((k) => exists(k).catch((e: Error) => e.message));
    await c.releaseOne();
    c.setFail(true);
    await c.releaseOne();
    c.setFail(false);
    await c.releaseAll();
    expect(await first).toBe(true);
    expect(await Promise.all(rest)).toEqual(['livekit down', 'livekit down', false]);
    expect(c.calls).toEqual([['live-1'], ['x', 'y'], ['z']]);
  });
});
