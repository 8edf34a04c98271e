import type { ApiRecording } from '@parley/protocol';

/** What the meeting page passes to the recordings section. */
export interface RecordingsView {
  recordings: ApiRecording[];
  recordingAllowed: boolean;
  canManage: boolean;
}

/** Readable text for a recording's error code (never raw exception text). */
export const RECORDING_ERRORS: Record<string, string> = {
  s3_unavailable: 'The storage was unreachable; the audio is kept and will be uploaded.',
  corrupted_upload: 'The upload was damaged; it will be uploaded again.',
  upload_failed: 'The upload failed; it will be retried.',
  encoder_failed: 'The audio could not be encoded.',
  egress_failed: 'The recording service failed.',
  egress_aborted: 'The recording was stopped before it started.',
  truncated: 'The end of the recording was lost.',
  lost: 'The recording was lost.',
};

/**
 * The recording that covers a moment of the meeting (ms), and the position in it (s). Only
 * finished recordings play (a list without `status` holds finished ones only).
 */
export function recordingAt<
  R extends Pick<ApiRecording, 'offsetMs' | 'durationMs'> & { status?: ApiRecording['status'] },
>(recordings: readonly R[], meetingMs: number): { recording: R; seconds: number } | null {
  let best: { recording: R; seconds: number } | null = null;
  for (const r of recordings) {
    if (r.status !== undefined && r.status !== 'completed') continue;
    const pos = meetingMs - r.offsetMs;
    const len = r.durationMs ?? Infinity;
    if (pos >= -1000 && pos <= len) {
      const seconds = Math.max(0, pos) / 1000;
      if (!best || r.offsetMs > best.recording.offsetMs) best = { recording: r, seconds };
    }
  }
  return best;
}

/** Where the last finished recording ends (ms from the meeting's start); 0 without one. */
export function recordedUntil(
  recordings: readonly (Pick<ApiRecording, 'offsetMs' | 'durationMs'> & {
    status?: ApiRecording['status'];
  })[],
): number {
  let end = 0;
  for (const r of recordings) {
    if (r.status !== undefined && r.status !== 'completed') continue;
    end = Math.max(end, r.offsetMs + (r.durationMs ?? 0));
  }
  return end;
}
