// A shared room microphone: several people on one track. The participant (or a meeting editor
// for them) marks it with the `parley.room_mic` attribute; with a diarizing provider each final
// is split into runs of one voice, stored and published as lines of their own, keyed
// `<identity>#<n>` and labelled "<participant> · Speaker n" until someone names the voice.
import type { NewTranscriptSegment } from '@parley/db';
import { ATTR_ROOM_MIC, roomMicSpeakerKey, roomMicSpeakerLabel } from '@parley/protocol';
import { SpeakerNumbering, type SpeakerRun } from '../transcription/index.ts';

export function isRoomMic(p: { attributes: Record<string, string> }): boolean {
  return p.attributes[ATTR_ROOM_MIC] === '1';
}

/** The segment id of a final's run `i` (the first keeps the utterance's: it replaces the interim). */
export function runSegmentId(segmentId: string, i: number): string {
  return i === 0 ? segmentId : `${segmentId}.${i + 1}`;
}

/**
 * Splits a final's row by voice: one row per run, each with its share of the utterance's time
 * and its speaker's key and default label. Voices are numbered per participant in the order they
 * first speak (the numbering object is the participant's, kept for the meeting).
 */
export function splitByVoice(
  row: NewTranscriptSegment,
  runs: readonly SpeakerRun[],
  numbering: SpeakerNumbering,
  participantName: string,
): NewTranscriptSegment[] {
  const span = row.end_ms - row.start_ms;
  const spokenAt = row.spoken_at instanceof Date ? row.spoken_at.getTime() : null;
  return runs.map((r, i) => {
    const n = numbering.numberOf(r.speaker);
    const start = row.start_ms + Math.round(r.from * span);
    return {
      ...row,
      segment_id: runSegmentId(row.segment_id, i),
      speaker_key: roomMicSpeakerKey(row.speaker_identity, n),
      speaker_name: roomMicSpeakerLabel(participantName, n),
      text: r.text,
      start_ms: start,
      end_ms: Math.max(start, row.start_ms + Math.round(r.to * span)),
      ...(spokenAt !== null ? { spoken_at: new Date(spokenAt + (start - row.start_ms)) } : {}),
    };
  });
}

/** Numbering of each participant's voices, for the meeting. */
export class RoomMicVoices {
  readonly #byIdentity = new Map<string, SpeakerNumbering>();

  of(identity: string): SpeakerNumbering {
    let n = this.#byIdentity.get(identity);
    if (!n) this.#byIdentity.set(identity, (n = new SpeakerNumbering()));
    return n;
  }
}
