/**
 * The room session (Svelte runes): the LiveKit connection of one meeting page — a join token
 * fetched while the pre-join step shows, connect and rejoin, who is in the room with what media,
 * the connection's ups and downs, and the host's notices. Other parts (media, transcript, chat,
 * suggestions) attach to `room` and are told about events through `SessionHooks`.
 */
import {
  ConnectionState,
  DisconnectReason,
  ParticipantKind,
  RemoteAudioTrack,
  Room,
  RoomEvent,
  Track,
  type LocalTrackPublication,
  type Participant,
  type RemoteTrack,
  type VideoTrack,
} from 'livekit-client';
import {
  AGENT_STATES,
  ATTR_AGENT_STATE,
  ATTR_ROLE,
  ATTR_HAND,
  ATTR_ROOM_MIC,
  ATTR_SPEAKER_SPLIT,
  ATTR_TRANSCRIPTION,
  ATTR_TRANSCRIPTION_PROBLEM,
  speakerSplitProblem,
  transcriptionProblem,
  type JoinToken,
  type ParticipantRole,
  type TranscriptionState,
} from '@parley/protocol';
import { ApiRequestError, joinToken } from '../api/index.ts';
import { isMeetingRecorded } from '../recordings/indicator.ts';
import { attachModeration } from './moderation.ts';
import { handRaisedAt, type AgentState, type PersonView } from './people.ts';

/** A video shown on the stage. */
export interface Tile {
  key: string;
  track: VideoTrack;
  name: string;
  screen: boolean;
}

/** What other parts of the room do when the session sees something. */
export interface SessionHooks {
  /** My microphone track was (re)published, or the connection came back: re-apply processing. */
  reapplyMic(): void;
  /** The browser's device list changed. */
  onDevicesChanged(): void;
  /** A participant's display name changed. */
  onNameChanged(identity: string, name: string): void;
  /** The volume chosen for a participant, if any. */
  volumeOf(identity: string): number | undefined;
}

/**
 * How connecting ended: in the room; failed in a way worth trying again (network, server down,
 * busy); or refused by the app (signed out, no longer allowed in, the meeting ended).
 */
export type ConnectResult = 'connected' | 'failed' | 'refused';

/** Token refusals that trying again will not change. */
const REFUSED_STATUSES = new Set([401, 403, 404, 409, 410]);

/** What I was sharing when the connection went (a rejoin restores it, never more). */
export interface SharedMedia {
  mic: boolean;
  camera: boolean;
}

/** An early token older than this is fetched again (tokens are short-lived). */
export const EARLY_TOKEN_MAX_AGE_MS = 60_000;
/** How long "Reconnected." stays up. */
const RECONNECTED_NOTICE_MS = 4000;

const GUEST: ParticipantRole = 'guest';
const PAUSED: TranscriptionState = 'paused';

export function displayName(p: Participant): string {
  if (p.kind === ParticipantKind.AGENT) return 'Parley AI';
  return p.name || p.identity;
}

function agentState(p: Participant): AgentState {
  const s = p.attributes[ATTR_AGENT_STATE];
  return AGENT_STATES.find((known) => known === s) ?? 'joining';
}

export class RoomSession {
  /** Created on mount (browser only); undefined before and after. */
  room: Room | undefined;
  phase = $state<'prejoin' | 'room'>('prejoin');
  connectionState = $state<ConnectionState>(ConnectionState.Disconnected);
  /** Shown for a few seconds after a reconnection succeeded. */
  reconnected = $state(false);
  /** The connection dropped for good (not by leaving, not by the host). */
  lostConnection = $state(false);
  /** What I shared the last time I was connected. */
  sharedBeforeLoss: SharedMedia = { mic: false, camera: false };
  /** Why connecting failed. */
  errorMessage = $state<string | null>(null);
  /** Why the host muted or removed me, or ended the meeting. */
  moderationMessage = $state<string | null>(null);
  needsAudioStart = $state(false);
  people = $state<PersonView[]>([]);
  recording = $state(false);
  micOn = $state(false);
  cameraOn = $state(false);
  screenOn = $state(false);
  micSid = $state('');
  audioTracks = $state.raw<RemoteTrack[]>([]);
  tiles = $state.raw<Tile[]>([]);
  /** My `parley.transcription` attribute (the server sets it; it survives reloads). */
  myTranscription = $state<string | undefined>(undefined);
  /** Why the agent cannot split a room microphone by voice (null: it can, or no agent yet). */
  speakerSplitProblem = $state<string | null>(null);
  /** Why the agent does not transcribe the meeting (null: it does, or no agent yet). */
  transcriptionProblem = $state<string | null>(null);
  readonly connected = $derived(this.connectionState === ConnectionState.Connected);
  readonly agent = $derived(this.people.find((p) => p.isAgent));

