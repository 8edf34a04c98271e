import { describe, expect, it } from 'vitest';
import { StreamClock } from './clock.ts';

describe('StreamClock', () => {
  it('maps stream time to the wall clock and re-anchors after a gap', () => {
    const c = new StreamClock(100);
    c.onAudio(10, 1_010); // audio 0–10 ms arrived at 1010: starts at wall 1000
    c.onAudio(10, 1_020);
    expect(c.wallAt(0)).toBe(1_000);
    expect(c.wallAt(15)).toBe(1_015);
    c.onAudio(10, 6_010); // muted for ~5 s, then audio again
    expect(c.wallAt(20)).toBe(6_000);
    expect(c.wallAt(25)).toBe(6_005);
    expect(c.wallAt(5)).toBe(1_005);
  });
});
