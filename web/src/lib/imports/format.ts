import type { ImportError } from '@parley/protocol';

/** What people read when an import failed (never an exception's text). */
export const IMPORT_ERROR_TEXT: Record<ImportError, string> = {
  undecodable: 'The file could not be decoded. Is it a complete audio or video file?',
  too_long: 'The recording is longer than this server transcribes.',
  channels_mismatch: 'The file has fewer channels than the speakers named for them.',
  object_missing: 'The uploaded file is gone; upload it again.',
  transcription_failed: 'The recording could not be transcribed. Try again later.',
};

/** "1:05" / "12 s" left. */
export function etaText(seconds: number | null): string {
  if (seconds === null) return 'estimating time left…';
  if (seconds < 60) return `about ${seconds} s left`;
  const m = Math.floor(seconds / 60);
  return `about ${m} min ${String(seconds % 60).padStart(2, '0')} s left`;
}
