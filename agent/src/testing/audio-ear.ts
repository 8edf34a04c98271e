import { AudioStream, Room, RoomEvent, TrackKind, type RemoteTrack } from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import type { LiveKitConfig } from '../config.ts';
import { concatPcm } from '../transcription/wav.ts';

/** One frame a listener got: whose, when it arrived (epoch ms), its audio (16 kHz mono). */
export interface HeardFrame {
  identity: string;
  at: number;
  pcm: Int16Array;
}

export interface AudioEar {
  /** Every frame of every audio track, in arrival order. */
  readonly frames: HeardFrame[];
  /** Audio tracks subscribed so far (a speaker who joins again brings a new one). */
  tracks(): number;
  /** All of one person's audio, concatenated. */
  pcm(identity: string): Int16Array;
  /** How many of one person's frames have something audible (a peak above 500). */
  loudFrames(identity: string): number;
  close(): Promise<void>;
}

const LOUD_PEAK = 500;

function isLoud(pcm: Int16Array): boolean {
  for (const s of pcm) if (s > LOUD_PEAK || s < -LOUD_PEAK) return true;
  return false;
}

/** Joins `room` as a subscriber and keeps every person's audio (16 kHz mono) as it arrives. */
export async function joinAudioEar(lk: LiveKitConfig, room: string): Promise<AudioEar> {
  const at = new AccessToken(lk.apiKey, lk.apiSecret, { identity: `ear-${Date.now()}`, ttl: 600 });
  at.addGrant({ room, roomJoin: true, canSubscribe: true, canPublish: false });
  const r = new Room();
  const frames: HeardFrame[] = [];
  const reading: Promise<void>[] = [];
  r.on(RoomEvent.TrackSubscribed, (track: RemoteTrack, _pub, p) => {
    if (track.kind !== TrackKind.KIND_AUDIO) return;
    const stream = new AudioStream(track, { sampleRate: 16_000, numChannels: 1 });
    reading.push(
      (async () => {
        for await (const f of stream)
          frames.push({ identity: p.identity, at: Date.now(), pcm: f.data });
      })().catch(() => undefined),
    );
  });
  await r.connect(lk.url, await at.toJwt(), { autoSubscribe: true, dynacast: false });
  return {
    frames,
    tracks: () => reading.length,
    pcm: (identity) => concatPcm(frames.filter((f) => f.identity === identity).map((f) => f.pcm)),
    loudFrames: (identity) => frames.filter((f) => f.identity === identity && isLoud(f.pcm)).length,
    close: async () => {
      await r.disconnect();
      await Promise.all(reading);
    },
  };
}
