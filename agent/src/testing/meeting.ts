import {
  createMeeting,
  createTeam,
  createUser,
  setTeamSttProvider,
  type Db,
  type Meeting,
} from '@parley/db';
import type { MeetingType, SttProvider } from '@parley/protocol';
import { AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';
import type { LiveKitConfig } from '../config.ts';

/**
 * Creates a user and a meeting, opens its LiveKit room and dispatches the agent into it. With
 * `sttProvider`, the meeting belongs to a team that chose that provider.
 */
export async function openMeetingRoom(
  db: Db,
  lk: LiveKitConfig,
  agentName: string,
  opts: {
    title?: string;
    type?: MeetingType;
    vocabulary?: string[];
    subject?: string;
    language?: string;
    sttProvider?: SttProvider;
  } = {},
): Promise<Meeting> {
  const email = `owner-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`;
  const owner = await createUser(db, { email, name: 'Owner', passwordHash: 'x' });
  if (!owner) throw new Error('could not create the meeting owner');
  let teamId: string | undefined;
  if (opts.sttProvider) {
    teamId = (await createTeam(db, { name: 'Team', ownerId: owner.id })).id;
    await setTeamSttProvider(db, teamId, opts.sttProvider);
  }
  const meeting = await createMeeting(db, {
    title: opts.title ?? 'Test meeting',
    type: opts.type ?? 'general',
    ownerId: owner.id,
    ...(teamId ? { teamId } : {}),
    ...(opts.vocabulary ? { vocabulary: opts.vocabulary } : {}),
    ...(opts.subject ? { subject: opts.subject } : {}),
    ...(opts.language ? { language: opts.language } : {}),
  });
  const http = lk.url.replace(/^ws/, 'http');
  await new RoomServiceClient(http, lk.apiKey, lk.apiSecret).createRoom({
    name: meeting.room_name,
    emptyTimeout: 120,
  });
  await new AgentDispatchClient(http, lk.apiKey, lk.apiSecret).createDispatch(
    meeting.room_name,
    agentName,
    {
      metadata: JSON.stringify({ meetingId: meeting.id }),
    },
  );
  return meeting;
}
