import { type Logger } from '@parley/services/log';
import {
  type AudioFrame,
  ParticipantKind,
  RemoteParticipant,
  RoomEvent,
  type Participant,
  TrackKind,
  type RemoteTrack,
  type RemoteTrackPublication,
  type Room,
} from '@livekit/rtc-node';
import type { NewTranscriptSegment } from '@parley/db';
import { ATTR_TRANSCRIPTION, type TranscriptionState } from '@parley/protocol';
import type { DenoiseOptions, SpeechCaser, SpeechRecognizer, Vad } from '../transcription/index.ts';
import { publishTranscript } from './publisher.ts';
import { RoomMicVoices, isRoomMic, splitByVoice } from './room-mic.ts';
import { RtpReceiveStats, type RtpReceiveCounts, type StreamGapCounts } from './receive-meter.ts';
import type { SilenceGateOptions } from './silence-gate.ts';
import { TrackPipeline, type TrackUtterance } from './track-pipeline.ts';

export interface MeetingTranscriberDeps {
  room: Room;
  meetingId: string;
  /** Wall-clock start of the meeting; segment times are measured from it. */
  meetingStartedAt: Date;
  vad: Vad;
  /** The silence gate in front of each track's VAD (defaults: `defaultSilenceGateOptions`). */
  gate?: Partial<SilenceGateOptions>;
  /** Noise suppression per track, ahead of the gate (null or absent: none). */
  denoise?: Partial<DenoiseOptions> | null;
  recognizer: SpeechRecognizer;
  language: string;
  /** Names and terms of the meeting, for providers that take a prompt. */
  prompt?: string;
  /**
   * Puts capitals back into lowercase recogniser text (interims and finals); each speaker's
   * name is added to it as they come. Absent: text as recognised.
   */
  casing?: SpeechCaser;
  /** Stores a final segment; resolves once it is safe to publish (see SegmentStore). */
  store: (segment: NewTranscriptSegment) => Promise<void>;
  log: Logger;
  /** The highest room-mic voice number stored for a participant (an earlier agent's); 0 if none. */
  roomMicVoicesUsed?: (identity: string) => Promise<number>;
  /** Called for each published final (latency metrics). */
  onFinalPublished?: (info: { latencyMs: number; provider: string }) => void;
  /** A transcription could not be published, or an utterance could not be recognised. */
  onProblem?: (kind: 'publish' | 'recognition') => void;
  /** Called with each final segment once it is stored and published (suggestions). */
  onFinal?: (segment: NewTranscriptSegment) => void;
  /** Every decoded microphone frame (16 kHz mono), by track: the recorder's tap. */
  onAudio?: (trackSid: string, frame: AudioFrame) => void;
}

const PAUSED: TranscriptionState = 'paused';
/** How often WebRTC's inbound audio statistics are read (packets lost, concealment). */
const RTP_STATS_INTERVAL_MS = 2_000;

function isPaused(p: RemoteParticipant): boolean {
  return p.attributes[ATTR_TRANSCRIPTION] === PAUSED;
}

/** Stable per track and start time, so a re-transcribed utterance maps to the same row. */
export function segmentIdFor(trackSid: string, startMs: number): string {
  return `${trackSid}-${startMs}`;
}

/**
 * Transcribes every person in a room: one pipeline per microphone track, finals stored in the
 * database and published to the room as `lk.transcription` text streams on the speaker's behalf.
 */
