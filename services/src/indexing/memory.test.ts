import { describe, expect, it } from 'vitest';
import { MemoryVectorStore } from './memory.ts';
import { reciprocalRankFusion } from './rrf.ts';
import { describeVectorStore } from './testing/suite.ts';

const uuid = () => crypto.randomUUID();

describeVectorStore('memory', () =>
  Promise.resolve({
    store: new MemoryVectorStore(),
    ids: { meetings: [uuid(), uuid()], records: Array.from({ length: 300 }, uuid) },
  }),
);

describe('reciprocal rank fusion', () => {
  it('ranks ids found by both lists first, then by rank', () => {
    const fused = reciprocalRankFusion([{ ids: ['a', 'b', 'c'] }, { ids: ['c', 'd', 'a'] }]);
    expect(fused.map((f) => f.id)).toEqual(['a', 'c', 'b', 'd']);
    expect(fused[0]?.score).toBeCloseTo(1 / 61 + 1 / 63);
  });

  it('weights lists and handles empty input', () => {
    expect(reciprocalRankFusion([])).toEqual([]);
    const fused = reciprocalRankFusion([{ ids: ['a'] }, { ids: ['b'], weight: 2 }]);
    expect(fused.map((f) => f.id)).toEqual(['b', 'a']);
  });
});
