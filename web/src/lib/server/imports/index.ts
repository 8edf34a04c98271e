// Importing a recording: the upload (streamed to the object store, sniffed, capped), the
// import row and its job; the agent's workers transcribe it.
import {
  deleteMeeting,
  findImport,
  insertImport,
  markImportedMeetingEnded,
  meetingHasTranscript,
  type Db,
  type MeetingImport,
} from '@parley/db';
import { importQuerySchema, type ApiImport, type ApiMeeting } from '@parley/protocol';
import {
  UploadRefused,
  createImportQueue,
  enqueueImport,
  importObjectKey,
  storeUpload,
  type ImportQueue,
} from '@parley/services/imports';
import type { UserPrincipal } from '../auth/principal.ts';
import { config } from '../config.ts';
import { ApiError, fieldErrors, reportError, validationError } from '../http/index.ts';
import { createMeetingFor } from '../meetings/index.ts';
import { objectStore } from '../storage.ts';

let queue: ImportQueue | undefined;
function importQueue(): ImportQueue {
  queue ??= createImportQueue({
    redisUrl: config().redisUrl,
    prefix: config().postmeetingQueuePrefix,
  });
  return queue;
}

export function toApiImport(i: MeetingImport): ApiImport {
  const duration = i.duration_ms;
  const percent =
    i.status === 'done' ? 100 : duration ? Math.min(100, (100 * i.processed_ms) / duration) : 0;
  return {
    meetingId: i.meeting_id,
    status: i.status,
    format: i.format,
    sizeBytes: i.size_bytes,
    durationMs: duration,
    percent: Math.round(percent * 10) / 10,
    etaSeconds: i.status === 'running' ? i.eta_seconds : null,
    speakers: i.speakers,
    error: i.error,
    createdAt: i.created_at.toISOString(),
    finishedAt: i.finished_at?.toISOString() ?? null,
  };
}

export function parseImportQuery(url: URL) {
  const q = importQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!q.success) throw validationError(fieldErrors(q.error));
  return q.data;
}

/** Refused uploads close the connection after the answer: the rest of the body is not read. */
const CLOSE = { connection: 'close' };
const REFUSALS: Record<UploadRefused['reason'], () => ApiError> = {
  too_large: () =>
    new ApiError(
      413,
      'payload_too_large',
      `The file is larger than ${config().importMaxBytes} bytes.`,
      { headers: CLOSE },
    ),
  empty: () => validationError({ file: 'The file is empty.' }),
  not_audio: () =>
    new ApiError(
      415,
      'unsupported_media_type',
      'The file is not audio or video Parley can read (wav, mp3, m4a, ogg, opus, webm, mp4, flac).',
      { headers: CLOSE },
    ),
};

/**
 * Streams the request body into the store as the meeting's import, records it and queues its
 * job. Refusals (413/415/422) leave nothing behind; `onRefused` undoes the caller's own work.
 */
export async function acceptUpload(
  db: Db,
  meetingId: string,
  request: Request,
  speakers: string[] | undefined,
  createdBy: string,
  onRefused: () => Promise<void> = () => Promise.resolve(),
): Promise<ApiImport> {
  const store = objectStore();
  if (!store)
    throw new ApiError(503, 'storage_unavailable', 'No object store is configured for recordings.');
  const max = config().importMaxBytes;
  const declared = Number(request.headers.get('content-length') ?? '0');
  const key = importObjectKey(meetingId);
  try {
    if (declared > max) throw new UploadRefused('too_large');
    const stored = await storeUpload(store, key, request.body, {
      maxBytes: max,
      contentType: 'application/octet-stream',
    });
    if (
      !(await insertImport(db, {
        meetingId,
        objectKey: key,
        ...stored,
        speakers: speakers ?? null,
        createdBy,
      }))
    ) {
      throw new ApiError(
        409,
        'already_imported',
        'This meeting already has an imported recording.',
      );
    }
  } catch (err) {
    await onRefused().catch(() => undefined);
    if (err instanceof UploadRefused) throw REFUSALS[err.reason]();
    if (err instanceof ApiError) throw err;
    const ref = reportError(err, { method: 'POST', path: '/api/meetings/:id/import' });
    throw new ApiError(
      503,
      'storage_unavailable',
      `The upload could not be stored; try again (reference ${ref}).`,
    );
  }
  try {
    await enqueueImport(importQueue(), meetingId);
  } catch (err) {
    // The row is there: the post-meeting workers' sweep queues it within a minute.
    reportError(err, { method: 'ENQUEUE', path: '/api/meetings/:id/import' });
  }
  const row = await findImport(db, meetingId);
  if (!row) throw new ApiError(404, 'not_found', 'Meeting not found.');
  return toApiImport(row);
}

/** A new meeting from an uploaded file (ended at once; its transcript comes from the file). */
export async function importIntoNewMeeting(
  db: Db,
  p: UserPrincipal,
  request: Request,
  url: URL,
): Promise<{ meeting: ApiMeeting; import: ApiImport }> {
  const q = parseImportQuery(url);
  const meeting = await createMeetingFor(db, p, {
    title: q.title ?? 'Imported recording',
    type: 'general',
    teamId: q.teamId ?? null,
  });
  const at = (await markImportedMeetingEnded(db, meeting.id)).toISOString();
  const imp = await acceptUpload(db, meeting.id, request, q.speakers, p.user.id, async () => {
    await deleteMeeting(db, meeting.id);
  });
  return { meeting: { ...meeting, status: 'ended', startedAt: at, endedAt: at }, import: imp };
}

/** Attaches a file to an ended meeting that has no transcript (409 otherwise). */
export async function importIntoMeeting(
  db: Db,
  p: UserPrincipal,
  meeting: { id: string; status: string },
  request: Request,
  url: URL,
): Promise<ApiImport> {
  const q = parseImportQuery(url);
  if (meeting.status !== 'ended') {
    throw new ApiError(409, 'meeting_not_ended', 'Only an ended meeting can take a recording.');
  }
  if (await findImport(db, meeting.id)) {
    throw new ApiError(409, 'already_imported', 'This meeting already has an imported recording.');
  }
  if (await meetingHasTranscript(db, meeting.id))
    throw new ApiError(409, 'has_transcript', 'This meeting already has a transcript.');
  return acceptUpload(db, meeting.id, request, q.speakers, p.user.id);
}

/** The meeting page's view of its import (null: the meeting has none). */
export async function importView(db: Db, meetingId: string): Promise<{ import: ApiImport } | null> {
  const row = await findImport(db, meetingId);
  return row ? { import: toApiImport(row) } : null;
}
