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
function runSegmentId(segmentId: string, i: number): string {
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

const UNKNOWN_USED = 100;

/**
 * Numbering of each participant's voices, for the meeting: new voices come after the numbers
 * already stored (`used`, asked once per participant), so an agent that took over the meeting
 * never gives a new voice a number someone else was named under.
 */
export class RoomMicVoices {
  readonly #byIdentity = new Map<string, Promise<SpeakerNumbering>>();
  readonly #used: (identity: string) => Promise<number>;

  constructor(used: (identity: string) => Promise<number> = () => Promise.resolve(0)) {
    this.#used = used;
  }

  of(identity: string): Promise<SpeakerNumbering> {
    let n = this.#byIdentity.get(identity);
    if (!n) {
      n = this.#used(identity).then(
        (after) => new SpeakerNumbering(after),
        // Without the stored numbers (the database is away; finals wait in the spool), new
        // voices start past any an earlier agent of the meeting can have reached.
        () => new SpeakerNumbering(UNKNOWN_USED),
      );
      this.#byIdentity.set(identity, n);
    }
    return n;
  }
}
