import {
  TOPIC_TRANSCRIPTION,
  parseTranscriptCorrection,
  parseTranscriptionAttributes,
  type TranscriptChange,
} from '@parley/protocol';
import { RoomEvent, type RemoteParticipant, type Room } from 'livekit-client';
import { SvelteMap } from 'svelte/reactivity';
import {
  applyCorrection,
  historyUpdates,
  mergeLines,
  renameSpeaker,
  upsertLine,
  type MeetingClock,
  type StoredSegment,
  type TranscriptLine,
  type TranscriptUpdate,
} from './transcript-model.ts';

/** Reactive transcript (Svelte runes): stored segments first, live updates merged in. */
export class Transcript {
  /** Replaced (never mutated) on each change, so it can stay a raw, cheap state. */
  lines = $state.raw<readonly TranscriptLine[]>([]);

  /** Speakers named for the meeting (a correction): their new lines keep that name. */
  readonly #named = new SvelteMap<string, string>();

  constructor(
    history: readonly StoredSegment[] = [],
    named: readonly { speakerKey: string; name: string }[] = [],
  ) {
    for (const n of named) this.#named.set(n.speakerKey, n.name);
    this.lines = mergeLines([], historyUpdates(history));
  }

  /** Adds or updates a line (interim lines update in place; finals replace them). */
  apply(update: TranscriptUpdate): void {
    const named = this.#named.get(update.speaker);
    this.lines = upsertLine(this.lines, named ? { ...update, speakerName: named } : update);
  }

  /**
   * Merges stored lines fetched again (after a rejoin: what was said while this page was away),
   * with the names given to speakers meanwhile. Stored text is the truth for a final line.
   */
  catchUp(
    history: readonly StoredSegment[],
    named: readonly { speakerKey: string; name: string }[],
  ): void {
    for (const n of named) this.#named.set(n.speakerKey, n.name);
    for (const u of historyUpdates(history)) this.apply(u);
  }

  /** Updates the display name on every line of `speaker` (unless named for the meeting). */
  rename(speaker: string, name: string): void {
    if (this.#named.has(speaker)) return;
    this.lines = renameSpeaker(this.lines, speaker, name);
  }

  /** Applies a correction (from the server, or this page's own edit). */
  correct(change: TranscriptChange): void {
    for (const s of change.speakers) this.#named.set(s.speakerKey, s.name);
    this.lines = applyCorrection(this.lines, change);
  }
}

/**
 * Applies the server's corrections (`parley.transcript_correction`). Only packets from the server
 * count (no sending participant); a participant's packet on that topic, or a malformed one, is
 * ignored and logged.
 */
export function attachCorrections(room: Room, t: Transcript): () => void {
  const onData = (
    payload: Uint8Array,
    from?: RemoteParticipant,
    _kind?: unknown,
    topic?: string,
  ): void => {
    const r = parseTranscriptCorrection(payload, topic);
    if (!r.ok) {
      if (r.reason !== 'topic') console.warn('transcript correction ignored:', r.reason);
      return;
    }
    if (from) {
      console.warn('transcript correction ignored: sent by a participant', from.identity);
      return;
    }
    t.correct(r.message);
  };
  room.on(RoomEvent.DataReceived, onData);
  return () => {
    room.off(RoomEvent.DataReceived, onData);
  };
}

type TextReader = Parameters<Parameters<Room['registerTextStreamHandler']>[1]>[0];

/**
 * Feeds `t` from the agent's `lk.transcription` text streams (one per speaker; finals carry
 * their times, interims are timed by arrival on `clock`). Register before connecting so no early
 * segment is missed. A stream that fails is logged and dropped.
 */
export function attachTranscript(
  room: Room,
  t: Transcript,
  clock: MeetingClock,
  speakerName: (identity: string) => string,
): void {
  async function read(reader: TextReader, identity: string): Promise<void> {
    const attrs = parseTranscriptionAttributes(reader.info.attributes, reader.info.id);
    const text = await reader.readAll();
    const now = Date.now();
    if (attrs.final) clock.observeFinal(attrs.endMs, now);
    t.apply({
      segmentId: attrs.segmentId,
      // A room microphone's finals name the voice (`identity#n`, "<name> · Speaker n").
      speaker: attrs.speakerKey ?? identity,
      identity,
      speakerName: attrs.speakerName ?? speakerName(identity),
      text,
      final: attrs.final,
      // Finals carry their start; interims are timed by arrival.
      startMs: attrs.startMs ?? clock.offset(now),
    });
  }
  room.registerTextStreamHandler(TOPIC_TRANSCRIPTION, (reader, info) => {
    read(reader, info.identity).catch((err: unknown) => {
      console.warn('transcript stream failed', err);
    });
  });
}
