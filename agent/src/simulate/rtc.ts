import {
  AudioFrame,
  AudioSource,
  LocalAudioTrack,
  Room,
  TrackPublishOptions,
  TrackSource,
} from '@livekit/rtc-node';
import { AccessToken } from 'livekit-server-sdk';
import { readFile } from 'node:fs/promises';
import { parseWav, toRecognizerAudio } from '../transcription/index.ts';
import { setRtcLogLevel } from './rtc-logs.ts';
import type { SimulateOptions, SpeakerResult } from './types.ts';

// The SDK logs at debug to stdout outside production: a line per caption its speakers ignore
// floods test and benchmark output. `pnpm agent simulate --verbose` turns it back on.
setRtcLogLevel('warn');

const RATE = 16_000;
// 100 ms per captureFrame: a tenth of the FFI calls of 10 ms frames (the SDK still sends 10 ms
// packets), so a load generator can drive dozens of speakers from one process.
const FRAME = RATE / 10;
/** The simulated microphone's queue: how far ahead of real time audio may be handed over. */
export const SOURCE_QUEUE_MS = 200;

/**
 * Joins a LiveKit room as one participant per WAV file and plays each file as that
 * participant's microphone in real time, all starting together; then leaves. The audio is
 * encoded (Opus, by the SDK's WebRTC stack) here, as a browser would.
 */
export async function simulate(o: SimulateOptions): Promise<SpeakerResult[]> {
  const log = o.log ?? (() => {});
  const audio = await Promise.all(
    o.speakers.map(async (s) => {
      const wav = parseWav(
        await readFile(s.file).catch((e: unknown) => {
          throw new Error(`cannot read ${s.file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
        }),
      );
      return toRecognizerAudio(wav);
    }),
  );
  const rooms: Room[] = [];
  try {
    const joined = await Promise.all(
      o.speakers.map(async (s) => {
        const at = new AccessToken(o.livekit.apiKey, o.livekit.apiSecret, {
          identity: s.identity,
          name: s.name ?? s.identity,
          ttl: 600,
        });
        if (s.attributes) at.attributes = s.attributes;
        at.addGrant({ room: o.room, roomJoin: true, canPublish: true, canSubscribe: false });
        const room = new Room();
        rooms.push(room);
        await room.connect(o.livekit.url, await at.toJwt(), {
          autoSubscribe: false,
          dynacast: false,
        });
        const source = new AudioSource(RATE, 1, SOURCE_QUEUE_MS);
        const track = LocalAudioTrack.createAudioTrack('microphone', source);
        const opts = new TrackPublishOptions();
        opts.source = TrackSource.SOURCE_MICROPHONE;
        await room.localParticipant?.publishTrack(track, opts);
        log(`simulate: ${s.identity} joined ${o.room}`);
        return { room, source, track };
      }),
    );
    await new Promise((r) => setTimeout(r, o.leadInMs ?? 1500));
    o.onStart?.(Date.now());
    const results = await Promise.all(
      joined.map(async ({ source }, i) => {
        const pcm = audio[i] ?? new Int16Array(0);
        let startedAt = 0;
        for (let off = 0; off < pcm.length; off += FRAME) {
          const chunk = new Int16Array(FRAME);
          chunk.set(pcm.subarray(off, off + FRAME));
          await source.captureFrame(new AudioFrame(chunk, RATE, 1, FRAME));
          if (startedAt === 0) startedAt = Date.now();
        }
        await source.waitForPlayout();
        const lateMs = Math.max(0, Date.now() - startedAt - (pcm.length * 1000) / RATE);
        const s = o.speakers[i];
        log(`simulate: ${s?.identity ?? i} finished (${(pcm.length / RATE).toFixed(1)} s)`);
        return {
          identity: s?.identity ?? String(i),
          startedAt,
          durationMs: Math.round((pcm.length * 1000) / RATE),
          lateMs: Math.round(lateMs),
          // Past the source's queue, the receiver had to fill the gap: 10 ms frames missed.
          droppedFrames: Math.max(0, Math.floor((lateMs - SOURCE_QUEUE_MS) / 10)),
        };
      }),
    );
    await new Promise((r) => setTimeout(r, o.tailMs ?? 1500));
    return results;
  } finally {
    await Promise.all(rooms.map((r) => r.disconnect().catch(() => undefined)));
  }
}
