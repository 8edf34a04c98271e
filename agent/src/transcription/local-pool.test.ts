import { describe, expect, it } from 'vitest';
import { pickIdle } from './local.ts';

describe('local decoder pool: which idle decoder a speaker gets', () => {
  const last = new Map<string, string | undefined>([
    ['d1', 'ada'],
    ['d2', undefined],
    ['d3', 'bob'],
    ['d4', ''], // used by someone unnamed
  ]);
  const idle = ['d1', 'd2', 'd3'];
  const pick = (speaker: string | undefined, from = idle) =>
    from[pickIdle(from, (d) => last.get(d), speaker)];

  it('gives a speaker back the decoder that last decoded them', () => {
    expect(pick('bob')).toBe('d3');
    expect(pick('ada')).toBe('d1');
  });

  it('gives a new speaker a decoder used before (adapted to the audio path) over an unused one', () => {
    expect(pick('cy')).toBe('d1');
    expect(pick(undefined, ['d2', 'd3'])).toBe('d3');
    expect(pick('cy', ['d2', 'd4'])).toBe('d4');
  });

  it('else the decoder idle longest', () => {
    expect(pick('cy', ['d3', 'd1'])).toBe('d3');
  });

  it('an unused decoder only when no other is idle', () => {
    expect(pick('cy', ['d2'])).toBe('d2');
  });
});
