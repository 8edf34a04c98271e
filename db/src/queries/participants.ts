import type { Db } from '../client.ts';
import type { MeetingParticipant } from '../schema.ts';

/** Records a join; a repeated event for the same participant sid changes nothing. */
export async function recordParticipantJoined(
  db: Db,
  input: {
    meetingId: string;
    identity: string;
    participantSid: string;
    name: string;
    userId: string | null;
    joinedAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('meeting_participants')
    .values({
      meeting_id: input.meetingId,
      identity: input.identity,
      participant_sid: input.participantSid,
      name: input.name,
      user_id: input.userId,
      joined_at: input.joinedAt,
    })
    .onConflict((oc) => oc.columns(['meeting_id', 'participant_sid']).doNothing())
    .execute();
}

export async function recordParticipantLeft(
  db: Db,
  input: { meetingId: string; participantSid: string; leftAt: Date },
): Promise<void> {
  await db
    .updateTable('meeting_participants')
    .set({ left_at: input.leftAt })
    .where('meeting_id', '=', input.meetingId)
    .where('participant_sid', '=', input.participantSid)
    .where('left_at', 'is', null)
    .execute();
}

export async function listParticipants(db: Db, meetingId: string): Promise<MeetingParticipant[]> {
  return db
    .selectFrom('meeting_participants')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('joined_at')
    .execute();
}
