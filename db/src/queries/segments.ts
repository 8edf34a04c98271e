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