export class MeetingTranscriber {
  readonly #d: MeetingTranscriberDeps;
  readonly #pipelines = new Map<string, { pipeline: TrackPipeline; identity: string }>();
  /** Receiving-side counts of pipelines that ended. */
  readonly #endedReceive: StreamGapCounts = { frames: 0, receivedMs: 0, gapMs: 0 };
  readonly #rtp = new RtpReceiveStats();
  /** Voices of room microphones, numbered per participant for the meeting. */
  readonly #voices: RoomMicVoices;
  #rtpTimer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(deps: MeetingTranscriberDeps) {
    this.#d = deps;
    this.#voices = new RoomMicVoices(deps.roomMicVoicesUsed);
  }

  /** Starts on tracks already there and follows tracks that come and go. */
  start(): void {
    const room = this.#d.room;
    room.on(RoomEvent.ParticipantConnected, this.#onJoined);
    room.on(RoomEvent.TrackSubscribed, this.#onSubscribed);
    room.on(RoomEvent.TrackUnsubscribed, this.#onUnsubscribed);
    room.on(RoomEvent.ParticipantDisconnected, this.#onParticipantGone);
    room.on(RoomEvent.ParticipantAttributesChanged, this.#onAttributes);
    room.on(RoomEvent.TrackMuted, this.#onMuteChange);
    room.on(RoomEvent.TrackUnmuted, this.#onMuteChange);
    // WebRTC's inbound statistics of a track vanish with it: read them while it is there.
    this.#rtpTimer = setInterval(() => {
      if (this.#pipelines.size === 0 || !room.isConnected) return;
      room
        .getRtcStats()
        .then((s) => this.#rtp.update(s))
        .catch(() => undefined);
    }, RTP_STATS_INTERVAL_MS);
    this.#rtpTimer.unref();
    for (const p of room.remoteParticipants.values()) {
      this.#onJoined(p);
      for (const pub of p.trackPublications.values()) {
        if (pub.track && pub.kind === TrackKind.KIND_AUDIO) this.#onSubscribed(pub.track, pub, p);
      }
    }
  }

  /** Number of tracks being transcribed. */
  get activeTracks(): number {
    return this.#pipelines.size;
  }

  /**
   * Audio lost on its way to the agent, counted where it arrives (see receive-meter.ts):
   * decoded audio missing against the clock, RTP packets lost, audio WebRTC concealed.
   */
  receiveCounts(): StreamGapCounts & RtpReceiveCounts {
    const sum = { ...this.#endedReceive };
    for (const { pipeline } of this.#pipelines.values()) {
      const c = pipeline.receive.counts;
      sum.frames += c.frames;
      sum.receivedMs += c.receivedMs;
      sum.gapMs += c.gapMs;
    }
    return { ...sum, ...this.#rtp.counts };
  }

  /** Muted tracks may stop sending audio: their receive timing starts afresh. */
  #onMuteChange = (pub: { sid?: string }): void => {
    if (pub.sid) this.#pipelines.get(pub.sid)?.pipeline.receive.restart();
  };

  #ms(wall: number): number {
    return Math.max(0, Math.round(wall - this.#d.meetingStartedAt.getTime()));
  }

  /** People's names are written as they are, whether or not they speak (others say them). */
  #onJoined = (p: RemoteParticipant): void => {
    if (p.name && p.kind !== ParticipantKind.AGENT) this.#d.casing?.addNames([p.name]);
  };

  #onSubscribed = (track: RemoteTrack, pub: RemoteTrackPublication, p: RemoteParticipant): void => {
    if (this.#closed || track.kind !== TrackKind.KIND_AUDIO) return;
    if (p.kind === ParticipantKind.AGENT) return;
    const trackSid = pub.sid;
    if (!trackSid || this.#pipelines.has(trackSid)) return;
    const identity = p.identity;
    const log = this.#d.log;
    log.info(
      { meetingId: this.#d.meetingId, trackSid, participantSid: p.sid },
      'transcribing track',
    );
    const pipeline = new TrackPipeline(
      track,
      {
        vad: this.#d.vad,
        recognizer: this.#d.recognizer,
        language: this.#d.language,
        prompt: this.#d.prompt,
        gate: this.#d.gate,
        denoise: this.#d.denoise,
        // A room microphone is split by voice from its next utterance on (diarizing providers).
        diarize: () => isRoomMic(p) && this.#d.recognizer.diarization === true,
        onFrame: this.#d.onAudio ? (f) => this.#d.onAudio?.(trackSid, f) : undefined,
      },
      {
        onInterim: (u) => {
          const segmentId = segmentIdFor(trackSid, this.#ms(u.startWallMs));
          void publishTranscript(this.#d.room, {
            speakerIdentity: identity,
            trackSid,
            segmentId,
            text: this.#cased(u.text),
            final: false,
          }).catch((err: unknown) => {
            this.#d.onProblem?.('publish');
            log.warn({ trackSid, err: String(err) }, 'interim not published');
          });
        },
        onFinal: (u) => void this.#final(p, trackSid, u),
        onError: (err) => {
          this.#d.onProblem?.('recognition');
          log.error(
            { meetingId: this.#d.meetingId, trackSid, err: String(err) },
            'recognition failed',
          );
        },
      },
    );
    if (isPaused(p)) pipeline.pause();
    this.#pipelines.set(trackSid, { pipeline, identity });
  };

  /** Honours a person's pause/resume as soon as LiveKit delivers the attribute change. */
  #onAttributes = (_changed: Record<string, string>, participant: Participant): void => {
    if (!(participant instanceof RemoteParticipant)) return;
    const paused = isPaused(participant);
    for (const { pipeline, identity } of this.#pipelines.values()) {
      if (identity !== participant.identity || pipeline.paused === paused) continue;
      if (paused) pipeline.pause();
      else pipeline.resume();
      this.#d.log.info(
        { meetingId: this.#d.meetingId, participantSid: participant.sid, paused },
        'transcription consent changed',
      );
    }
  };

  async #final(p: RemoteParticipant, trackSid: string, u: TrackUtterance): Promise<void> {
    const startMs = this.#ms(u.startWallMs);
    const row: NewTranscriptSegment = {
      meeting_id: this.#d.meetingId,
      segment_id: segmentIdFor(trackSid, startMs),
      speaker_identity: p.identity,
      speaker_name: p.name || p.identity,
      track_id: trackSid,
      text: u.text,
      start_ms: startMs,
      end_ms: Math.max(startMs, this.#ms(u.endWallMs)),
      spoken_at: new Date(u.startWallMs),
      language: this.#d.language,
    };
    const rows = (
      u.runs && u.runs.length > 0
        ? splitByVoice(row, u.runs, await this.#voices.of(p.identity), p.name || p.identity)
        : [row]
    ).map((r) => ({ ...r, text: this.#cased(r.text) }));
    let published = false;
    for (const r of rows) published = (await this.#storeAndPublish(r, trackSid)) || published;
    if (published) {
      this.#d.onFinalPublished?.({
        latencyMs: Date.now() - u.endWallMs,
        provider: this.#d.recognizer.name,
      });
    }
  }

  #cased(text: string): string {
    return this.#d.casing ? this.#d.casing.apply(text) : text;
  }

  /** Store first, then publish: a final shown in the room is one the database has or will have. */
  async #storeAndPublish(row: NewTranscriptSegment, trackSid: string): Promise<boolean> {
    const segmentId = row.segment_id;
    let published = false;
    try {
      await this.#d.store(row);
    } catch (err) {
      this.#d.log.error({ trackSid, segmentId, err: String(err) }, 'segment not accepted');
    }
    try {
      await publishTranscript(this.#d.room, {
        speakerIdentity: row.speaker_identity,
        trackSid,
        segmentId,
        text: row.text,
        final: true,
        startMs: row.start_ms,
        endMs: row.end_ms,
        ...(row.speaker_key ? { speakerKey: row.speaker_key, speakerName: row.speaker_name } : {}),
      });
      published = true;
    } catch (err) {
      this.#d.onProblem?.('publish');
      this.#d.log.warn({ trackSid, segmentId, err: String(err) }, 'final not published');
    }
    this.#d.onFinal?.(row);
    return published;
  }

  #onUnsubscribed = (_t: RemoteTrack, pub: RemoteTrackPublication): void => {
    if (pub.sid) this.#stop(pub.sid);
  };

  #onParticipantGone = (p: RemoteParticipant): void => {
    for (const pub of p.trackPublications.values()) if (pub.sid) this.#stop(pub.sid);
  };

  #stop(trackSid: string): void {
    const entry = this.#pipelines.get(trackSid);
    if (!entry) return;
    this.#pipelines.delete(trackSid);
    void this.#end(entry.pipeline);
  }

  /** Closes a pipeline that left `#pipelines`, keeping its receiving-side counts. */
  #end(pipeline: TrackPipeline): Promise<void> {
    const c = pipeline.receive.counts;
    this.#endedReceive.frames += c.frames;
    this.#endedReceive.receivedMs += c.receivedMs;
    this.#endedReceive.gapMs += c.gapMs;
    return pipeline.close();
  }

  /** Stops every pipeline, finishing utterances in progress. */
  async close(): Promise<void> {
    this.#closed = true;
    const room = this.#d.room;
    room.off(RoomEvent.ParticipantConnected, this.#onJoined);
    room.off(RoomEvent.TrackSubscribed, this.#onSubscribed);
    room.off(RoomEvent.TrackUnsubscribed, this.#onUnsubscribed);
    room.off(RoomEvent.ParticipantDisconnected, this.#onParticipantGone);
    room.off(RoomEvent.ParticipantAttributesChanged, this.#onAttributes);
    room.off(RoomEvent.TrackMuted, this.#onMuteChange);
    room.off(RoomEvent.TrackUnmuted, this.#onMuteChange);
    if (this.#rtpTimer) clearInterval(this.#rtpTimer);
    const all = [...this.#pipelines.values()];
    this.#pipelines.clear();
    await Promise.all(all.map((e) => this.#end(e.pipeline)));
  }
}
