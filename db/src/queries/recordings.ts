import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { RecordingMode } from '@parley/protocol';
import type { Meeting, Recording, RecordingPart } from '../schema.ts';

/** Object key of a recording: under the meeting's prefix, so deleting a meeting removes it. */
export function recordingObjectKey(meetingId: string, recordingId: string, ext = 'ogg'): string {
  return `${meetingObjectPrefix(meetingId)}recordings/${recordingId}.${ext}`;
}

/** The object-store prefix that holds everything of one meeting (recordings, exports). */
export function meetingObjectPrefix(meetingId: string): string {
  return `meetings/${meetingId}/`;
}

/** Starts a recording row (status `recording`). The id is chosen by the caller (object key). */
export async function insertRecording(
  db: Db,
  row: {
    id: string;
    meetingId: string;
    mode: RecordingMode;
    objectKey: string;
    egressId?: string | null;
    uploadId?: string | null;
    contentType?: string;
    startedAt?: Date;
  },
): Promise<Recording> {
  return db
    .insertInto('recordings')
    .values({
      id: row.id,
      meeting_id: row.meetingId,
      mode: row.mode,
      status: 'recording',
      object_key: row.objectKey,
      egress_id: row.egressId ?? null,
      upload_id: row.uploadId ?? null,
      ...(row.contentType ? { content_type: row.contentType } : {}),
      ...(row.startedAt ? { started_at: row.startedAt } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findRecording(db: Db, id: string): Promise<Recording | undefined> {
  return db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A meeting's recordings, oldest first. */
export async function listRecordings(db: Db, meetingId: string): Promise<Recording[]> {
  return db
    .selectFrom('recordings')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('started_at')
    .orderBy('id')
    .execute();
}

/** The meeting's recording in progress, if any (either mode). */
export async function activeRecording(
  db: Db,
  meetingId: string,
  mode?: RecordingMode,
): Promise<Recording | undefined> {
  let q = db
    .selectFrom('recordings')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .where('status', '=', 'recording');
  if (mode) q = q.where('mode', '=', mode);
  return q.orderBy('started_at', 'desc').executeTakeFirst();
}

/** Notes one more stored part (and that the recorder is alive). */
export async function addRecordingPart(db: Db, id: string, part: RecordingPart): Promise<void> {
  await db
    .updateTable('recordings')
    .set({
      parts: sql<string>`parts || ${JSON.stringify([part])}::jsonb`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}

/** Notes the multipart upload id of an agent recording. */
export async function setRecordingUpload(
  db: Db,
  id: string,
  uploadId: string | null,
): Promise<void> {
  await db
    .updateTable('recordings')
    .set({ upload_id: uploadId, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** Marks the recorder alive (orphan sweeps leave recordings touched recently alone). */
export async function touchRecording(db: Db, id: string): Promise<void> {
  await db
    .updateTable('recordings')
    .set({ updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** Ends a recording: completed (object stored) or failed (with a short error code). */
export async function finishRecording(
  db: Db,
  id: string,
  end: {
    status: 'completed' | 'failed';
    durationMs?: number | null;
    sizeBytes?: number | null;
    error?: string | null;
    endedAt?: Date;
    objectKey?: string;
    /** Keep the multipart upload id (a failed upload a later sweep may still complete). */
    keepUpload?: boolean;
  },
): Promise<Recording | undefined> {
  return db
    .updateTable('recordings')
    .set({
      status: end.status,
      ...(end.durationMs !== undefined ? { duration_ms: end.durationMs } : {}),
      ...(end.sizeBytes !== undefined ? { size_bytes: end.sizeBytes } : {}),
      error: end.error ?? null,
      ended_at: end.endedAt ?? sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
      ...(end.objectKey ? { object_key: end.objectKey } : {}),
      ...(end.keepUpload ? {} : { upload_id: null }),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Applies an egress end (any end state) to the recording started for that egress; undefined when
 * no recording has that egress id.
 */
export async function finishEgressRecording(
  db: Db,
  egressId: string,
  end: {
    status: 'completed' | 'failed';
    durationMs: number | null;
    sizeBytes: number | null;
    objectKey: string | null;
    error: string | null;
    endedAt: Date;
  },
): Promise<Recording | undefined> {
  return db
    .updateTable('recordings')
    .set({
      status: end.status,
      duration_ms: end.durationMs,
      size_bytes: end.sizeBytes,
      error: end.error,
      ended_at: end.endedAt,
      updated_at: sql<Date>`now()`,
      ...(end.objectKey ? { object_key: end.objectKey } : {}),
    })
    .where('egress_id', '=', egressId)
    .returningAll()
    .executeTakeFirst();
}

/** Failures an agent recording may still recover from (its spool file holds the audio). */
export const SWEEPABLE_ERRORS = [
  's3_unavailable',
  'corrupted_upload',
  'upload_failed',
  'encoder_failed',
];

/**
 * Agent recordings whose recorder stopped touching them (crashed job) for `staleMs`, or that
 * failed in a way a later upload can repair: the sweep completes them or gives up on them.
 */
export async function orphanedRecordings(
  db: Db,
  opts: { staleMs: number; meetingId?: string; limit?: number },
): Promise<Recording[]> {
  let q = db
    .selectFrom('recordings')
    .selectAll()
    .where('mode', '=', 'agent')
    .where((eb) =>
      eb.or([
        eb.and([
          eb('status', '=', 'recording'),
          eb('updated_at', '<', sql<Date>`now() - make_interval(secs => ${opts.staleMs / 1000})`),
        ]),
        eb.and([eb('status', '=', 'failed'), eb('error', 'in', SWEEPABLE_ERRORS)]),
      ]),
    );
  if (opts.meetingId) q = q.where('meeting_id', '=', opts.meetingId);
  return q
    .orderBy('updated_at')
    .limit(opts.limit ?? 100)
    .execute();
}

/** The host's recording switch. */
export async function setRecordingAllowed(
  db: Db,
  meetingId: string,
  allowed: boolean,
): Promise<void> {
  await db
    .updateTable('meetings')
    .set({ recording_allowed: allowed })
    .where('id', '=', meetingId)
    .execute();
}

export async function isRecordingAllowed(db: Db, meetingId: string): Promise<boolean> {
  const r = await db
    .selectFrom('meetings')
    .select('recording_allowed')
    .where('id', '=', meetingId)
    .executeTakeFirst();
  return r?.recording_allowed ?? false;
}

// ---------------------------------------------------------------- retention

/** A team's retention (days; null = kept). */
export interface RetentionSettings {
  recordingDays: number | null;
  transcriptDays: number | null;
}

export const DEFAULT_RETENTION: RetentionSettings = { recordingDays: 30, transcriptDays: null };

export async function getTeamRetention(db: Db, teamId: string): Promise<RetentionSettings> {
  const r = await db
    .selectFrom('teams')
    .select(['recording_retention_days', 'transcript_retention_days'])
    .where('id', '=', teamId)
    .executeTakeFirst();
  if (!r) return DEFAULT_RETENTION;
  return { recordingDays: r.recording_retention_days, transcriptDays: r.transcript_retention_days };
}

export async function setTeamRetention(
  db: Db,
  teamId: string,
  s: RetentionSettings,
): Promise<void> {
  await db
    .updateTable('teams')
    .set({ recording_retention_days: s.recordingDays, transcript_retention_days: s.transcriptDays })
    .where('id', '=', teamId)
    .execute();
}

/**
 * Finished recordings past their retention: the team's setting, or the default (30 days) for
 * meetings without a team. Recordings still in progress are never returned.
 */
export async function expiredRecordings(
  db: Db,
  opts: { now?: Date; limit?: number } = {},
): Promise<Pick<Recording, 'id' | 'meeting_id' | 'object_key' | 'upload_id'>[]> {
  const now = opts.now ?? new Date();
  return db
    .selectFrom('recordings as r')
    .innerJoin('meetings as m', 'm.id', 'r.meeting_id')
    .leftJoin('teams as t', 't.id', 'm.team_id')
    .select(['r.id', 'r.meeting_id', 'r.object_key', 'r.upload_id'])
    .where('r.status', '!=', 'recording')
    .where(
      sql<boolean>`r.started_at < ${now}::timestamptz - make_interval(days => (case when m.team_id is null then ${DEFAULT_RETENTION.recordingDays} else t.recording_retention_days end))`,
    )
    .orderBy('r.started_at')
    .limit(opts.limit ?? 500)
    .execute();
}

export async function deleteRecordingRows(db: Db, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.deleteFrom('recordings').where('id', 'in', ids).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * Meetings whose transcript is older than their team's transcript retention (meetings without a
 * team keep theirs) and still has segments.
 */
export async function expiredTranscriptMeetings(
  db: Db,
  opts: { now?: Date; limit?: number } = {},
): Promise<Pick<Meeting, 'id' | 'team_id' | 'owner_id'>[]> {
  const now = opts.now ?? new Date();
  return db
    .selectFrom('meetings as m')
    .innerJoin('teams as t', 't.id', 'm.team_id')
    .select(['m.id', 'm.team_id', 'm.owner_id'])
    .where('t.transcript_retention_days', 'is not', null)
    .where(
      sql<boolean>`coalesce(m.ended_at, m.started_at, m.created_at) < ${now}::timestamptz - make_interval(days => t.transcript_retention_days)`,
    )
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('transcript_segments as s')
          .select(sql`1`.as('one'))
          .whereRef('s.meeting_id', '=', 'm.id'),
      ),
    )
    .limit(opts.limit ?? 200)
    .execute();
}

/**
 * Deletes the meetings' transcript segments with the summaries, action items and extracted
 * fields made from them (pgvector rows go with their segments), and the corrections' history
 * and speaker names (they quote the transcript). Returns the segments removed.
 */
export async function deleteTranscripts(db: Db, meetingIds: string[]): Promise<number> {
  if (meetingIds.length === 0) return 0;
  // What the post-meeting steps wrote quotes the transcript: it goes with it.
  const r = await db.transaction().execute(async (tx) => {
    const quoting = [
      'meeting_summaries',
      'action_items',
      'meeting_extractions',
      'transcript_edits',
      'meeting_speakers',
    ] as const;
    for (const table of quoting) {
      await tx.deleteFrom(table).where('meeting_id', 'in', meetingIds).execute();
    }
    return tx
      .deleteFrom('transcript_segments')
      .where('meeting_id', 'in', meetingIds)
      .executeTakeFirst();
  });
  return Number(r.numDeletedRows);
}
