/** The browser's calls for transcript corrections (a stale edit resolves as a conflict). */
import { resolve } from '$app/paths';
import type {
  ApiTranscript,
  ApiTranscriptEdit,
  ApiTranscriptSegment,
  TranscriptChange,
} from '@parley/protocol';
import { ApiRequestError, request } from '../api/index.ts';

export type EditResult =
  { ok: true; change: TranscriptChange } | { ok: false; current: ApiTranscriptSegment };

const root = (meetingId: string) => resolve('/api/meetings/[id]/transcript', { id: meetingId });
const line = (meetingId: string, segmentId: string) =>
  `${root(meetingId)}/segments/${encodeURIComponent(segmentId)}`;

/** Sends an edit; a 409 (someone else edited first) resolves with the line as it is now. */
async function send(
  path: string,
  method: 'PATCH' | 'POST' | 'PUT',
  body: unknown,
): Promise<EditResult> {
  try {
    const change = await request<TranscriptChange>(path, {
      method,
      body,
      fallback: (status) => `Could not save (${status}).`,
    });
    return { ok: true, change };
  } catch (err) {
    const b = err instanceof ApiRequestError && err.status === 409 ? err.body : null;
    if (b && typeof b === 'object' && 'current' in b) {
      return { ok: false, current: b.current as ApiTranscriptSegment };
    }
    throw err;
  }
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
