// Suggestions built on a subject's memory, from the database: the template engine's follow-ups
// cite the earlier meeting; the LLM engine's prompt (asserted on the request the local chat
// server received) carries the subject's summaries, metrics, open items and the past passages
// relevant to what is being said, and a question the model tags with one of them links back.
import {
  createMeeting,
  createUser,
  insertSegments,
  replaceActionItems,
  replaceExtractions,
  upsertSummary,
  type Db,
} from '@parley/db';
import { createTestDatabase, testServerUrl, type TestDatabase } from '@parley/db/testing';
import {
  VectorStoreUnavailableError,
  meetingNamespace,
  type Indexing,
} from '@parley/services/indexing';
import {
  indexMeetingSegments,
  memoryIndexing,
  startFakeChatServer,
  startFakeEmbeddings,
  type FakeChatServer,
} from '@parley/services/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlmSuggestionEngine, SuggestionSession } from '../suggestions/index.ts';
import { SubjectMemorySource } from './memory-context.ts';

let t: TestDatabase;
let chat: FakeChatServer;
beforeAll(async () => {
  t = await createTestDatabase(testServerUrl());
  chat = await startFakeChatServer();
});
afterAll(async () => {
  await chat?.close();
  await t?.drop();
});

/** Meeting 1 about Acme (ended, with its post-meeting results) and meeting 2 starting now. */
async function pair(db: Db, email = 'vc@example.com') {
  const u = await createUser(db, { email, name: 'Vera', passwordHash: 'x' });
  if (!u) throw new Error('user');
  const first = await createMeeting(db, {
    title: 'Acme intro',
    type: 'investment_screening',
    ownerId: u.id,
    subject: 'Acme',
  });
  const at = new Date('2026-11-03T10:00:00Z');
  await db
    .updateTable('meetings')
    .set({ status: 'ended', started_at: at, ended_at: at })
    .where('id', '=', first.id)
    .execute();
  await insertSegments(
    db,
    [
      'Our monthly recurring revenue is fifty thousand dollars.',
      'We burn about eighty thousand a month.',
      'We will hire a head of sales by March.',
      'Pricing is per seat and enterprise pilots convert well.',
    ].map((text, i) => ({
      meeting_id: first.id,
      segment_id: `m1-${i}`,
      speaker_identity: 'finn',
      speaker_name: 'Finn',
      track_id: 'TR',
      text,
      start_ms: i * 10_000,
      end_ms: i * 10_000 + 5000,
      spoken_at: new Date(at.getTime() + i * 10_000),
    })),
  );
  await upsertSummary(db, {
    meetingId: first.id,
    run: 1,
    source: 'extractive',
    overview: 'Acme shared MRR of $50k and a plan to hire a head of sales.',
    keyPoints: [],
    decisions: [],
    openQuestions: [],
  });
  await replaceExtractions(db, first.id, 1, [
    {
      fieldId: 'mrr',
      label: 'MRR',
      type: 'money',
      value: '$50k',
      unit: 'per month',
      segmentId: 'm1-0',
      startMs: 0,
      source: 'rules',
    },
  ]);
  await replaceActionItems(db, first.id, 1, [
    {
      text: 'Hire a head of sales by March',
      ownerIdentity: 'finn',
      ownerName: 'Finn',
      dueDate: null,
      dueText: 'by March',
      segmentId: 'm1-2',
      startMs: 20_000,
      source: 'rules',
    },
  ]);
  const second = await createMeeting(db, {
    title: 'Acme follow-up',
    type: 'investment_screening',
    ownerId: u.id,
    subject: 'Acme',
  });
  if (!second.subject_id || second.subject_id !== first.subject_id) throw new Error('subject');
  return { first, second, subjectId: second.subject_id };
}

