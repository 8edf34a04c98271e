import { errorFields, log } from '../ops/log.ts';

/** What the watchdog needs from Redis and LiveKit (an interface so tests can fake them). */
export interface WatchdogDeps {
  /** Meetings that are live (status) with their AI setting. */
  liveMeetings(): Promise<{ id: string; room_name: string; ai_enabled: boolean }[]>;
  /** Heartbeat values for the rooms, in order (null: none); throws when Redis is unreachable. */
  heartbeats(roomNames: string[]): Promise<(string | null)[]>;
  /** The agent participants LiveKit lists in the room, with when they joined (epoch ms). */
  agentParticipants(roomName: string): Promise<{ identity: string; joinedAtMs: number }[]>;
  removeParticipant(roomName: string, identity: string): Promise<void>;
  /** Dispatches a new agent if people are there and none is on its way; true if it did. */
  recover(meeting: { id: string; room_name: string }): Promise<boolean>;
  /** A meeting whose room could not be checked or recovered this time. */
  onError?(meeting: { id: string; room_name: string }, err: unknown): void;
}

/**
 * How long an agent that has just joined may go without a heartbeat. Its first beat waits for
 * its own Redis connection, which a loaded machine can take seconds to open while the agent is
 * already in the room; the room's age says nothing about it (the room may be minutes old when a
 * replacement agent arrives, or the job may start long after the room did).
 */
export const AGENT_HEARTBEAT_GRACE_MS = 15_000;

/**
 * Finds meetings whose agent died: no heartbeat for two checks in a row, and no agent in the
 * room that joined less than `graceMs` ago. The dead agent's participant (LiveKit keeps it until
 * its connection times out) is removed and a new agent is dispatched. Returns the meetings it
 * re-dispatched to. `misses` carries state between checks.
 */
export async function checkAgents(
  deps: WatchdogDeps,
  misses: Map<string, number>,
  graceMs = AGENT_HEARTBEAT_GRACE_MS,
): Promise<string[]> {
  const live = (await deps.liveMeetings()).filter((m) => m.ai_enabled);
  if (live.length === 0) {
    misses.clear();
    return [];
  }
  // If Redis is unreachable nothing is judged: a missing heartbeat must mean a dead agent.
  const beats = await deps.heartbeats(live.map((m) => m.room_name));
  const recovered: string[] = [];
  const seen = new Set(live.map((m) => m.room_name));
  const due = live.filter((m, i) => {
    if (beats[i]) {
      misses.delete(m.room_name);
      return false;
    }
    const n = (misses.get(m.room_name) ?? 0) + 1;
    misses.set(m.room_name, n);
    return n >= 2;
  });
  // Rooms are handled side by side: one that cannot be reached (its LiveKit node died and nobody
  // has rejoined yet, which re-creates it on another node) holds up no other, and is tried
  // again next time.
  await Promise.all(
    due.map(async (m) => {
      try {
        const agents = await deps.agentParticipants(m.room_name);
        // A new agent is judged once its grace is over (the misses stand till then).
        if (agents.some((a) => Date.now() - a.joinedAtMs < graceMs)) return;
        for (const { identity } of agents) {
          await deps.removeParticipant(m.room_name, identity).catch(() => undefined);
        }
        if (await deps.recover(m)) {
          recovered.push(m.id);
          misses.delete(m.room_name);
        }
      } catch (err) {
        deps.onError?.(m, err);
      }
    }),
  );
  for (const room of misses.keys()) if (!seen.has(room)) misses.delete(room);
  return recovered;
}

/** Runs `checkAgents` every `intervalMs` (unref'd; errors are logged, never thrown). */
export function startWatchdog(deps: WatchdogDeps, intervalMs: number): { stop: () => void } {
  const misses = new Map<string, number>();
  // A room that stays unreachable is logged once a minute, not at every check.
  const warnedAt = new Map<string, number>();
  const onError = (m: { id: string; room_name: string }, err: unknown) => {
    const now = Date.now();
    if (now - (warnedAt.get(m.room_name) ?? 0) < 60_000) return;
    if (warnedAt.size > 1_000) warnedAt.clear();
    warnedAt.set(m.room_name, now);
    log.warn({ meetingId: m.id, ...errorFields(err) }, 'agent watchdog cannot reach the room yet');
  };
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    checkAgents({ onError, ...deps }, misses)
      .then((ids) => {
        for (const id of ids)
          log.info({ meetingId: id, cause: 'no heartbeat' }, 'agent re-dispatched to meeting');
      })
      .catch(() => {
        // Redis or LiveKit unreachable: try again next time.
      })
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
