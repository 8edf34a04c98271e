import { listLiveMeetings, markMeetingEnded, type Db } from '@parley/db';
import { errorFields, log } from '../ops/log.ts';
import { meetingWebhookEvent } from '../webhooks/events.ts';

/** The LiveKit call the reconciler needs (an interface so tests can fake it). */
export interface RoomLister {
  listRoomNames(): Promise<Set<string>>;
}

/**
 * Marks meetings ended whose LiveKit room is gone although `room_finished` never arrived (a lost
 * webhook, a restart of the web server). A room is only judged gone when it is missing from a
 * successful listing and the meeting has been live for at least `graceMs` (a room that is just
 * being created may not be listed yet). Returns the ids it ended.
 */
export async function reconcileRooms(
  db: Db,
  lister: RoomLister,
  opts: { graceMs?: number; now?: Date } = {},
): Promise<string[]> {
  const live = await listLiveMeetings(db);
  if (live.length === 0) return [];
  const names = await lister.listRoomNames();
  const now = (opts.now ?? new Date()).getTime();
  const grace = opts.graceMs ?? 5_000;
  const ended: string[] = [];
  for (const m of live) {
    if (names.has(m.room_name)) continue;
    if (m.started_at && now - m.started_at.getTime() < grace) continue;
    await markMeetingEnded(db, m.id);
    await meetingWebhookEvent(db, 'meeting.ended', m.id);
    ended.push(m.id);
  }
  return ended;
}

/** Runs `reconcileRooms` every `intervalMs` (unref'd; errors are logged, never thrown). */
export function startReconciler(
  db: () => Db,
  lister: RoomLister,
  intervalMs: number,
): { stop: () => void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    reconcileRooms(db(), lister)
      .then((ended) => {
        for (const id of ended) log.info({ meetingId: id }, 'reconciler ended meeting');
      })
      .catch((err: unknown) => {
        log.error(errorFields(err), 'reconciler failed');
      })
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
