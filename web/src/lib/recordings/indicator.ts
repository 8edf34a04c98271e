/**
 * Whether a meeting is being recorded, from what every participant's livekit-client sees:
 * LiveKit's own flag while an egress records (`room.isRecording`), or the Parley agent's
 * `parley.recording` attribute (`on` while it records, or while it sees an egress recording).
 * The room page shows the indicator whenever this is true.
 */
import { ATTR_RECORDING, type RecordingIndicator } from '@parley/protocol';

const ON: RecordingIndicator = 'on';

export interface ParticipantLike {
  /** livekit-client: `participant.isAgent`; attributes as published. */
  isAgent?: boolean;
  attributes: Readonly<Record<string, string>>;
}

export function isMeetingRecorded(
  roomIsRecording: boolean,
  participants: Iterable<ParticipantLike>,
): boolean {
  if (roomIsRecording) return true;
  for (const p of participants) {
    // Only the agent's word counts (people cannot set their own attributes, but be sure).
    if (p.isAgent && p.attributes[ATTR_RECORDING] === ON) return true;
  }
  return false;
}
