import { listSegmentIds, type Db } from '@parley/db';
import { meetingNamespace, type VectorStore } from './types.ts';

/**
 * A team was deleted and its meetings are now their owners' own: each meeting's vectors move
 * from the team's namespace to its owner's, so its semantic search keeps working and nothing of
 * it stays under a namespace nobody queries any more. One meeting at a time; a meeting that
 * fails is passed to `onError` and the others go on. Returns how many moved.
 */
export async function moveTeamMeetingVectors(
  store: VectorStore,
  db: Db,
  teamId: string,
  meetings: readonly { id: string; ownerId: string }[],
  onError: (meetingId: string, err: unknown) => void,
): Promise<number> {
  const from = meetingNamespace({ team_id: teamId, owner_id: '' });
  let moved = 0;
  for (const m of meetings) {
    try {
      const to = meetingNamespace({ team_id: null, owner_id: m.ownerId });
      await store.moveMeeting(from, to, m.id, await listSegmentIds(db, m.id));
      moved++;
    } catch (err) {
      onError(m.id, err);
    }
  }
  return moved;
}