  readonly #meetingId: string;
  #leaving = false;
  /** A token fetched while the pre-join step is shown, so Join connects at once. */
  #early: Promise<JoinToken> | undefined;
  #earlyAt = 0;
  #firstAudioSeen = false;

  constructor(meetingId: string) {
    this.#meetingId = meetingId;
  }

  /** The name shown for a participant identity (the identity when they are not in the room). */
  speakerName(identity: string): string {
    const p = this.room?.getParticipantByIdentity(identity);
    return p ? displayName(p) : identity;
  }

  /** Reads who is in the room and what my media is doing. */
  refresh(): void {
    const room = this.room;
    if (!room) return;
    const local = room.localParticipant;
    this.myTranscription = local.attributes[ATTR_TRANSCRIPTION];
    const remote = [...room.remoteParticipants.values()];
    const agent = remote.find((p) => p.kind === ParticipantKind.AGENT);
    this.speakerSplitProblem = speakerSplitProblem(agent?.attributes[ATTR_SPEAKER_SPLIT]);
    this.transcriptionProblem = transcriptionProblem(agent?.attributes[ATTR_TRANSCRIPTION_PROBLEM]);
    // LiveKit's flag while an egress records, or the agent's attribute while it records itself.
    this.recording = isMeetingRecorded(
      room.isRecording,
      remote.map((p) => ({ isAgent: p.kind === ParticipantKind.AGENT, attributes: p.attributes })),
    );
    this.people = [local, ...remote].map((p) => {
      const micPub = p.getTrackPublication(Track.Source.Microphone);
      return {
        identity: p.identity,
        name: displayName(p),
        isAgent: p.kind === ParticipantKind.AGENT,
        isLocal: p === local,
        isGuest: p.attributes[ATTR_ROLE] === GUEST,
        speaking: p.isSpeaking,
        hasMic: micPub !== undefined,
        micMuted: micPub?.isMuted ?? false,
        agentState: agentState(p),
        paused: p.attributes[ATTR_TRANSCRIPTION] === PAUSED,
        roomMic: p.attributes[ATTR_ROOM_MIC] === '1',
        handRaisedAt: handRaisedAt(p.attributes[ATTR_HAND]),
      };
    });
    this.micOn = local.isMicrophoneEnabled;
    this.micSid = local.getTrackPublication(Track.Source.Microphone)?.trackSid ?? '';
    this.cameraOn = local.isCameraEnabled;
    this.screenOn = local.isScreenShareEnabled;
    this.#refreshTiles(room);
  }

