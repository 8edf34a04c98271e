// The one test suite every VectorStore implementation runs.
import { describe, expect, it } from 'vitest';
import type { VectorRecord, VectorStore } from '../types.ts';

const rec = (id: string, meetingId: string, values: number[], startMs = 0): VectorRecord => ({
  id,
  values,
  metadata: { meetingId, startMs },
});

export interface VectorStoreHarness {
  store: VectorStore;
  /** Fresh, unique ids (uuids) and meeting ids valid for this store. */
  ids: { meetings: [string, string]; records: string[] };
}

/** `setup` is called per test; return null to skip with a printed reason (from `setup`). */
export function describeVectorStore(name: string, setup: () => Promise<VectorStoreHarness>): void {
  describe(`VectorStore contract: ${name}`, () => {
    it('upserts, queries nearest first within allowed meetings, replaces on re-upsert', async () => {
      const { store, ids } = await setup();
      const [m1, m2] = ids.meetings;
      const r = ids.records;
      await store.upsert('ns-a', [
        rec(r[0] ?? '', m1, [1, 0, 0, 0], 1000),
        rec(r[1] ?? '', m1, [0.9, 0.1, 0, 0], 2000),
        rec(r[2] ?? '', m2, [1, 0, 0, 0], 3000),
      ]);
      const hits = await store.query('ns-a', { vector: [1, 0, 0, 0], topK: 5, meetingIds: [m1] });
      expect(hits.map((h) => h.id)).toEqual([r[0], r[1]]);
      expect(hits[0]?.meetingId).toBe(m1);
      expect(hits[0]?.startMs).toBe(1000);
      expect(hits[0]?.score ?? 0).toBeGreaterThan(hits[1]?.score ?? 1);
      // Idempotent: the same records again change nothing; a changed vector replaces.
      await store.upsert('ns-a', [rec(r[1] ?? '', m1, [0, 1, 0, 0], 2000)]);
      const again = await store.query('ns-a', { vector: [1, 0, 0, 0], topK: 5, meetingIds: [m1] });
      expect(again.map((h) => h.id)).toEqual([r[0], r[1]]);
      expect(again[1]?.score ?? 1).toBeLessThan(0.5);
    });

    it('never answers outside the allowed meetings or the namespace', async () => {
      const { store, ids } = await setup();
      const [m1, m2] = ids.meetings;
      const r = ids.records;
      await store.upsert('ns-a', [rec(r[0] ?? '', m1, [1, 0, 0, 0])]);
      await store.upsert('ns-b', [rec(r[1] ?? '', m2, [1, 0, 0, 0])]);
      expect(await store.query('ns-a', { vector: [1, 0, 0, 0], topK: 5, meetingIds: [] })).toEqual(
        [],
      );
      expect(
        await store.query('ns-a', { vector: [1, 0, 0, 0], topK: 5, meetingIds: [m2] }),
      ).toEqual([]);
      expect(
        (await store.query('ns-b', { vector: [1, 0, 0, 0], topK: 5, meetingIds: [m1, m2] })).map(
          (h) => h.id,
        ),
      ).toEqual([r[1]]);
    });

    it('deletes every vector of one meeting (and is idempotent)', async () => {
      const { store, ids } = await setup();
      const [m1, m2] = ids.meetings;
      const r = ids.records;
      const many = Array.from({ length: 250 }, (_, i) =>
        rec(r[i] ?? '', i < 200 ? m1 : m2, [1, i, 0, 1]),
      );
      await store.upsert('ns-a', many);
      const q = { vector: [1, 0, 0, 1], topK: 300, meetingIds: [m1, m2] };
      expect(await store.query('ns-a', q)).toHaveLength(250);
      await store.deleteMeeting('ns-a', m1);
      await store.deleteMeeting('ns-a', m1);
      const left = await store.query('ns-a', q);
      expect(left).toHaveLength(50);
      expect(new Set(left.map((h) => h.meetingId))).toEqual(new Set([m2]));
    });

    it('deletes records by id, only in that namespace (a merged transcript line)', async () => {
      const { store, ids } = await setup();
      const [m1] = ids.meetings;
      const r = ids.records.slice(0, 3);
      await store.upsert(
        'ns-a',
        r.map((id) => rec(id, m1, [1, 0, 0, 0])),
      );
      await store.deleteIds('ns-b', [r[0] ?? '']);
      await store.deleteIds('ns-a', [r[0] ?? '', r[2] ?? '']);
      await store.deleteIds('ns-a', []);
      const left = await store.query('ns-a', { vector: [1, 0, 0, 0], topK: 5, meetingIds: [m1] });
      expect(left.map((h) => h.id)).toEqual([r[1]]);
    });

    it('moves one meeting to another namespace, leaving nothing of it behind', async () => {
      const { store, ids } = await setup();
      const [m1, m2] = ids.meetings;
      const r = ids.records;
      const mine = Array.from({ length: 150 }, (_, i) => rec(r[i] ?? '', m1, [1, i, 0, 1], i));
      await store.upsert('team-move', [...mine, rec(r[150] ?? '', m2, [1, 0, 0, 1])]);
      // A record id with no vector (never indexed) is skipped; a repeated move changes nothing.
      const segmentIds = [...mine.map((m) => m.id), r[151] ?? ''];
      await store.moveMeeting('team-move', 'user-move', m1, segmentIds);
      await store.moveMeeting('team-move', 'user-move', m1, segmentIds);
      const q = { vector: [1, 0, 0, 1], topK: 300, meetingIds: [m1, m2] };
      const moved = await store.query('user-move', q);
      expect(moved).toHaveLength(150);
      expect(new Set(moved.map((h) => h.meetingId))).toEqual(new Set([m1]));
      expect(moved.find((h) => h.id === r[7])?.startMs).toBe(7);
      expect((await store.query('team-move', q)).map((h) => h.id)).toEqual([r[150]]);
    });
  });
}
