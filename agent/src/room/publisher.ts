import type { Room } from '@livekit/rtc-node';

/** Text-stream topic and attributes LiveKit clients use for transcriptions. */
export const TOPIC_TRANSCRIPTION = 'lk.transcription';
export const ATTR_SEGMENT_ID = 'lk.segment_id';
export const ATTR_TRACK_ID = 'lk.transcribed_track_id';
export const ATTR_FINAL = 'lk.transcription_final';

export interface TranscriptMessage {
  /** Identity of the person who spoke (the stream is sent on their behalf). */
  speakerIdentity: string;
  trackSid: string;
  segmentId: string;
  text: string;
  final: boolean;
  /** Extra attributes (e.g. Parley's times) added to the standard ones. */
  attributes?: Record<string, string>;
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
    attributes: {
      ...m.attributes,
      [ATTR_SEGMENT_ID]: m.segmentId,
      [ATTR_TRACK_ID]: m.trackSid,
      [ATTR_FINAL]: m.final ? 'true' : 'false',
    },
  });
  await writer.write(m.text);
  await writer.close();
}
