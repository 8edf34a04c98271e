import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PineconeVectorStore } from './pinecone.ts';
import { startFakePinecone, type FakePinecone } from './testing/fake-pinecone.ts';
import { describeVectorStore } from './testing/suite.ts';

let fake: FakePinecone;
beforeAll(async () => {
  fake = await startFakePinecone();
});
afterAll(async () => {
  await fake?.close();
});

const uuid = () => crypto.randomUUID();
const store = () => new PineconeVectorStore({ apiKey: fake.apiKey, indexHost: fake.host });

describeVectorStore('pinecone (official SDK against a local data-plane server)', () =>
  Promise.resolve({
    store: store(),
    ids: { meetings: [uuid(), uuid()], records: Array.from({ length: 300 }, uuid) },
  }),
);

describe('pinecone adapter on the wire', () => {
  it('batches upserts (≤ 100 records per request), filters queries and deletes by meeting id', async () => {
    fake.requests.length = 0;
    const s = store();
    const m = uuid();
    const records = Array.from({ length: 250 }, (_, i) => ({
      id: uuid(),
      values: [1, i, 0],
      metadata: { meetingId: m, startMs: i * 1000 },
    }));
    await s.upsert('team-x', records);
    const upserts = fake.requests.filter((r) => r.path === '/vectors/upsert');
    expect(upserts.map((r) => (r.body.vectors as unknown[]).length)).toEqual([100, 100, 50]);
    expect(upserts.every((r) => r.body.namespace === 'team-x' && r.apiKey === fake.apiKey)).toBe(
      true,
    );
    await s.query('team-x', { vector: [1, 0, 0], topK: 3, meetingIds: [m] });
    const q = fake.requests.find((r) => r.path === '/query');
    expect(q?.body.filter).toEqual({ meetingId: { $in: [m] } });
    expect(q?.body.namespace).toBe('team-x');
    await s.deleteMeeting('team-x', m);
    const d = fake.requests.find((r) => r.path === '/vectors/delete');
    expect(d?.body).toMatchObject({ namespace: 'team-x', filter: { meetingId: { $eq: m } } });
    expect(fake.namespaces.get('team-x')?.size).toBe(0);
  });

  it('a bad key or a server error is an error, never an empty answer', async () => {
    const bad = new PineconeVectorStore({ apiKey: 'wrong', indexHost: fake.host });
    await expect(
      bad.query('team-x', { vector: [1, 0, 0], topK: 3, meetingIds: [uuid()] }),
    ).rejects.toThrow();
    fake.failNext = 10;
    await expect(
      store().query('team-x', { vector: [1, 0, 0], topK: 3, meetingIds: [uuid()] }),
    ).rejects.toThrow();
    fake.failNext = 0;
  });
});
