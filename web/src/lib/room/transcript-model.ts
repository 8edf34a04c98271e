/** One line of the live transcript. */
export interface TranscriptLine {
  /** Unique per speaker and segment. */
  key: string;
  segmentId: string;
  /** Participant identity of the speaker. */
  speaker: string;
  speakerName: string;
  text: string;
  final: boolean;
  /** When the line first appeared (ms since epoch). */
  at: number;
}

/** An incoming transcription update (interim or final). */
export interface TranscriptUpdate {
  segmentId: string;
  speaker: string;
  speakerName: string;
  text: string;
  final: boolean;
  at: number;
}

/** A fresh (non-reactive) index of line key → position. */
export function indexLines(lines: readonly TranscriptLine[]): Map<string, number> {
  return new Map(lines.map((l, i) => [l.key, i]));
}

/** Key of a line: the segment id scoped by speaker, so speakers never overwrite each other. */
export function lineKey(speaker: string, segmentId: string): string {
  return `${speaker}\u0000${segmentId}`;
}

/**
 * Applies an update to `lines` in place: an interim or final for a known segment replaces the
 * line's text (a final is never downgraded back to interim); a new segment is appended. Returns
 * the index of the affected line.
 */
export function applyUpdate(
  lines: TranscriptLine[],
  index: Map<string, number>,
  update: TranscriptUpdate,
): number {
  const key = lineKey(update.speaker, update.segmentId);
  const at = index.get(key);
  const existing = at === undefined ? undefined : lines[at];
  if (at !== undefined && existing) {
    if (existing.final && !update.final) return at;
    existing.text = update.text;
    existing.final = update.final;
    existing.speakerName = update.speakerName;
    return at;
  }
  lines.push({ key, ...update });
  index.set(key, lines.length - 1);
  return lines.length - 1;
}

/** Reads the transcription attributes LiveKit puts on a text stream. */
export function parseTranscriptionAttributes(
  attributes: Record<string, string> | undefined,
  fallbackId: string,
): { segmentId: string; final: boolean; trackId: string | null } {
  const a = attributes ?? {};
  return {
    segmentId: a['lk.segment_id'] || fallbackId,
    final: a['lk.transcription_final'] === 'true',
    trackId: a['lk.transcribed_track_id'] ?? null,
  };
}
