import { AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';
import { KeyedLock } from './lock.ts';
import { dispatchMetadata } from './token.ts';

/** How the agent gets into a room for this join. */
export type DispatchPlan =
  /** The room does not exist yet: the token carries a room config that dispatches the agent. */
  | { kind: 'room_config' }
  /** The room exists and the agent was dispatched (or already had been). */
  | { kind: 'explicit'; created: boolean };

/** The LiveKit server APIs the dispatcher uses (an interface so tests can fake them). */
export interface LiveKitApis {
  roomExists(roomName: string): Promise<boolean>;
  hasAgentDispatch(roomName: string, agentName: string): Promise<boolean>;
  createAgentDispatch(roomName: string, agentName: string, metadata: string): Promise<void>;
}

/** Real LiveKit APIs over HTTP (`httpUrl` is the server URL with ws→http). */
export function createLiveKitApis(opts: {
  httpUrl: string;
  apiKey: string;
  apiSecret: string;
}): LiveKitApis {
  const rooms = new RoomServiceClient(opts.httpUrl, opts.apiKey, opts.apiSecret);
  const dispatches = new AgentDispatchClient(opts.httpUrl, opts.apiKey, opts.apiSecret);
  return {
    async roomExists(roomName) {
      const list = await rooms.listRooms([roomName]);
      return list.some((r) => r.name === roomName);
    },
    async hasAgentDispatch(roomName, agentName) {
      const list = await dispatches.listDispatch(roomName);
      return list.some((d) => d.agentName === agentName);
    },
    async createAgentDispatch(roomName, agentName, metadata) {
      await dispatches.createDispatch(roomName, agentName, { metadata });
    },
  };
}

const lock = new KeyedLock();

/**
 * Makes sure the agent is (or will be) in the room, never dispatching twice: when the room does
 * not exist the caller puts a room config on the token; otherwise an explicit dispatch is created
 * unless one for `agentName` exists. Serialized per room within this process.
 */
export function planAgentDispatch(
  apis: LiveKitApis,
  opts: { roomName: string; agentName: string; meetingId: string },
): Promise<DispatchPlan> {
  return lock.run(opts.roomName, async () => {
    if (!(await apis.roomExists(opts.roomName))) return { kind: 'room_config' };
    if (await apis.hasAgentDispatch(opts.roomName, opts.agentName)) {
      return { kind: 'explicit', created: false };
    }
    await apis.createAgentDispatch(opts.roomName, opts.agentName, dispatchMetadata(opts.meetingId));
    return { kind: 'explicit', created: true };
  });
}
