import { AudioFrame } from '@livekit/rtc-node';
import { readFile } from 'node:fs/promises';
import { parseWav, toRecognizerAudio } from '../transcription/index.ts';
import { SOURCE_QUEUE_MS, SpeakerLink } from './link.ts';
import { setRtcLogLevel } from './rtc-logs.ts';
import type { SimulateOptions, SpeakerResult } from './types.ts';

// The SDK logs at debug to stdout outside production: a line per caption its speakers ignore
// floods test and benchmark output. `pnpm agent simulate --verbose` turns it back on.
setRtcLogLevel('warn');

const RATE = 16_000;
// 100 ms per captureFrame: a tenth of the FFI calls of 10 ms frames (the SDK still sends 10 ms
// packets), so a load generator can drive dozens of speakers from one process.
const FRAME = RATE / 10;

/**
 * Joins a LiveKit room as one participant per WAV file and plays each file as that
 * participant's microphone in real time, all starting together; then leaves. The audio is
 * encoded (Opus, by the SDK's WebRTC stack) here, as a browser would. A speaker LiveKit drops
 * joins again (see SpeakerLink).
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
  const links: SpeakerLink[] = [];
  try {
    await Promise.all(
      o.speakers.map(async (s, i) => {
        links[i] = await SpeakerLink.join(o.livekit, o.room, s, log);
        log(`simulate: ${s.identity} joined ${o.room}`);
      }),
    );
    await new Promise((r) => setTimeout(r, o.leadInMs ?? 1500));
    o.onStart?.(Date.now());
    const results = await Promise.all(
      links.map(async (link, i) => {
        const pcm = audio[i] ?? new Int16Array(0);
        let startedAt = 0;
        for (let off = 0; off < pcm.length; off += FRAME) {
          const chunk = new Int16Array(FRAME);
          chunk.set(pcm.subarray(off, off + FRAME));
          await link.capture(new AudioFrame(chunk, RATE, 1, FRAME));
          if (startedAt === 0) startedAt = Date.now();
        }
        await link.playout();
        const lateMs = Math.max(0, Date.now() - startedAt - (pcm.length * 1000) / RATE);
        const s = o.speakers[i];
        log(`simulate: ${s?.identity ?? i} finished (${(pcm.length / RATE).toFixed(1)} s)`);
        return {
          identity: s?.identity ?? String(i),
          startedAt,
          durationMs: Math.round((pcm.length * 1000) / RATE),
          lateMs: Math.round(lateMs),
          // Past the source's queue, the receiver had to fill the gap: 10 ms frames missed;
          // and the frames played while the speaker was out of the room.
          droppedFrames:
            Math.max(0, Math.floor((lateMs - SOURCE_QUEUE_MS) / 10)) + Math.round(link.lostMs / 10),
        };
      }),
    );
    await new Promise((r) => setTimeout(r, o.tailMs ?? 1500));
    return results;
  } finally {
    await Promise.all(links.map((l) => l.close()));
  }
}
