import type { Db } from '@parley/db';
import type { MomentView } from '../../postmeeting/types.ts';

export type { MomentView };

/** Parses `?t=` (milliseconds, as search links write it); null when absent or malformed. */
export function parseMoment(value: string | null): number | null {
  if (value === null || !/^\d{1,10}$/.test(value)) return null;
  return Number(value);
}

/** Transcript lines around a moment (a minute before, ninety seconds after). */
export async function momentFor(
  db: Db,
  meetingId: string,
  t: number | null,
): Promise<MomentView | null> {
  if (t === null) return null;
  const rows = await db
    .selectFrom('transcript_segments')
    .select(['start_ms', 'end_ms', 'speaker_name', 'text'])
    .where('meeting_id', '=', meetingId)
    .where('start_ms', '>=', Math.max(0, t - 60_000))
    .where('start_ms', '<=', t + 90_000)
    .orderBy('start_ms')
    .limit(40)
    .execute();
  // The current line: the one containing t, else the first starting at or after it.
  let current = rows.findIndex((r) => r.start_ms <= t && t <= r.end_ms);
  if (current < 0) current = rows.findIndex((r) => r.start_ms >= t);
  return {
    t,
    lines: rows.map((r, i) => ({
      startMs: r.start_ms,
      speaker: r.speaker_name,
      text: r.text,
      current: i === current,
    })),
  };
}
