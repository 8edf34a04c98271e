// The browser side of a meeting's follow-up email (hosts): its status, and "Send again".
import { resolve } from '$app/paths';
import type { ApiFollowupStatus } from '@parley/protocol';
import { request } from '../api/client.ts';

export type { ApiFollowupStatus };

export async function getFollowup(meetingId: string): Promise<ApiFollowupStatus> {
  const body = await request<{ followup: ApiFollowupStatus }>(
    resolve('/api/meetings/[id]/followup', { id: meetingId }),
    { fallback: 'Could not load the follow-up email status.' },
  );
  return body.followup;
}

export async function resendFollowup(meetingId: string): Promise<ApiFollowupStatus> {
  const body = await request<{ followup: ApiFollowupStatus }>(
    resolve('/api/meetings/[id]/followup', { id: meetingId }),
    { method: 'POST', fallback: (status) => `Could not send it again (${status}).` },
  );
  return body.followup;
}
