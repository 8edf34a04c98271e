import type { Db } from '../client.ts';

/** Claims a webhook event id; false when it was seen before (a replay). */
export async function claimWebhookEvent(
  db: Db,
  input: { id: string; event: string; roomName: string | null },
): Promise<boolean> {
  const row = await db
    .insertInto('webhook_events')
    .values({ id: input.id, event: input.event, room_name: input.roomName })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function recordTrackPublished(
  db: Db,
  input: {
    meetingId: string;
    participantSid: string;
    participantIdentity: string;
    trackSid: string;
    kind: string;
    source: string;
    publishedAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('meeting_tracks')
    .values({
      meeting_id: input.meetingId,
      participant_sid: input.participantSid,
      participant_identity: input.participantIdentity,
      track_sid: input.trackSid,
      kind: input.kind,
      source: input.source,
      published_at: input.publishedAt,
    })
    .onConflict((oc) => oc.columns(['meeting_id', 'track_sid']).doNothing())
    .execute();
}

/** Stores the latest state of an egress (recording) for the meeting. */
export async function upsertEgress(
  db: Db,
  input: {
    egressId: string;
    meetingId: string;
    status: string;
    info: unknown;
    startedAt: Date | null;
    endedAt: Date | null;
  },
): Promise<void> {
  const info = JSON.stringify(input.info);
  await db
    .insertInto('meeting_egress')
    .values({
      egress_id: input.egressId,
      meeting_id: input.meetingId,
      status: input.status,
      info,
      started_at: input.startedAt,
      ended_at: input.endedAt,
      updated_at: new Date(),
    })
    .onConflict((oc) =>
      oc.column('egress_id').doUpdateSet((eb) => ({
        status: input.status,
        info,
        started_at: eb.fn.coalesce('meeting_egress.started_at', eb.val(input.startedAt)),
        ended_at: eb.fn.coalesce(eb.val(input.endedAt), 'meeting_egress.ended_at'),
        updated_at: new Date(),
      })),
    )
    .execute();
}
