// Memory passages for the LLM prompt: full text always; with embeddings and a vector store, also
// the past segments closest in meaning (fused by rank), only from the meetings asked about.
import { createMeeting, createUser, insertSegments } from '@parley/db';
import { createTestDatabase, testServerUrl, type TestDatabase } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingNamespace, type Indexing } from '../indexing/index.ts';
import {
  indexMeetingSegments,
  memoryIndexing,
  startFakeEmbeddings,
  type FakeEmbeddingsServer,
} from '../testing/index.ts';
import { retrieveMemoryPassages } from './passages.ts';

// The fake embeddings count "earnings" as "revenue": close in meaning, no word in common.
const SYNONYMS = { earnings: 'revenue' };
const NOW = 'How is revenue trending?';

let t: TestDatabase;
let server: FakeEmbeddingsServer;
let indexing: Indexing;
let past: string;
let other: string;
let namespace: string;

beforeAll(async () => {
  t = await createTestDatabase(testServerUrl());
  server = await startFakeEmbeddings(256, { synonyms: SYNONYMS });
  indexing = memoryIndexing(server);
  const u = await createUser(t.db, { email: 'ivy@example.com', name: 'Ivy', passwordHash: 'x' });
  if (!u) throw new Error('user not created');
  const mk = () => createMeeting(t.db, { title: 'Acme', type: 'general', ownerId: u.id });
  const [a, b] = [await mk(), await mk()];
  past = a.id;
  other = b.id;
  namespace = meetingNamespace({ team_id: null, owner_id: u.id });
  const seg = (meetingId: string, id: string, text: string, startMs: number) => ({
    meeting_id: meetingId,
    segment_id: id,
    speaker_identity: u.id,
    speaker_name: 'Ivy',
    track_id: 'TR',
    text,
    start_ms: startMs,
    end_ms: startMs + 1000,
    spoken_at: new Date(),
  });
  await insertSegments(t.db, [
    seg(past, 's1', 'Our earnings grew quickly last quarter.', 1000),
    seg(past, 's2', 'Revenue was flat in March.', 2000),
    seg(past, 's3', 'Rex, our office dog, sleeps all day.', 3000),
    // Same words and meaning, but a meeting the lookup may not quote.
    seg(other, 's4', 'Our earnings doubled.', 1000),
  ]);
  for (const meetingId of [past, other]) {
    await indexMeetingSegments(indexing, t.db, namespace, meetingId);
  }
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
});

const texts = (ps: { text: string }[]) => ps.map((p) => p.text);

describe('memory passages', () => {
  it('finds a passage close in meaning only when vectors are configured', async () => {
    const q = { meetingIds: [past], namespace, text: NOW };
    const ftsOnly = await retrieveMemoryPassages(t.db, q);
    expect(texts(ftsOnly)).toEqual(['Revenue was flat in March.']);

    const both = await retrieveMemoryPassages(t.db, { ...q, indexing });
    expect(texts(both)).toContain('Our earnings grew quickly last quarter.');
    // The passage found both ways ranks first; the other meeting is never quoted.
    expect(both[0]?.text).toBe('Revenue was flat in March.');
    expect(both.every((p) => p.meetingId === past)).toBe(true);
    expect(both.find((p) => p.segmentId === 's1')).toMatchObject({
      speakerName: 'Ivy',
      startMs: 1000,
    });
    expect(texts(both)).not.toContain('Rex, our office dog, sleeps all day.');
  });

  it('answers by full text when the vector half fails', async () => {
    const errors: unknown[] = [];
    const broken: Indexing = {
      embeddings: indexing.embeddings,
      store: { ...indexing.store, name: 'broken', query: () => Promise.reject(new Error('down')) },
    };
    const hits = await retrieveMemoryPassages(t.db, {
      meetingIds: [past],
      namespace,
      text: NOW,
      indexing: broken,
      onVectorError: (e) => errors.push(e),
    });
    expect(texts(hits)).toEqual(['Revenue was flat in March.']);
    expect(errors).toHaveLength(1);
  });
});
