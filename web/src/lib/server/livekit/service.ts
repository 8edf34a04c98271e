import { WebhookReceiver } from 'livekit-server-sdk';
import type { Meeting } from '@parley/db';
import { config } from '../config.ts';
import { createLiveKitApis, planAgentDispatch, type LiveKitApis } from './dispatch.ts';
import { agentRoomConfig, createJoinToken } from './token.ts';

let apis: LiveKitApis | undefined;
let receiver: WebhookReceiver | undefined;

function liveKitApis(): LiveKitApis {
  const c = config();
  apis ??= createLiveKitApis({
    httpUrl: c.livekitHttpUrl,
    apiKey: c.livekitApiKey,
    apiSecret: c.livekitApiSecret,
  });
  return apis;
}

/** The webhook verifier for the configured API key. */
export function webhookReceiver(): WebhookReceiver {
  const c = config();
  receiver ??= new WebhookReceiver(c.livekitApiKey, c.livekitApiSecret);
  return receiver;
}

/**
 * Issues a join token for the user's meeting and makes sure the agent will be in the room.
 * Returns the token and the URL browsers connect to.
 */
export async function issueMeetingToken(
  user: { id: string; name: string },
  meeting: Pick<Meeting, 'id' | 'room_name'>,
): Promise<{ token: string; url: string }> {
  const c = config();
  const plan = await planAgentDispatch(liveKitApis(), {
    roomName: meeting.room_name,
    agentName: c.agentName,
    meetingId: meeting.id,
  });
  const token = await createJoinToken({
    apiKey: c.livekitApiKey,
    apiSecret: c.livekitApiSecret,
    identity: user.id,
    name: user.name,
    roomName: meeting.room_name,
    ttlSeconds: c.tokenTtlSeconds,
    roomConfig: plan.kind === 'room_config' ? agentRoomConfig(c.agentName, meeting.id) : undefined,
  });
  return { token, url: c.livekitPublicUrl };
}
