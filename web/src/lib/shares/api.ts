// The browser side of a meeting's share links (hosts).
import { resolve } from '$app/paths';
import type { ApiShare, ApiShareCreated } from '@parley/protocol';
import { request } from '../api/client.ts';

export type { ApiShare, ApiShareCreated };

export async function listShares(meetingId: string): Promise<ApiShare[]> {
  const body = await request<{ items: ApiShare[] }>(
    resolve('/api/meetings/[id]/shares', { id: meetingId }),
    { fallback: 'The share links could not be loaded.' },
  );
  return body.items;
}

export function createShare(
  meetingId: string,
  input: { expiresInDays: number; transcript: boolean; recording: boolean; password?: string },
): Promise<ApiShareCreated> {
  return request(resolve('/api/meetings/[id]/shares', { id: meetingId }), {
    method: 'POST',
    body: input,
    fallback: (status) => `Could not create the share link (${status}).`,
  });
}

/** A new lifetime from now and or a new password (null: none); the link as it now stands. */
export async function updateShare(
  meetingId: string,
  shareId: string,
  change: { expiresInDays?: number; password?: string | null },
): Promise<ApiShare> {
  const body = await request<{ share: ApiShare }>(
    resolve('/api/meetings/[id]/shares/[shareId]', { id: meetingId, shareId }),
    {
      method: 'PATCH',
      body: change,
      fallback: (status) => `Could not change the share link (${status}).`,
    },
  );
  return body.share;
}

export async function revokeShare(meetingId: string, shareId: string): Promise<void> {
  await request(resolve('/api/meetings/[id]/shares/[shareId]', { id: meetingId, shareId }), {
    method: 'DELETE',
    fallback: (status) => `Could not revoke the share link (${status}).`,
  });
}
