/**
 * The LiveKit room contract: participant attributes (set by tokens, the web server or the agent)
 * and the transcription text streams the agent sends on each speaker's behalf.
 */

/** A person's role, carried by their join token: `member` or `guest`. */
export const ATTR_ROLE = 'parley.role';
export const PARTICIPANT_ROLES = ['member', 'guest'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/**
 * A person's transcription state, set by the web server (participants cannot set attributes
 * themselves) and honoured by the agent at once: `paused` or `active` (absent: active).
 */
export const ATTR_TRANSCRIPTION = 'parley.transcription';
export const TRANSCRIPTION_STATES = ['active', 'paused'] as const;
export type TranscriptionState = (typeof TRANSCRIPTION_STATES)[number];

/**
 * The agent's own state: `transcribing` while it works, `not_transcribing` when it cannot (see
 * `ATTR_TRANSCRIPTION_PROBLEM`; absent: still joining).
 */
export const ATTR_AGENT_STATE = 'parley.state';
export const AGENT_STATES = ['transcribing', 'paused', 'not_transcribing'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/**
 * What the room should know about the agent's transcription (absent: nothing):
 * `language:<language>:<provider>` when the team's provider cannot do the meeting's language
 * (nothing is transcribed), `unavailable:<chosen>:<used>` when the team's provider has no API key
 * on this server and another one transcribes instead.
 */
export const ATTR_TRANSCRIPTION_PROBLEM = 'parley.transcription_problem';

/** The agent's `parley.transcription_problem` value for a language its provider cannot do. */
export function languageProblemValue(language: string, provider: string): string {
  return `language:${language}:${provider}`;
}

/** The value when the team's provider has no key on this server and `used` stands in for it. */
export function unavailableProblemValue(chosen: string, used: string): string {
  return `unavailable:${chosen}:${used}`;
}

/** What the room says about the agent's transcription problem (null when there is none). */
export function transcriptionProblem(value: string | undefined): string | null {
  if (!value) return null;
  const [kind, a = '', b = ''] = value.split(':');
  if (kind === 'unavailable') {
    const used = b === 'local' ? 'the offline recogniser (English only, less accurate)' : b;
    return (
      `The team's speech provider (${a}) has no API key on this server: Parley transcribes ` +
      `with ${used}. The server's operator can add the key.`
    );
  }
  if (kind !== 'language') return 'Parley is not transcribing this meeting.';
  return b === 'local'
    ? `Parley is not transcribing: the meeting's language (${a}) needs a cloud speech ` +
        'provider (Deepgram or OpenAI) with its API key on this server; the offline ' +
        'recogniser knows English only. A team admin can choose one in the team settings.'
    : `Parley is not transcribing: ${b} cannot transcribe ${a}.`;
}

/**
 * The agent's recording indicator: `on` while the meeting is recorded (by the agent or by an
 * egress it sees), else `off`. Only an agent participant's value counts.
 */
export const ATTR_RECORDING = 'parley.recording';
export type RecordingIndicator = 'on' | 'off';

/**
 * A shared room microphone (several people on one mic): `1` when marked, absent otherwise. Set
 * by the web server for the participant (themself, or a meeting editor for them); the agent asks
 * a diarizing provider to tell the voices apart from the next utterance on.
 */
export const ATTR_ROOM_MIC = 'parley.room_mic';

/**
 * A raised hand: when it went up (ms since the epoch, as text), absent when it is down. Set by
 * the web server for the participant (their own; a moderator may lower anyone's); the room
 * lists raised hands in the order they went up.
 */
export const ATTR_HAND = 'parley.hand';

/**
 * The agent's ability to split a room microphone by speaker: `on`, or `off:<provider>` when the
 * team's provider cannot diarize (the room shows why).
 */
export const ATTR_SPEAKER_SPLIT = 'parley.speaker_split';

/** The agent's `parley.speaker_split` value for its provider (and whether that diarizes). */
export function speakerSplitValue(provider: string, diarizes: boolean): string {
  return diarizes ? 'on' : `off:${provider}`;
}

/** Why a room mic is not split (null when it can be), from the agent's attribute value. */
export function speakerSplitProblem(value: string | undefined): string | null {
  if (value === undefined || value === 'on') return null;
  const provider = value.startsWith('off:') ? value.slice(4) : 'another provider';
  return `Speaker split needs a diarizing provider (Deepgram); this team uses ${provider}.`;
}

/** A room-mic speaker's key: the participant's identity and the speaker's number (1-based). */
export function roomMicSpeakerKey(identity: string, n: number): string {
  return `${identity}#${n}`;
}

/** A room-mic speaker's default label. */
export function roomMicSpeakerLabel(participantName: string, n: number): string {
  return `${participantName} · Speaker ${n}`;
}

/** Text-stream topic and attributes LiveKit clients use for transcriptions. */
export const TOPIC_TRANSCRIPTION = 'lk.transcription';
export const ATTR_SEGMENT_ID = 'lk.segment_id';
export const ATTR_TRACK_ID = 'lk.transcribed_track_id';
export const ATTR_FINAL = 'lk.transcription_final';
/** Parley's times on finals, in ms from the meeting's start (decimal strings). */
export const ATTR_START_MS = 'parley.start_ms';
export const ATTR_END_MS = 'parley.end_ms';
/** On a room-mic final: which voice (see `roomMicSpeakerKey`) and its current name. */
export const ATTR_SPEAKER_KEY = 'parley.speaker_key';
export const ATTR_SPEAKER_NAME = 'parley.speaker_name';

/** Transcription attributes LiveKit (and Parley) put on a text stream. */
export interface TranscriptionAttributes {
  segmentId: string;
  final: boolean;
  trackId: string | null;
  /** Parley's times on finals (ms from meeting start); null when absent or malformed. */
  startMs: number | null;
  endMs: number | null;
  /** A room-mic final's speaker key and name; null on a person's own track. */
  speakerKey: string | null;
  speakerName: string | null;
}

/** The text-stream attributes of one transcription (the sender side). */
export function transcriptionAttributes(t: {
  segmentId: string;
  trackId: string;
  final: boolean;
  startMs?: number;
  endMs?: number;
  speakerKey?: string;
  speakerName?: string;
}): Record<string, string> {
  return {
    ...(t.speakerKey !== undefined ? { [ATTR_SPEAKER_KEY]: t.speakerKey } : {}),
    ...(t.speakerName !== undefined ? { [ATTR_SPEAKER_NAME]: t.speakerName } : {}),
    ...(t.startMs !== undefined ? { [ATTR_START_MS]: String(t.startMs) } : {}),
    ...(t.endMs !== undefined ? { [ATTR_END_MS]: String(t.endMs) } : {}),
    [ATTR_SEGMENT_ID]: t.segmentId,
    [ATTR_TRACK_ID]: t.trackId,
    [ATTR_FINAL]: t.final ? 'true' : 'false',
  };
}

function msAttr(v: string | undefined): number | null {
  if (v === undefined || !/^\d{1,12}$/.test(v)) return null;
  return Number(v);
}

/** Reads the transcription attributes of a text stream (never throws). */
export function parseTranscriptionAttributes(
  attributes: Record<string, string> | undefined,
  fallbackId: string,
): TranscriptionAttributes {
  const a = attributes ?? {};
  return {
    segmentId: a[ATTR_SEGMENT_ID] || fallbackId,
    final: a[ATTR_FINAL] === 'true',
    trackId: a[ATTR_TRACK_ID] ?? null,
    startMs: msAttr(a[ATTR_START_MS]),
    endMs: msAttr(a[ATTR_END_MS]),
    speakerKey: a[ATTR_SPEAKER_KEY] || null,
    speakerName: a[ATTR_SPEAKER_NAME] || null,
  };
}

/** LiveKit identities of guests: `guest-<uuid>`; members use their user id. */
export const GUEST_IDENTITY_PREFIX = 'guest-';

/** A new guest's LiveKit identity. */
export function guestIdentity(uuid: string): string {
  return `${GUEST_IDENTITY_PREFIX}${uuid}`;
}

export function isGuestIdentity(identity: string): boolean {
  return identity.startsWith(GUEST_IDENTITY_PREFIX);
}
