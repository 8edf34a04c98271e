import {
  type AudioFrame,
  AudioSource,
  DisconnectReason,
  LocalAudioTrack,
  Room,
  RoomEvent,
  TrackPublishOptions,
  TrackSource,
} from '@livekit/rtc-node';
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LiveKitConfig } from '../config.ts';
import type { SimulatedSpeaker } from './types.ts';

/** The simulated microphone's queue: how far ahead of real time audio may be handed over. */
export const SOURCE_QUEUE_MS = 200;

export interface SpeakerLinkOptions {
  /** How long to keep trying to join again after LiveKit dropped the speaker (ms). */
  rejoinWindowMs: number;
  /** A frame handed to the SDK that is not taken within this long: the link is stuck (ms). */
  captureBoundMs: number;
  /** Leaving waits this long at most (a session stuck reconnecting may never answer) (ms). */
  leaveBoundMs: number;
  /**
   * After the SDK says it reconnected, LiveKit must show the microphone published within this
   * long, or the link joins again (ms).
   */
  republishBoundMs: number;
}

export const defaultSpeakerLinkOptions: SpeakerLinkOptions = {
  rejoinWindowMs: 60_000,
  captureBoundMs: 3_000,
  leaveBoundMs: 5_000,
  republishBoundMs: 5_000,
};

/** Ways of leaving after which a person would not come back on their own. */
const FINAL_REASONS = new Set<DisconnectReason>([
  DisconnectReason.CLIENT_INITIATED,
  DisconnectReason.PARTICIPANT_REMOVED,
  DisconnectReason.ROOM_DELETED,
  DisconnectReason.DUPLICATE_IDENTITY,
]);

/** `p`, or 'timeout' when it takes longer than `ms`. */
async function bounded<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), ms)));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A join token for one simulated speaker: publish only, 10 minutes. */
export function speakerToken(
  livekit: LiveKitConfig,
  room: string,
  s: SimulatedSpeaker,
): Promise<string> {
  const at = new AccessToken(livekit.apiKey, livekit.apiSecret, {
    identity: s.identity,
    name: s.name ?? s.identity,
    ttl: 600,
  });
  if (s.attributes) at.attributes = s.attributes;
  at.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: false });
  return at.toJwt();
}

interface Session {
  room: Room;
  source: AudioSource;
  track: LocalAudioTrack;
}

/**
 * One simulated person's connection: joins, publishes a microphone and, like a browser client,
 * joins again (within `rejoinWindowMs`) when LiveKit drops them for good (a node that died
 * after the SDK's own reconnection gave up) or the SDK stops taking audio. Audio played while
 * the link is down is lost, as a microphone's is during a reconnect; playback keeps real time.
 */
export class SpeakerLink {
  readonly #o: SpeakerLinkOptions;
  #session: Session | null = null;
  #rejoining: Promise<void> | null = null;
  #closed = false;
  /** Times the link joined again after losing the room. */
  rejoins = 0;
  /** Audio played while out of the room, queued in a dropped session or handed to a stuck SDK (ms). */
  lostMs = 0;

  readonly livekit: LiveKitConfig;
  readonly roomName: string;
  readonly speaker: SimulatedSpeaker;
  readonly log: (line: string) => void;

  private constructor(
    livekit: LiveKitConfig,
    roomName: string,
    speaker: SimulatedSpeaker,
    log: (line: string) => void,
    o: SpeakerLinkOptions,
  ) {
    this.livekit = livekit;
    this.roomName = roomName;
    this.speaker = speaker;
    this.log = log;
    this.#o = o;
  }

  static async join(
    livekit: LiveKitConfig,
    roomName: string,
    speaker: SimulatedSpeaker,
    log: (line: string) => void = () => {},
    o: Partial<SpeakerLinkOptions> = {},
  ): Promise<SpeakerLink> {
    const link = new SpeakerLink(livekit, roomName, speaker, log, {
      ...defaultSpeakerLinkOptions,
      ...o,
    });
    link.#session = await link.#connect();
    return link;
  }

  /** The current session's room (null while joining again). */
  get room(): Room | null {
    return this.#session?.room ?? null;
  }

