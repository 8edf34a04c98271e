import { TOPIC_TRANSCRIPTION, parseTranscriptionAttributes } from '@parley/protocol';
import type { Room } from 'livekit-client';
import {
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

  constructor(history: readonly StoredSegment[] = []) {
    this.lines = mergeLines([], historyUpdates(history));
  }

  /** Adds or updates a line (interim lines update in place; finals replace them). */
  apply(update: TranscriptUpdate): void {
    this.lines = upsertLine(this.lines, update);
  }

  /** Updates the display name on every line of `speaker`. */
  rename(speaker: string, name: string): void {
    this.lines = renameSpeaker(this.lines, speaker, name);
  }
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
      speaker: identity,
      speakerName: speakerName(identity),
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
