import { describe, expect, it } from 'vitest';
import { checkAgents, type WatchdogDeps } from './watchdog.ts';

const LONG_AGO = Date.now() - 60_000;

function fake(opts: {
  beats: Record<string, string | null>;
  /** Agent identities in every room, and when they joined (long ago by default). */
  agents?: string[];
  joinedAtMs?: number;
  redisDown?: boolean;
  /** Rooms LiveKit cannot reach (their node died and nobody has rejoined yet). */
  unreachable?: string[];
}) {
  const removed: string[] = [];
  const recovered: string[] = [];
  const deps: WatchdogDeps = {
    liveMeetings: () =>
      Promise.resolve([
        { id: 'm1', room_name: 'r1', ai_enabled: true },
        { id: 'm2', room_name: 'r2', ai_enabled: true },
        { id: 'm3', room_name: 'r3', ai_enabled: false },
      ]),
    heartbeats: (rooms) =>
      opts.redisDown
        ? Promise.reject(new Error('redis down'))
        : Promise.resolve(rooms.map((r) => opts.beats[r] ?? null)),
    agentParticipants: (room) =>
      opts.unreachable?.includes(room)
        ? Promise.reject(new Error('request timed out'))
        : Promise.resolve(
            (opts.agents ?? []).map((identity) => ({
              identity,
              joinedAtMs: opts.joinedAtMs ?? LONG_AGO,
            })),
          ),
    removeParticipant: (room, id) => {
      removed.push(`${room}/${id}`);
      return Promise.resolve();
    },
    recover: (m) => {
      recovered.push(m.id);
      return Promise.resolve(true);
    },
  };
  return { deps, removed, recovered };
}

describe('agent watchdog', () => {
  it('replaces an agent whose heartbeat is gone for two checks, removing its stale participant', async () => {
    const f = fake({ beats: { r1: 'AJ_1' }, agents: ['agent-AJ_2'] });
    const misses = new Map<string, number>();
    expect(await checkAgents(f.deps, misses)).toEqual([]); // first miss: wait
    expect(await checkAgents(f.deps, misses)).toEqual(['m2']);
    expect(f.removed).toEqual(['r2/agent-AJ_2']);
    expect(f.recovered).toEqual(['m2']); // never m1 (beating) nor m3 (no AI)
  });

  it('gives an agent that has just joined time for its first heartbeat, however old the room', async () => {
    // Under load the job's Redis connection (and so its first beat) can come seconds after the
    // agent joined a room that was live long before: the misses add up, but a young agent stays.
    const joined = { at: Date.now() - 2_000 };
    const f = fake({ beats: { r1: 'AJ_1' }, agents: ['agent-AJ_2'], joinedAtMs: joined.at });
    const misses = new Map<string, number>();
    for (let i = 0; i < 4; i++) expect(await checkAgents(f.deps, misses, 10_000)).toEqual([]);
    expect(f.removed).toEqual([]);
    expect(f.recovered).toEqual([]);
    // Still silent once its grace is over: it is dead, and replaced at once.
    const late = fake({
      beats: { r1: 'AJ_1' },
      agents: ['agent-AJ_2'],
      joinedAtMs: joined.at - 9_000,
    });
    expect(await checkAgents(late.deps, misses, 10_000)).toEqual(['m2']);
    expect(late.removed).toEqual(['r2/agent-AJ_2']);
  });

  it('judges nothing while Redis is unreachable', async () => {
    const f = fake({ beats: {}, redisDown: true });
    const misses = new Map<string, number>();
    await expect(checkAgents(f.deps, misses)).rejects.toThrow('redis down');
    await expect(checkAgents(f.deps, misses)).rejects.toThrow('redis down');
    expect(f.recovered).toEqual([]);
  });

  it('goes on with the other rooms when one cannot be reached, and retries it next time', async () => {
    const unreachable = ['r1'];
    const f = fake({ beats: {}, unreachable });
    const failed: string[] = [];
    const deps = { ...f.deps, onError: (m: { id: string }) => failed.push(m.id) };
    const misses = new Map<string, number>();
    await checkAgents(deps, misses);
    expect(await checkAgents(deps, misses)).toEqual(['m2']);
    expect(failed).toEqual(['m1']);
    unreachable.length = 0; // the room is back (re-created on another node)
    expect(await checkAgents(deps, misses)).toEqual(['m1']);
  });

  it('forgets a miss when the heartbeat comes back', async () => {
    const beats: Record<string, string | null> = { r1: 'AJ_1', r2: null };
    const f = fake({ beats });
    const misses = new Map<string, number>();
    await checkAgents(f.deps, misses);
    beats.r2 = 'AJ_2';
    await checkAgents(f.deps, misses);
    beats.r2 = null;
    await checkAgents(f.deps, misses);
    expect(f.recovered).toEqual([]);
  });
});
