/** The browser's calls for transcript corrections (a stale edit resolves as a conflict). */
import { resolve } from '$app/paths';
import {
  parseApiError,
  type ApiTranscript,
  type ApiTranscriptEdit,
  type ApiTranscriptSegment,
  type TranscriptChange,
} from '@parley/protocol';
import { ApiRequestError, request } from '../api/index.ts';

export type EditResult =
  { ok: true; change: TranscriptChange } | { ok: false; current: ApiTranscriptSegment };

const root = (meetingId: string) => resolve('/api/meetings/[id]/transcript', { id: meetingId });
const line = (meetingId: string, segmentId: string) =>
  `${root(meetingId)}/segments/${encodeURIComponent(segmentId)}`;

async function send(path: string, method: 'PATCH' | 'POST' | 'PUT', body: unknown) {
  const res = await fetch(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json: unknown = await res.json().catch(() => null);
  if (res.status === 409 && json && typeof json === 'object' && 'current' in json) {
    return { ok: false, current: json.current as ApiTranscriptSegment } satisfies EditResult;
  }
  if (!res.ok || json === null) {
    const error = parseApiError(json);
    throw new ApiRequestError(
      res.status,
      error?.message ?? `Could not save (${res.status}).`,
      error,
    );
  }
  return { ok: true, change: json as TranscriptChange } satisfies EditResult;
}

export function getTranscript(meetingId: string): Promise<ApiTranscript> {
  return request(root(meetingId), { fallback: 'Could not load the transcript.' });
}

type LineRef = Pick<ApiTranscriptSegment, 'segmentId' | 'version'>;

export function editLine(meetingId: string, s: LineRef, text: string) {
  return send(line(meetingId, s.segmentId), 'PATCH', { text, version: s.version });
}

export function splitLine(meetingId: string, s: LineRef, offset: number) {
  return send(`${line(meetingId, s.segmentId)}/split`, 'POST', { offset, version: s.version });
}

export function mergeLine(meetingId: string, s: LineRef, nextSegmentId: string) {
  return send(`${line(meetingId, s.segmentId)}/merge`, 'POST', {
    version: s.version,
    nextSegmentId,
  });
}

export function renameSpeaker(
  meetingId: string,
  speakerKey: string,
  who: { name: string } | { userId: string },
) {
  return send(`${root(meetingId)}/speakers`, 'PUT', { speakerKey, ...who });
}

export async function lineHistory(meetingId: string, segmentId: string) {
  const body = await request<{ edits: ApiTranscriptEdit[] }>(
    `${line(meetingId, segmentId)}/history`,
    { fallback: 'Could not load the history.' },
  );
  return body.edits;
}
