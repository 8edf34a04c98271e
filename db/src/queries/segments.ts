import type { Db } from '../client.ts';
import type { NewTranscriptSegment, TranscriptSegment } from '../schema.ts';

/**
 * Inserts final segments; ones already stored (same meeting and segment id) are skipped,
 * so a retried batch never duplicates. Returns how many rows were new.
 */
export async function insertSegments(db: Db, segments: NewTranscriptSegment[]): Promise<number> {
  if (segments.length === 0) return 0;
  const rows = await db
    .insertInto('transcript_segments')
    .values(segments)
    .onConflict((oc) => oc.columns(['meeting_id', 'segment_id']).doNothing())
    .returning('id')
    .execute();
  return rows.length;
}

export async function listSegments(db: Db, meetingId: string): Promise<TranscriptSegment[]> {
  return db
    .selectFrom('transcript_segments')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('start_ms')
    .orderBy('segment_id')
    .execute();
}

/** The ids of a meeting's transcript lines (what its vectors are keyed by). */
export async function listSegmentIds(db: Db, meetingId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('transcript_segments')
    .select('id')
    .where('meeting_id', '=', meetingId)
    .execute();
  return rows.map((r) => r.id);
}

/** One page of a meeting's transcript in speaking order (`offset` lines skipped). */
export async function listSegmentsPage(
  db: Db,
  meetingId: string,
  page: { offset: number; limit: number },
): Promise<{ items: TranscriptSegment[]; total: number }> {
  const [items, count] = await Promise.all([
    db
      .selectFrom('transcript_segments')
      .selectAll()
      .where('meeting_id', '=', meetingId)
      .orderBy('start_ms')
      .orderBy('segment_id')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    db
      .selectFrom('transcript_segments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('meeting_id', '=', meetingId)
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}
