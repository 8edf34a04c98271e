import {
  findMeetingById,
  insertSegments,
  listParticipants,
  listSegments,
  type Db,
} from '@parley/db';
import { isGuestIdentity } from '@parley/protocol';
import type { SegmentSpool } from '../../persistence/spool.ts';
import type { Line, Participant, Transcript } from '../types.ts';

const dayOf = (m: { started_at: Date | null; scheduled_at: Date | null; created_at: Date }) =>
  m.started_at ?? m.scheduled_at ?? m.created_at;

/**
 * The `finalise` step: writes finals left in the spool, then reads the transcript and who took
 * part (null when the meeting is gone).
 */
export async function loadTranscript(
  db: Db,
  meetingId: string,
  spool?: SegmentSpool | null,
): Promise<Transcript | null> {
  const meeting = await findMeetingById(db, meetingId);
  if (!meeting) return null;
  if (spool) {
    const pending = await spool.pending(meetingId);
    if (pending.length > 0) {
      await insertSegments(db, pending);
      await spool.remove(
        meetingId,
        pending.map((s) => s.segment_id),
      );
    }
  }
  const segs = await listSegments(db, meetingId);
  const lines: Line[] = segs
    .filter((s) => s.text.trim().length > 0)
    .map((s, i) => ({
      n: i + 1,
      rowId: s.id,
      segmentId: s.segment_id,
      speakerIdentity: s.speaker_identity,
      speakerName: s.speaker_name,
      text: s.text,
      startMs: s.start_ms,
      endMs: s.end_ms,
    }));
  const people = new Map<string, Participant>();
  for (const l of lines)
    people.set(l.speakerIdentity, { identity: l.speakerIdentity, name: l.speakerName });
  for (const p of await listParticipants(db, meetingId)) {
    // People (members and guests), not the agent.
    if (p.user_id || isGuestIdentity(p.identity)) {
      if (!people.has(p.identity)) people.set(p.identity, { identity: p.identity, name: p.name });
    }
  }
  return {
    meeting: {
      id: meeting.id,
      title: meeting.title,
      type: meeting.type,
      teamId: meeting.team_id,
      ownerId: meeting.owner_id,
      date: dayOf(meeting),
    },
    lines,
    participants: [...people.values()],
  };
}
