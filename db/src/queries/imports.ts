import { sql } from 'kysely';
import { importContentType, type ImportError, type ImportFormat } from '@parley/protocol';
import type { Db } from '../client.ts';
import type { MeetingImport } from '../schema.ts';

export interface NewImport {
  meetingId: string;
  objectKey: string;
  format: ImportFormat;
  sizeBytes: number;
  speakers: string[] | null;
  createdBy: string | null;
}

/** Records a meeting's import (queued). One per meeting: false when it already has one. */
export async function insertImport(db: Db, i: NewImport): Promise<boolean> {
  const r = await db
    .insertInto('meeting_imports')
    .values({
      meeting_id: i.meetingId,
      object_key: i.objectKey,
      format: i.format,
      size_bytes: i.sizeBytes,
      speakers: i.speakers ? JSON.stringify(i.speakers) : null,
      created_by: i.createdBy,
    })
    .onConflict((oc) => oc.column('meeting_id').doNothing())
    .returning('meeting_id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function findImport(db: Db, meetingId: string): Promise<MeetingImport | undefined> {
  return db
    .selectFrom('meeting_imports')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
}

/** The job took the import (again): running, progress from zero, one more attempt. */
export async function markImportRunning(db: Db, meetingId: string): Promise<void> {
  await db
    .updateTable('meeting_imports')
    .set((eb) => ({
      status: 'running',
      processed_ms: 0,
      eta_seconds: null,
      error: null,
      attempts: eb('attempts', '+', 1),
      started_at: sql<Date>`coalesce(started_at, now())`,
    }))
    .where('meeting_id', '=', meetingId)
    .execute();
}

export async function updateImportProgress(
  db: Db,
  meetingId: string,
  p: { durationMs?: number; processedMs: number; etaSeconds: number | null },
): Promise<void> {
  await db
    .updateTable('meeting_imports')
    .set({
      ...(p.durationMs === undefined ? {} : { duration_ms: p.durationMs }),
      processed_ms: p.processedMs,
      eta_seconds: p.etaSeconds,
    })
    .where('meeting_id', '=', meetingId)
    .execute();
}

/**
 * Ends a meeting's import, done or failed. A done one's file becomes the meeting's recording
 * (once: a retried job finds it there).
 */
export async function finishImport(
  db: Db,
  meetingId: string,
  error: ImportError | null,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const done = await endImport(tx, meetingId, error);
    if (done && !error) await recordImportedFile(tx, done);
  });
}

async function endImport(db: Db, meetingId: string, error: ImportError | null) {
  return db
    .updateTable('meeting_imports')
    .set((eb) => ({
      status: error ? 'failed' : 'done',
      error,
      eta_seconds: error ? null : 0,
      processed_ms: error
        ? eb.ref('processed_ms')
        : sql<number>`coalesce(duration_ms, processed_ms)`,
      finished_at: sql<Date>`now()`,
    }))
    .where('meeting_id', '=', meetingId)
    .returning(['meeting_id', 'object_key', 'format', 'duration_ms', 'size_bytes'])
    .executeTakeFirst();
}

/** The imported file as the meeting's recording, on the meeting's timeline from its start. */
async function recordImportedFile(
  db: Db,
  i: Pick<MeetingImport, 'meeting_id' | 'object_key' | 'format' | 'duration_ms' | 'size_bytes'>,
): Promise<void> {
  // The parameters are typed: in a select list Postgres would read them as text.
  const insert = sql`insert into recordings
      (meeting_id, mode, status, object_key, content_type, duration_ms, size_bytes,
       started_at, ended_at)
    select m.id, 'import', 'completed', ${i.object_key}::text,
      ${importContentType(i.format)}::text, ${i.duration_ms}::integer,
      ${i.size_bytes}::bigint, coalesce(m.started_at, m.created_at), m.ended_at
    from meetings m
    where m.id = ${i.meeting_id}
      and not exists (select 1 from recordings r where r.meeting_id = m.id and r.mode = 'import')`;
  await insert.execute(db);
}

/** An imported meeting ends when its audio does (never earlier than it already says). */
export async function extendImportedMeetingEnd(
  db: Db,
  meetingId: string,
  endedAt: Date,
): Promise<void> {
  await db
    .updateTable('meetings')
    .set({ ended_at: endedAt })
    .where('id', '=', meetingId)
    .where('ended_at', '<', endedAt)
    .execute();
}

/** A meeting made for an uploaded file: ended from the start (its transcript comes later). */
export async function markImportedMeetingEnded(db: Db, meetingId: string): Promise<Date> {
  const now = new Date();
  await db
    .updateTable('meetings')
    .set({ status: 'ended', started_at: now, ended_at: now })
    .where('id', '=', meetingId)
    .execute();
  return now;
}

/** Whether the meeting has any transcript line (an import may not be added then). */
export async function meetingHasTranscript(db: Db, meetingId: string): Promise<boolean> {
  const line = await db
    .selectFrom('transcript_segments')
    .select('id')
    .where('meeting_id', '=', meetingId)
    .limit(1)
    .executeTakeFirst();
  return line !== undefined;
}

/**
 * Imports still waiting for a job that were recorded before `before` (their job was never queued
 * because Redis failed at upload, or the queue lost it): the oldest first.
 */
export async function listQueuedImports(db: Db, before: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('meeting_imports')
    .select('meeting_id')
    .where('status', '=', 'queued')
    .where('created_at', '<', before)
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.meeting_id);
}
