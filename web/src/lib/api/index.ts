/**
 * Typed calls to the JSON API from the browser. Each says what it sends, what it returns (the
 * protocol's DTOs) and what to tell the person when the server gives no message.
 */
import { resolve } from '$app/paths';
import type {
  ApiActionItem,
  ApiChatMessage,
  ApiImport,
  ApiMeeting,
  ApiRecordingList,
  ApiRecordingSettings,
  ApiRecordingUrls,
  JoinToken,
} from '@parley/protocol';
import type { ApiPostmeeting, ApiSummary } from '../postmeeting/types.ts';
import { ApiRequestError, request } from './client.ts';

export { ApiRequestError, errorText, request, type Fallback } from './client.ts';

/** A LiveKit token to join the meeting's room. */
export function joinToken(meetingId: string): Promise<JoinToken> {
  return request(resolve('/api/meetings/[id]/token', { id: meetingId }), {
    method: 'POST',
    body: {},
    fallback: (status) => `Could not get a room token (${status}).`,
  });
}

/** Raises or lowers a hand (mine; as host, lowers someone's). */
export async function setHand(meetingId: string, identity: string, raised: boolean): Promise<void> {
  await request(
    resolve('/api/meetings/[id]/participants/[identity]/hand', { id: meetingId, identity }),
    {
      method: 'POST',
      body: { raised },
      fallback: (status) => `Could not ${raised ? 'raise' : 'lower'} the hand (${status}).`,
    },
  );
}

/** Marks a participant's microphone (mine, or as host someone's) as a shared room microphone. */
export async function setRoomMic(
  meetingId: string,
  identity: string,
  roomMic: boolean,
): Promise<void> {
  await request(
    resolve('/api/meetings/[id]/participants/[identity]/room-mic', { id: meetingId, identity }),
    {
      method: 'POST',
      body: { roomMic },
      fallback: (status) => `Could not change the room microphone (${status}).`,
    },
  );
}

/** Pauses or resumes transcription of me; resolves once the server did it. */
export async function setTranscriptionPaused(meetingId: string, paused: boolean): Promise<void> {
  const fallback = (status: number) => `Could not change transcription (${status}).`;
  const body = await request<{ paused?: boolean }>(
    resolve('/api/meetings/[id]/transcription', { id: meetingId }),
    {
      method: 'POST',
      body: { paused },
      fallback,
    },
  );
  if (body.paused !== paused) throw new ApiRequestError(200, fallback(200));
}

/** Ends the meeting for everyone (hosts). */
export async function endMeeting(meetingId: string): Promise<void> {
  await request(resolve('/api/meetings/[id]/end', { id: meetingId }), {
    method: 'POST',
    fallback: 'Could not end the meeting.',
  });
}

/** Mutes or removes a participant (hosts). */
export async function moderateParticipant(
  meetingId: string,
  person: { identity: string; name: string },
  action: 'mute' | 'remove',
): Promise<void> {
  const who = encodeURIComponent(person.identity);
  await request(
    `${resolve('/api/meetings/[id]', { id: meetingId })}/participants/${who}/${action}`,
    {
      method: 'POST',
      fallback: `Could not ${action} ${person.name}.`,
    },
  );
}

/** Stores one of my chat messages (the same id again returns the stored one). */
export async function postChatMessage(
  meetingId: string,
  m: { id: string; content: string },
): Promise<ApiChatMessage> {
  const fallback = (status: number) => `Could not save the message (${status}).`;
  const body = await request<{ message?: ApiChatMessage }>(
    resolve('/api/meetings/[id]/chat', { id: meetingId }),
    {
      method: 'POST',
      body: { id: m.id, content: m.content },
      fallback,
    },
  );
  if (!body.message) throw new ApiRequestError(200, fallback(200));
  return body.message;
}

/** The meeting's recordings and whether recording is allowed. */
export function listRecordings(meetingId: string): Promise<ApiRecordingList> {
  return request(resolve('/api/meetings/[id]/recordings', { id: meetingId }), {
    fallback: 'The recordings could not be loaded.',
  });
}

/** Short-lived play and download URLs of a completed recording. */
export function recordingUrls(meetingId: string, recordingId: string): Promise<ApiRecordingUrls> {
  return request(
    resolve('/api/meetings/[id]/recordings/[recordingId]', { id: meetingId, recordingId }),
    {
      fallback: 'The recording could not be loaded.',
    },
  );
}

