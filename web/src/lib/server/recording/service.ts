import {
  findRecording,
  listRecordings,
  listSegments,
  setRecordingAllowed,
  type Db,
  type Meeting,
  type Recording,
} from '@parley/db';
import { isUuid, recordingFileExtension, type ApiRecording } from '@parley/protocol';
import type { Redis } from 'ioredis';
import {
  EXPORT_FORMATS,
  EXPORT_TYPES,
  exportFileName,
  exportTranscript,
  type ExportFormat,
} from '../../recordings/transcript-export.ts';
import type { RecordingsView } from '../../recordings/types.ts';
import { ApiError } from '../http/errors.ts';
import { startMeetingEgress, stopMeetingEgress, type EgressApi } from './egress.ts';
import { presignedObjectUrl } from './store.ts';

export { RECORDING_ERRORS } from '../../recordings/types.ts';

export function toApiRecording(r: Recording, meeting: Pick<Meeting, 'started_at'>): ApiRecording {
  const base = meeting.started_at?.getTime() ?? r.started_at.getTime();
  return {
    id: r.id,
    mode: r.mode,
    status: r.status,
    startedAt: r.started_at.toISOString(),
    endedAt: r.ended_at?.toISOString() ?? null,
    durationMs: r.duration_ms,
    sizeBytes: r.size_bytes,
    error: r.error,
    offsetMs: Math.max(0, r.started_at.getTime() - base),
  };
}

export async function meetingRecordings(
  db: Db,
  meeting: Pick<Meeting, 'id' | 'started_at'>,
): Promise<ApiRecording[]> {
  return (await listRecordings(db, meeting.id)).map((r) => toApiRecording(r, meeting));
}

/** Presigned playback and download URLs of a completed recording of this meeting; else 404/409. */
export async function recordingUrls(
  db: Db,
  meeting: Pick<Meeting, 'id' | 'title' | 'started_at'>,
  recordingId: string,
): Promise<{
  playUrl: string;
  downloadUrl: string;
  expiresInSeconds: number;
  recording: ApiRecording;
}> {
  const r = isUuid(recordingId) ? await findRecording(db, recordingId) : undefined;
  if (!r || r.meeting_id !== meeting.id) {
    throw new ApiError(404, 'not_found', 'Recording not found.');
  }
  if (r.status !== 'completed') {
    throw new ApiError(409, 'not_ready', 'This recording is not available for playback.');
  }
  const ext = recordingFileExtension(r.content_type);
  const name = exportFileName(meeting.title, 'txt', 'recording').replace(/\.txt$/, `.${ext}`);
  const [play, download] = await Promise.all([
    presignedObjectUrl(r.object_key, { contentType: r.content_type }),
    presignedObjectUrl(r.object_key, { contentType: r.content_type, downloadName: name }),
  ]);
  return {
    playUrl: play.url,
    downloadUrl: download.url,
    expiresInSeconds: play.expiresInSeconds,
    recording: toApiRecording(r, meeting),
  };
}

/**
 * The host's recording switch. On a live meeting it takes effect at once: in egress mode an
 * egress starts (or stops); the agent reads the switch within a few seconds.
 */
export async function setMeetingRecording(
  db: Db,
  redis: Redis,
  meeting: Pick<Meeting, 'id' | 'room_name' | 'status'>,
  allowed: boolean,
  api?: EgressApi,
): Promise<{ allowed: boolean; egress: string }> {
  await setRecordingAllowed(db, meeting.id, allowed);
  let egress = 'none';
  if (meeting.status === 'live') {
    if (allowed) {
      const r = await startMeetingEgress(
        db,
        redis,
        { ...meeting, recording_allowed: true },
        api,
      ).catch(() => ({ kind: 'unavailable' as const }));
      egress = r.kind;
    } else {
      egress = (await stopMeetingEgress(db, redis, meeting.id, api).catch(() => false))
        ? 'stopped'
        : 'none';
    }
  }
  return { allowed, egress };
}

/** The transcript file in a format: body, media type, file name. */
export async function transcriptExport(
  db: Db,
  meeting: Pick<Meeting, 'id' | 'title' | 'started_at'>,
  format: ExportFormat,
): Promise<{ body: string; contentType: string; fileName: string }> {
  const segments = await listSegments(db, meeting.id);
  const body = exportTranscript(
    format,
    segments.map((s) => ({
      startMs: s.start_ms,
      endMs: s.end_ms,
      speaker: s.speaker_name,
      text: s.text,
    })),
    { title: meeting.title, startedAt: meeting.started_at },
  );
  return {
    body,
    contentType: EXPORT_TYPES[format].mime,
    fileName: exportFileName(meeting.title, format),
  };
}

/**
 * The transcript as a downloaded file in `format` (txt, vtt, srt, md); 422 naming `format` for
 * an unknown one. The caller has decided the meeting may be read.
 */
export async function transcriptFileResponse(
  db: Db,
  meeting: Pick<Meeting, 'id' | 'title' | 'started_at'>,
  format: string,
): Promise<Response> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new ApiError(422, 'validation_failed', 'Unknown export format.', {
      fields: { format: `format must be one of ${EXPORT_FORMATS.join(', ')}` },
    });
  }
  const file = await transcriptExport(db, meeting, format as ExportFormat);
  return new Response(file.body, {
    headers: {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.fileName}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

/** The meeting page's recordings section: list, switch, transcript lines for seeking. */
export async function recordingsView(
  db: Db,
  meeting: Pick<Meeting, 'id' | 'started_at' | 'recording_allowed'>,
  canManage: boolean,
): Promise<RecordingsView> {
  return {
    recordings: await meetingRecordings(db, meeting),
    recordingAllowed: meeting.recording_allowed,
    canManage,
  };
}
