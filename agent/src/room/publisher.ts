import type { Room } from '@livekit/rtc-node';
import { TOPIC_TRANSCRIPTION, transcriptionAttributes } from '@parley/protocol';

export interface TranscriptMessage {
  /** Identity of the person who spoke (the stream is sent on their behalf). */
  speakerIdentity: string;
  trackSid: string;
  segmentId: string;
  text: string;
  final: boolean;
  /** Parley's times on finals (ms from the meeting's start). */
  startMs?: number;
  endMs?: number;
  /** A room-mic final: which voice, and its label (see `roomMicSpeakerKey`). */
  speakerKey?: string;
  speakerName?: string;
}

/**
 * Publishes transcriptions on `lk.transcription` text streams with `senderIdentity` set to
 * the speaker, as LiveKit's own agents do, so any LiveKit client shows them per speaker.
 */
export async function publishTranscript(room: Room, m: TranscriptMessage): Promise<void> {
  const local = room.localParticipant;
  if (!local) throw new Error('not connected to the room');
  const writer = await local.streamText({
    topic: TOPIC_TRANSCRIPTION,
    senderIdentity: m.speakerIdentity,
    attributes: transcriptionAttributes({
      segmentId: m.segmentId,
      trackId: m.trackSid,
      final: m.final,
      ...(m.startMs !== undefined ? { startMs: m.startMs } : {}),
      ...(m.endMs !== undefined ? { endMs: m.endMs } : {}),
      ...(m.speakerKey !== undefined ? { speakerKey: m.speakerKey } : {}),
      ...(m.speakerName !== undefined ? { speakerName: m.speakerName } : {}),
    }),
  });
  await writer.write(m.text);
  await writer.close();
}
