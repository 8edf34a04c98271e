import { describe, expect, it } from 'vitest';
import { clock } from './time.ts';

describe('clock', () => {
  it('writes mm:ss, and h:mm:ss past an hour', () => {
    expect(clock(0)).toBe('00:00');
    expect(clock(14_999)).toBe('00:14');
    expect(clock(725_000)).toBe('12:05');
    expect(clock(3_600_000 + 61_000)).toBe('1:01:01');
    expect(clock(-5)).toBe('00:00');
  });
});
