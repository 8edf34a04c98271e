import { describe, expect, it } from 'vitest';
import { lineAt } from './line-at.ts';

describe('lineAt', () => {
  const lines = [{ startMs: 1000 }, { startMs: 5000 }, { startMs: 9000 }];
  it('is the last line to start by the moment', () => {
    expect(lineAt(lines, 5000)).toBe(lines[1]);
    expect(lineAt(lines, 8999)).toBe(lines[1]);
    expect(lineAt(lines, 60_000)).toBe(lines[2]);
  });
  it('is none before the first line or without lines', () => {
    expect(lineAt(lines, 999)).toBeNull();
    expect(lineAt([], 5000)).toBeNull();
  });
});