/** The host's recording switch. */
export function setRecordingAllowed(
  meetingId: string,
  allowed: boolean,
): Promise<Partial<ApiRecordingSettings>> {
  return request(resolve('/api/meetings/[id]/recordings/settings', { id: meetingId }), {
    method: 'PUT',
    body: { allowed },
    fallback: 'Could not change recording.',
  });
}

/** Summary, action items and the post-meeting progress. */
export function getPostmeeting(meetingId: string): Promise<ApiPostmeeting> {
  return request(resolve('/api/meetings/[id]/postmeeting', { id: meetingId }), {
    fallback: 'Could not load the summary.',
  });
}

/** Runs the post-meeting steps again (hosts). */
export function rerunPostmeeting(meetingId: string): Promise<ApiPostmeeting> {
  return request(resolve('/api/meetings/[id]/postmeeting', { id: meetingId }), {
    method: 'POST',
    fallback: 'Could not start.',
  });
}

/** A person's version of the summary (the meeting's editors); re-runs keep it. */
export async function saveSummary(
  meetingId: string,
  summary: Pick<ApiSummary, 'overview' | 'keyPoints' | 'decisions' | 'openQuestions'>,
): Promise<ApiSummary> {
  const body = await request<{ summary: ApiSummary }>(
    resolve('/api/meetings/[id]/summary', { id: meetingId }),
    { method: 'PUT', body: summary, fallback: 'Could not save the summary.' },
  );
  return body.summary;
}

/** Drops the edits: the post-meeting steps' latest summary again. */
export async function revertSummary(meetingId: string): Promise<ApiSummary> {
  const body = await request<{ summary: ApiSummary }>(
    resolve('/api/meetings/[id]/summary/revert', { id: meetingId }),
    { method: 'POST', fallback: 'Could not go back to the generated summary.' },
  );
  return body.summary;
}

/** A passage an answer is grounded in. */
export interface AskPassage {
  meetingId: string;
  meetingTitle: string;
  speaker: string;
  startMs: number;
  spokenAt: string;
  url: string;
  snippet: { text: string; hit: boolean }[];
}

/** `POST /api/ask`. */
export interface AskAnswer {
  mode: 'llm' | 'passages';
  answer: string | null;
  passages: AskPassage[];
  fallback: boolean;
}

/** Asks the caller's meetings a question. */
export function ask(question: string, filters: Record<string, string>): Promise<AskAnswer> {
  return request(resolve('/api/ask'), {
    method: 'POST',
    body: { question, filters },
    fallback: 'Could not answer.',
  });
}

/** Adds my own action item to the meeting. */
export async function createActionItem(
  meetingId: string,
  body: Record<string, unknown>,
): Promise<ApiActionItem> {
  const out = await request<{ item: ApiActionItem }>(
    `${resolve('/api/meetings/[id]', { id: meetingId })}/action-items`,
    { method: 'POST', body, fallback: (status) => `Could not add the item (${status}).` },
  );
  return out.item;
}

/** Changes an action item: done / undo, text, assignee, due date, accept / reject. */
export async function updateActionItem(
  meetingId: string,
  itemId: string,
  body: Record<string, unknown>,
): Promise<ApiActionItem> {
  const out = await request<{ item: ApiActionItem }>(
    `${resolve('/api/meetings/[id]', { id: meetingId })}/action-items/${encodeURIComponent(itemId)}`,
    { method: 'PATCH', body, fallback: (status) => `Could not save the item (${status}).` },
  );
  return out.item;
}

/** The meeting's imported recording and its progress. */
export function getImport(meetingId: string): Promise<{ import: ApiImport }> {
  return request(resolve('/api/meetings/[id]/import', { id: meetingId }), {
    fallback: 'Could not load the import.',
  });
}

/** Uploads a recording as a new meeting (`speakers`: names per channel of a stereo file). */
export function importRecording(
  file: File,
  opts: { title?: string; teamId?: string; speakers?: string[] },
): Promise<{ meeting: ApiMeeting; import: ApiImport }> {
  const q = new URLSearchParams();
  if (opts.title) q.set('title', opts.title);
  if (opts.teamId) q.set('teamId', opts.teamId);
  if (opts.speakers?.length) q.set('speakers', opts.speakers.join(','));
  return request(`${resolve('/api/meetings/import')}?${q.toString()}`, {
    method: 'POST',
    raw: { type: 'application/octet-stream', data: file },
    fallback: 'Could not upload the recording.',
  });
}