  async #connect(): Promise<Session> {
    const s = this.speaker;
    const room = new Room();
    try {
      await room.connect(this.livekit.url, await speakerToken(this.livekit, this.roomName, s), {
        autoSubscribe: false,
        dynacast: false,
      });
      const source = new AudioSource(16_000, 1, SOURCE_QUEUE_MS);
      const track = LocalAudioTrack.createAudioTrack('microphone', source);
      const opts = new TrackPublishOptions();
      opts.source = TrackSource.SOURCE_MICROPHONE;
      await room.localParticipant?.publishTrack(track, opts);
      const session = { room, source, track };
      room
        .on(RoomEvent.Reconnecting, () => this.log(`simulate: ${s.identity} reconnecting`))
        .on(RoomEvent.Reconnected, () => {
          this.log(`simulate: ${s.identity} reconnected`);
          void this.#checkRepublished(session);
        })
        .on(RoomEvent.Disconnected, (reason: DisconnectReason) => {
          if (this.#session !== session) return;
          this.log(`simulate: ${s.identity} disconnected (${DisconnectReason[reason]})`);
          this.#drop();
          if (!FINAL_REASONS.has(reason)) this.#rejoin();
        });
      return session;
    } catch (err) {
      void bounded(room.disconnect(), this.#o.leaveBoundMs).catch(() => undefined);
      throw err;
    }
  }

  /**
   * After a node died, the SDK sometimes reconnects to the room re-created on another node
   * without publishing the microphone again (seen in the multinode test: "speaker-n0 (0
   * tracks)" for the rest of the meeting, while the SDK took its audio). A browser publishes
   * again; so does the link, by joining again, when LiveKit does not show the track in time.
   * Answers LiveKit cannot give (its API unreachable) change nothing.
   */
  async #checkRepublished(session: Session): Promise<void> {
    const api = new RoomServiceClient(
      this.livekit.url.replace(/^ws/, 'http'),
      this.livekit.apiKey,
      this.livekit.apiSecret,
    );
    const until = Date.now() + this.#o.republishBoundMs;
    while (Date.now() < until) {
      await sleep(500);
      if (this.#session !== session || this.#closed) return;
      const p = await api.getParticipant(this.roomName, this.speaker.identity).catch(() => null);
      if (p === null || p.tracks.length > 0) return;
    }
    if (this.#session !== session) return;
    this.log(`simulate: ${this.speaker.identity} reconnected without its microphone`);
    this.#rejoin();
  }

  /** Drops the current session and joins again in the background, bounded by the window. */
  #rejoin(): void {
    if (this.#rejoining || this.#closed) return;
    this.#drop();
    this.#rejoining = (async () => {
      const until = Date.now() + this.#o.rejoinWindowMs;
      for (let attempt = 0; !this.#closed && Date.now() < until; attempt++) {
        try {
          const session = await this.#connect();
          if (this.#closed) {
            await this.#leave(session);
            return;
          }
          this.#session = session;
          this.rejoins++;
          this.log(`simulate: ${this.speaker.identity} joined again`);
          return;
        } catch {
          await sleep(Math.min(4_000, 500 * 2 ** attempt));
        }
      }
      this.log(`simulate: ${this.speaker.identity} could not join again`);
    })().finally(() => (this.#rejoining = null));
  }

  /**
   * Gives up the current session (if any). Audio it had taken but not yet sent (its queue, including a
   * frame being handed over right now) never reaches the room: it is counted as lost.
   */
  #drop(): void {
    const s = this.#session;
    if (!s) return;
    this.#session = null;
    this.lostMs += s.source.queuedDuration;
    void this.#leave(s);
  }

  /** Hands over one frame; while the link is down the frame's time passes without it. */
  async capture(frame: AudioFrame): Promise<void> {
    const s = this.#session;
    const frameMs = (frame.samplesPerChannel * 1000) / frame.sampleRate;
    if (!s) {
      this.lostMs += frameMs;
      await sleep(frameMs);
      return;
    }
    const r = await bounded(s.source.captureFrame(frame), this.#o.captureBoundMs).catch(
      () => 'failed' as const,
    );
    if (r === 'timeout' || r === 'failed') {
      this.lostMs += frameMs;
      this.log(`simulate: ${this.speaker.identity} microphone stuck (${r})`);
      if (this.#session === s) this.#rejoin();
    }
  }

  /** Waits until the handed-over audio has been played out (bounded). */
  async playout(): Promise<void> {
    const s = this.#session;
    if (s) await bounded(s.source.waitForPlayout(), this.#o.captureBoundMs);
  }

  async #leave(s: Session): Promise<void> {
    const r = await bounded(s.room.disconnect(), this.#o.leaveBoundMs).catch(() => 'failed');
    if (r === 'timeout' || r === 'failed') {
      this.log(`simulate: ${this.speaker.identity} left without an answer (${r})`);
    }
    await s.track.close().catch(() => undefined);
  }

  /** Leaves the room (a rejoin in progress is stopped). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const s = this.#session;
    this.#session = null;
    if (s) await this.#leave(s);
    await this.#rejoining;
  }
}
