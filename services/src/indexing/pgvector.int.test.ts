import { createMeeting, createUser } from '@parley/db';
import { createTestDatabase, testServerUrl, type TestDatabase } from '@parley/db/testing';
import { afterAll, describe, it } from 'vitest';
import { PgVectorStore } from './pgvector.ts';
import { describeVectorStore } from './testing/suite.ts';
import { VectorStoreUnavailableError } from './types.ts';

// Runs the shared VectorStore suite against pgvector when the server has the extension (the
// production compose image does); Debian's PostgreSQL packages lack it, so there the suite is
// skipped with the reason printed.
const t: TestDatabase = await createTestDatabase(testServerUrl());
let reason: string | null = null;
try {
  await new PgVectorStore(t.db, { dimensions: 4 }).ensureReady();
} catch (err) {
  if (!(err instanceof VectorStoreUnavailableError)) throw err;
  reason = err.message;
  console.warn(`pgvector suite skipped: ${reason}`);
}

afterAll(async () => {
  await t.drop();
});

if (reason) {
  describe.skip(`pgvector (skipped: ${reason})`, () => {
    it('needs the vector extension', () => {});
  });
} else {
  describeVectorStore('pgvector', async () => {
    const u = await createUser(t.db, {
      email: `${crypto.randomUUID()}@example.com`,
      name: 'V',
      passwordHash: 'x',
    });
    if (!u) throw new Error('user');
    const m1 = await createMeeting(t.db, { title: 'a', type: 'general', ownerId: u.id });
    const m2 = await createMeeting(t.db, { title: 'b', type: 'general', ownerId: u.id });
    // Vector rows reference their segment: make 300 real ones.
    const rows = await t.db
      .insertInto('transcript_segments')
      .values(
        Array.from({ length: 300 }, (_, i) => ({
          meeting_id: m1.id,
          segment_id: `s${i}`,
          speaker_identity: 'a',
          speaker_name: 'A',
          track_id: 'TR',
          text: `line ${i}`,
          start_ms: i * 1000,
          end_ms: i * 1000 + 900,
          spoken_at: new Date(),
          language: 'en',
        })),
      )
      .returning('id')
      .execute();
    return {
      store: new PgVectorStore(t.db, { dimensions: 4 }),
      ids: { meetings: [m1.id, m2.id], records: rows.map((r) => r.id) },
    };
  });
}
