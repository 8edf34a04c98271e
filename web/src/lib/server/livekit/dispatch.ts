import { AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';
import { batchLookups } from '../batch/index.ts';
import { KeyedLock, type RoomLock } from './lock.ts';
import { dispatchMetadata } from '@parley/protocol';

/** How the agent gets into a room for this join. */
export type DispatchPlan =
  /** The room does not exist yet: the token carries a room config that dispatches the agent. */
  | { kind: 'room_config' }
  /** The room exists and the agent was dispatched (or already had been). */
  | { kind: 'explicit'; created: boolean };

/** The LiveKit server APIs the dispatcher uses (an interface so tests can fake them). */
export interface LiveKitApis {
  roomExists(roomName: string): Promise<boolean>;
  /**
   * Whether the agent is in the room or on its way. A dispatch record outlives an agent that
   * crashed, so it counts only while an agent participant is there or it was just created.
   */
  hasAgentDispatch(roomName: string, agentName: string): Promise<boolean>;
  createAgentDispatch(roomName: string, agentName: string, metadata: string): Promise<void>;
  /** People (not agents) connected to the room. */
  humansInRoom(roomName: string): Promise<number>;
}

/** `ParticipantInfo.Kind.AGENT` in LiveKit's protocol (not re-exported by the server SDK). */
const PARTICIPANT_KIND_AGENT = 4;

/** The name people see for Parley's AI participant (its LiveKit identity is `agent-<job id>`). */
export const AGENT_DISPLAY_NAME = 'Parley AI';

/** Whether a participant (from the server API or a webhook) is an agent. */
export function isAgentParticipant(p: { kind?: unknown } | undefined): boolean {
  return Number(p?.kind) === PARTICIPANT_KIND_AGENT;
}
/** An int64 timestamp of unknown unit (s, ms, µs or ns since the epoch) in ms. */
export function epochMs(v: bigint | number | undefined): number {
  const n = Number(v ?? 0);
  if (n > 1e17) return n / 1e6;
  if (n > 1e14) return n / 1e3;
  if (n > 1e11) return n;
  return n * 1000;
}

/** How long a fresh dispatch counts as "on its way" before its agent shows up. */
const DISPATCH_GRACE_MS = 20_000;

/** Real LiveKit APIs over HTTP (`httpUrl` is the server URL with ws→http). */
export function createLiveKitApis(opts: {
  httpUrl: string;
  apiKey: string;
  apiSecret: string;
}): LiveKitApis {
  const rooms = new RoomServiceClient(opts.httpUrl, opts.apiKey, opts.apiSecret);
  const dispatches = new AgentDispatchClient(opts.httpUrl, opts.apiKey, opts.apiSecret);
  const dispatchedAt = new Map<string, number>();
  // A burst of first joins to many rooms costs LiveKit a few ListRooms calls, not one each.
  const roomExists = batchLookups(
    async (names) => new Map((await rooms.listRooms(names)).map((r) => [r.name, true])),
    { missing: false, maxInFlight: 1 },
  );
  return {
    roomExists,
    async hasAgentDispatch(roomName, agentName) {
      const [list, participants] = await Promise.all([
        dispatches.listDispatch(roomName),
        rooms.listParticipants(roomName),
      ]);
      const mine = list.filter((d) => d.agentName === agentName);
      if (mine.length === 0) return false;
      if (participants.some(isAgentParticipant)) return true;
      const newest = Math.max(
        dispatchedAt.get(roomName) ?? 0,
        ...mine.map((d) => epochMs(d.state?.createdAt)),
      );
      return Date.now() - newest < DISPATCH_GRACE_MS;
    },
    async createAgentDispatch(roomName, agentName, metadata) {
      await dispatches.createDispatch(roomName, agentName, { metadata });
      if (dispatchedAt.size > 10_000) dispatchedAt.clear();
      dispatchedAt.set(roomName, Date.now());
    },
    async humansInRoom(roomName) {
      const participants = await rooms.listParticipants(roomName);
      return participants.filter((p) => !isAgentParticipant(p)).length;
    },
  };
}

const processLock = new KeyedLock();

type DispatchTarget = { roomName: string; agentName: string; meetingId: string };

/**
 * Dispatches the agent unless it is in the room or on its way. The check is made again under
 * `lock`, so concurrent callers (in every process sharing the lock) dispatch once; the common
 * case (the agent is there) takes no lock. With `needsPeople`, an empty room gets no agent.
 */
async function dispatchUnlessPresent(
  apis: LiveKitApis,
  t: DispatchTarget,
  lock: RoomLock,
  needsPeople: boolean,
): Promise<boolean> {
  if (await apis.hasAgentDispatch(t.roomName, t.agentName)) return false;
  return lock.run(t.roomName, async () => {
    if (needsPeople && (await apis.humansInRoom(t.roomName)) === 0) return false;
    if (await apis.hasAgentDispatch(t.roomName, t.agentName)) return false;
    await apis.createAgentDispatch(t.roomName, t.agentName, dispatchMetadata(t.meetingId));
    return true;
  });
}

/**
 * Makes sure the agent is (or will be) in the room, never dispatching twice: when the room does
 * not exist the caller puts a room config on the token; otherwise an explicit dispatch is created
 * unless one for `agentName` exists. Serialized per room by `lock` (this process's by default;
 * web replicas share one through Redis).
 */
export async function planAgentDispatch(
  apis: LiveKitApis,
  t: DispatchTarget,
  lock: RoomLock = processLock,
): Promise<DispatchPlan> {
  if (!(await apis.roomExists(t.roomName))) return { kind: 'room_config' };
  return { kind: 'explicit', created: await dispatchUnlessPresent(apis, t, lock, false) };
}

/**
 * After the agent left a room (a crash of its worker shows as the agent participant leaving once
 * LiveKit times its connection out), dispatches a new one if people are still there.
 */
export async function redispatchIfAgentLost(
  apis: LiveKitApis,
  t: DispatchTarget,
  lock: RoomLock = processLock,
): Promise<'dispatched' | 'not_needed'> {
  if (!(await apis.roomExists(t.roomName))) return 'not_needed';
  return (await dispatchUnlessPresent(apis, t, lock, true)) ? 'dispatched' : 'not_needed';
}