  #refreshTiles(room: Room): void {
    const next: Tile[] = [];
    for (const p of [room.localParticipant, ...room.remoteParticipants.values()]) {
      for (const pub of p.videoTrackPublications.values()) {
        const track = pub.videoTrack;
        if (!track || pub.isMuted) continue;
        next.push({
          key: `${p.identity}:${pub.trackSid}`,
          track,
          name: displayName(p),
          screen: pub.source === Track.Source.ScreenShare,
        });
      }
    }
    this.tiles = next;
  }

  /**
   * Creates the room and listens to it (before connecting, so nothing early is missed), and
   * fetches a token and warms the connection while the pre-join step shows. Returns a function
   * that disconnects and stops listening.
   */
  start(hooks: SessionHooks): () => void {
    const r = new Room({ adaptiveStream: true, dynacast: true });
    this.room = r;
    const detachModeration = attachModeration(r, (n) => {
      this.moderationMessage = n.message;
      if (n.type === 'muted') this.refresh();
    });
    const refresh = () => this.refresh();
    let reconnectedTimer: ReturnType<typeof setTimeout> | undefined;
    r.on(RoomEvent.ConnectionStateChanged, (s: ConnectionState) => {
      // Leaving "connected": my tracks are still published now (they are gone once disconnected).
      if (this.connectionState === ConnectionState.Connected && s !== ConnectionState.Connected) {
        this.sharedBeforeLoss = { mic: this.micOn, camera: this.cameraOn };
      }
      this.connectionState = s;
    })
      .on(RoomEvent.Reconnected, () => {
        this.reconnected = true;
        clearTimeout(reconnectedTimer);
        reconnectedTimer = setTimeout(() => (this.reconnected = false), RECONNECTED_NOTICE_MS);
        hooks.reapplyMic();
      })
      .on(RoomEvent.Disconnected, (reason?: DisconnectReason) => {
        this.refresh();
        const byServer =
          reason === DisconnectReason.PARTICIPANT_REMOVED ||
          reason === DisconnectReason.ROOM_DELETED ||
          reason === DisconnectReason.DUPLICATE_IDENTITY ||
          reason === DisconnectReason.CLIENT_INITIATED;
        if (!this.#leaving && !byServer && this.phase === 'room') this.lostConnection = true;
      })
      .on(RoomEvent.ParticipantConnected, refresh)
      .on(RoomEvent.ParticipantDisconnected, refresh)
      .on(RoomEvent.ParticipantAttributesChanged, refresh)
      .on(RoomEvent.ActiveSpeakersChanged, refresh)
      .on(RoomEvent.TrackMuted, refresh)
      .on(RoomEvent.TrackUnmuted, refresh)
      .on(RoomEvent.TrackPublished, refresh)
      .on(RoomEvent.TrackUnpublished, refresh)
      .on(RoomEvent.LocalTrackPublished, (pub: LocalTrackPublication) => {
        if (pub.source === Track.Source.Microphone) hooks.reapplyMic();
        this.refresh();
      })
      .on(RoomEvent.LocalTrackUnpublished, refresh)
      .on(RoomEvent.RecordingStatusChanged, refresh)
      .on(RoomEvent.MediaDevicesChanged, () => hooks.onDevicesChanged())
      .on(RoomEvent.ParticipantNameChanged, (_name: string, p: Participant) => {
        this.refresh();
        hooks.onNameChanged(p.identity, displayName(p));
      })
      .on(RoomEvent.TrackSubscribed, (track: RemoteTrack, _pub, p: Participant) => {
        if (track.kind === Track.Kind.Audio) {
          if (!this.#firstAudioSeen) {
            this.#firstAudioSeen = true;
            void markFirstAudio(track);
          }
          this.audioTracks = [...this.audioTracks, track];
          const v = hooks.volumeOf(p.identity);
          if (v !== undefined) this.room?.remoteParticipants.get(p.identity)?.setVolume(v);
        }
        this.refresh();
      })
      .on(RoomEvent.TrackUnsubscribed, (track: RemoteTrack) => {
        this.audioTracks = this.audioTracks.filter((t) => t !== track);
        this.refresh();
      })
      .on(RoomEvent.AudioPlaybackStatusChanged, () => {
        this.needsAudioStart = !r.canPlaybackAudio;
      });
    this.#early = joinToken(this.#meetingId);
    this.#earlyAt = Date.now();
    this.#early.then((t) => r.prepareConnection(t.url, t.token)).catch(() => undefined);
    return () => {
      clearTimeout(reconnectedTimer);
      detachModeration();
      r.disconnect().catch(() => undefined);
      this.room = undefined;
    };
  }

  /**
   * Enters the room: the early token when it is fresh (else a new one), then connects. On failure
   * `errorMessage` says why (the app's own message for a refused token, never a raw exception).
   */
  async connect(): Promise<ConnectResult> {
    const r = this.room;
    if (!r) return 'failed';
    this.phase = 'room';
    this.errorMessage = null;
    try {
      const fresh =
        this.#early && Date.now() - this.#earlyAt < EARLY_TOKEN_MAX_AGE_MS
          ? this.#early
          : undefined;
      const fetchToken = () => joinToken(this.#meetingId);
      const t = await (fresh ?? fetchToken()).catch(() => fetchToken());
      this.#early = undefined;
      await r.connect(t.url, t.token);
      this.lostConnection = false;
      this.refresh();
      return 'connected';
    } catch (err) {
      this.#early = undefined;
      const api = err instanceof ApiRequestError ? err : null;
      this.errorMessage = api?.message ?? 'Could not connect to the meeting.';
      return api && REFUSED_STATUSES.has(api.status) ? 'refused' : 'failed';
    }
  }

  async disconnect(): Promise<void> {
    await this.room?.disconnect();
  }

  /** Leaving on purpose: the disconnect that follows is not a lost connection. */
  async leave(): Promise<void> {
    this.#leaving = true;
    await this.room?.disconnect();
  }

  /** Starts playback after the browser blocked it (a click is needed). */
  async enableAudio(): Promise<void> {
    await this.room?.startAudio();
    this.needsAudioStart = !(this.room?.canPlaybackAudio ?? true);
  }

  /** Unmuting answers the host's "muted" notice. */
  clearMutedNotice(): void {
    if (this.moderationMessage?.includes('muted')) this.moderationMessage = null;
  }
}

/**
 * Marks `parley:first-remote-audio` once the first remote audio track has received bytes
 * (Performance API; read by `bench/room-join`). Polls receiver stats for at most 10 s.
 */
async function markFirstAudio(track: RemoteTrack): Promise<void> {
  if (!(track instanceof RemoteAudioTrack)) return;
  for (let i = 0; i < 500; i++) {
    const stats = await track.getReceiverStats().catch(() => undefined);
    if ((stats?.bytesReceived ?? 0) > 0) {
      performance.mark('parley:first-remote-audio');
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
