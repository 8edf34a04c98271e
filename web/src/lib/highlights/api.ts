// The browser side of a meeting's highlights (moments people mark).
import { resolve } from '$app/paths';
import type { ApiHighlight } from '@parley/protocol';
import { request } from '../api/client.ts';

export type { ApiHighlight };

export async function markMoment(
  meetingId: string,
  input: { atMs: number; note: string },
): Promise<ApiHighlight> {
  const body = await request<{ highlight: ApiHighlight }>(
    resolve('/api/meetings/[id]/highlights', { id: meetingId }),
    {
      method: 'POST',
      body: input,
      fallback: (status) => `Could not mark the moment (${status}).`,
    },
  );
  return body.highlight;
}

export async function deleteHighlight(meetingId: string, highlightId: string): Promise<void> {
  await request(
    resolve('/api/meetings/[id]/highlights/[highlightId]', { id: meetingId, highlightId }),
    { method: 'DELETE', fallback: (status) => `Could not delete the highlight (${status}).` },
  );
}
