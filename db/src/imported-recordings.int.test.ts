import { describe, expect, it } from 'vitest';
import {
  createMeeting,
  createUser,
  finishImport,
  insertImport,
  listRecordings,
  markImportedMeetingEnded,
} from './index.ts';
import * as migration from './migrations/2026_12_06_0100_imported_recordings.ts';
import { useTestDatabase } from './use-test-database.ts';

const t = useTestDatabase();

async function importedMeeting(format: 'mp3' | 'flac' = 'mp3') {
  const email = `u${String(Math.random()).slice(2, 10)}@example.com`;
  const owner = await createUser(t.db, { email, name: 'U', passwordHash: 'x' });
  if (!owner) throw new Error('no user');
  const m = await createMeeting(t.db, { title: 'Call', type: 'general', ownerId: owner.id });
  const startedAt = await markImportedMeetingEnded(t.db, m.id);
  await insertImport(t.db, {
    meetingId: m.id,
    objectKey: `meetings/${m.id}/import/original`,
    format,
    sizeBytes: 123_456,
    speakers: null,
    createdBy: owner.id,
  });
  await t.db
    .updateTable('meeting_imports')
    .set({ duration_ms: 61_000 })
    .where('meeting_id', '=', m.id)
    .execute();
  return { id: m.id, startedAt };
}

describe('an imported file as the meeting recording', () => {
  it('is recorded once when the import is done, never when it failed', async () => {
    const done = await importedMeeting();
    await finishImport(t.db, done.id, null);
    await finishImport(t.db, done.id, null); // a retried job
    const rows = await listRecordings(t.db, done.id);
    expect(rows).toEqual([
      expect.objectContaining({
        mode: 'import',
        status: 'completed',
        object_key: `meetings/${done.id}/import/original`,
        content_type: 'audio/mpeg',
        duration_ms: 61_000,
        started_at: done.startedAt,
      }),
    ]);
    // bigint: typed as a string, read as a number (client.ts).
    expect(rows[0]?.size_bytes).toBe(123_456);
    const failed = await importedMeeting();
    await finishImport(t.db, failed.id, 'undecodable');
    expect(await listRecordings(t.db, failed.id)).toEqual([]);
  });

  it('the migration gives imports finished before it their recording', async () => {
    const old = await importedMeeting('flac');
    await migration.down(t.db);
    await t.db
      .updateTable('meeting_imports')
      .set({ status: 'done' })
      .where('meeting_id', '=', old.id)
      .execute();
    const queued = await importedMeeting();
    await migration.up(t.db);
    expect(
      (await listRecordings(t.db, old.id)).map((r) => [r.mode, r.content_type, r.duration_ms]),
    ).toEqual([['import', 'audio/flac', 61_000]]);
    expect(await listRecordings(t.db, queued.id)).toEqual([]);
  });
});
