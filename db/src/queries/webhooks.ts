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