describe('suggestions from a subject memory', () => {
  it('template follow-ups cite meeting 1; the LLM prompt carries memory and relevant passages', async () => {
    const { first, second, subjectId } = await pair(t.db);
    const memory = new SubjectMemorySource(t.db, subjectId, second.id);
    const past = await memory.load();
    expect(past?.summaries.map((s) => s.text)).toEqual([
      'Acme shared MRR of $50k and a plan to hire a head of sales.',
    ]);

    const sent: unknown[] = [];
    const llm = new LlmSuggestionEngine({
      baseURL: chat.baseURL,
      apiKey: 'test-key',
      model: 'fake-model',
      timeoutMs: 5000,
    });
    const runs: { memoryMs?: number }[] = [];
    const session = new SuggestionSession({
      meetingType: 'investment_screening',
      subject: 'Acme',
      engine: llm,
      ...(past ? { past } : {}),
      retrievePassages: (text) => memory.passages(text),
      publish: (m) => void sent.push(m),
      onRun: (r) => runs.push(r),
    });
    try {
      // Before anyone speaks: the template engine's follow-ups, each citing meeting 1.
      const quick = await session.run('quick');
      const cited = quick.filter((s) => s.cites?.meetingId === first.id);
      expect(cited.map((s) => s.text)).toEqual([
        expect.stringMatching(/^Last time MRR was \$50k \(3 Nov\)/),
        expect.stringMatching(/hire a head of sales by March — did it happen\?$/),
      ]);
      expect(cited[0]?.cites?.startMs).toBe(0);
      expect(cited[1]?.cites?.startMs).toBe(20_000);

      // The LLM run: the model tags its question with the metric's line.
      session.addSegment({
        id: 'm2-0',
        speaker: 'vera',
        text: 'How is pricing going with the enterprise pilots?',
        startMs: 1000,
        endMs: 4000,
      });
      chat.requests = [];
      chat.payload = {
        questions: [
          {
            text: 'Did pilots convert at the same seat price as last time?',
            priority: 'important',
            reason: '[P4] pilots and pricing came up on 3 Nov',
            category: 'strategy',
          },
        ],
      };
      const full = await session.run('full');
      const user = chat.requests[0]?.messages.find((m) => m.role === 'user')?.content ?? '';
      expect(user).toContain('[P1] Summary of the meeting on 3 Nov: Acme shared MRR of $50k');
      expect(user).toContain('[P2] Metric MRR: $50k on 3 Nov');
      expect(user).toContain('[P3] Open action item from 3 Nov: Hire a head of sales by March');
      expect(user).toContain(
        '[P4] Said on 3 Nov: Finn: Pricing is per seat and enterprise pilots convert well.',
      );
      expect(user).not.toContain('We burn about eighty thousand');
      expect(full[0]).toMatchObject({
        reason: 'pilots and pricing came up on 3 Nov',
        cites: { meetingId: first.id, startMs: 30_000, date: '3 Nov' },
      });
      expect(runs.at(-1)?.memoryMs).toBeGreaterThanOrEqual(0);
    } finally {
      session.close();
    }
  });

  it('finds past passages by meaning when vectors are configured', async () => {
    const { first, second, subjectId } = await pair(t.db, 'vectors@example.com');
    // The fake embeddings count "runway" as "burn": close in meaning, no word in common.
    const server = await startFakeEmbeddings(256, { synonyms: { runway: 'burn' } });
    try {
      const indexing = memoryIndexing(server);
      const namespace = meetingNamespace(first);
      await indexMeetingSegments(indexing, t.db, namespace, first.id);
      const ask = 'What does the runway look like?';
      const words = new SubjectMemorySource(t.db, subjectId, second.id);
      await words.load();
      expect(await words.passages(ask)).toEqual([]);
      const meaning = new SubjectMemorySource(t.db, subjectId, second.id, { indexing, namespace });
      await meaning.load();
      expect((await meaning.passages(ask)).map((p) => p.text)).toContain(
        'Finn: We burn about eighty thousand a month.',
      );

      // A store that cannot work here is asked once; full text answers on.
      let queries = 0;
      const errors: unknown[] = [];
      const broken: Indexing = {
        embeddings: indexing.embeddings,
        store: {
          name: 'broken',
          upsert: () => Promise.resolve(),
          deleteMeeting: () => Promise.resolve(),
          deleteIds: () => Promise.resolve(),
          moveMeeting: () => Promise.resolve(),
          close: () => Promise.resolve(),
          query: () => {
            queries += 1;
            return Promise.reject(new VectorStoreUnavailableError('no pgvector'));
          },
        },
      };
      const fallback = new SubjectMemorySource(t.db, subjectId, second.id, {
        indexing: broken,
        namespace,
        onError: (e) => errors.push(e),
      });
      await fallback.load();
      for (let i = 0; i < 2; i++) {
        expect((await fallback.passages('How is pricing?')).map((p) => p.text)).toEqual([
          'Finn: Pricing is per seat and enterprise pilots convert well.',
        ]);
      }
      expect(queries).toBe(1);
      expect(errors).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
