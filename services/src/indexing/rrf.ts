/** One ranked list of ids (best first) and its weight. */
export interface RankedList {
  ids: string[];
  weight?: number;
}

/**
 * Reciprocal rank fusion: score(id) = Σ weight / (k + rank), rank from 1. Ids in several lists
 * rise; ties keep the order of first appearance. `k` = 60 as in Cormack et al.
 */
export function reciprocalRankFusion(lists: RankedList[], k = 60): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  for (const list of lists) {
    const w = list.weight ?? 1;
    list.ids.forEach((id, i) => {
      scores.set(id, (scores.get(id) ?? 0) + w / (k + i + 1));
    });
  }
  return [...scores.entries()]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score);
}
