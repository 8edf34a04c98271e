import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { encodeWav, parseWav } from '../transcription/wav.ts';
import type { Conversation } from './speech.ts';

const run = promisify(execFile);
const RATE = 16_000;

/** How a clean recording is played back for a test: as spoken, in a room, or as a browser sends it. */
export type Condition = 'clean' | 'room' | 'stereo48k';
export const CONDITIONS: readonly Condition[] = ['clean', 'room', 'stereo48k'];

export interface RoomOptions {
  /** Speech-to-noise ratio (dB) of pink noise against the reverberant speech. */
  snrDb: number;
  /** Gain (dB) applied to the mix (a quieter microphone). */
  gainDb: number;
  /** sox `reverb` reverberance (%). */
  reverberance: number;
}

/** A meeting room: sox reverb, then pink noise at ~18 dB SNR, then −6 dB. */
export const defaultRoomOptions: RoomOptions = { snrDb: 18, gainDb: -6, reverberance: 50 };

/** Mean power of `pcm` over the given [startMs, endMs) spans (the speech). */
export function spanPower(pcm: Int16Array, spans: readonly { startMs: number; endMs: number }[]) {
  let sum = 0;
  let n = 0;
  for (const s of spans) {
    const from = Math.max(0, Math.floor((s.startMs * RATE) / 1000));
    const to = Math.min(pcm.length, Math.ceil((s.endMs * RATE) / 1000));
    for (let i = from; i < to; i++) sum += (pcm[i] ?? 0) ** 2;
    n += Math.max(0, to - from);
  }
  return n > 0 ? sum / n : 0;
}

/**
 * Adds `noise` to `speech` so that speech power over `spans` is `snrDb` above the noise's,
 * then applies `gainDb`; clips to 16 bits. The noise is used from its start (it must be at
 * least as long as the speech).
 */
export function mixAtSnr(
  speech: Int16Array,
  noise: Int16Array,
  spans: readonly { startMs: number; endMs: number }[],
  snrDb: number,
  gainDb: number,
): Int16Array {
  const ps = spanPower(speech, spans);
  const pn = spanPower(noise, [{ startMs: 0, endMs: (speech.length * 1000) / RATE }]);
  const k = pn > 0 ? Math.sqrt(ps / pn / 10 ** (snrDb / 10)) : 0;
  const g = 10 ** (gainDb / 20);
  const out = new Int16Array(speech.length);
  for (let i = 0; i < out.length; i++) {
    const v = Math.round(((speech[i] ?? 0) + k * (noise[i] ?? 0)) * g);
    out[i] = Math.max(-32768, Math.min(32767, v));
  }
  return out;
}

async function cached(
  cacheDir: string,
  key: string,
  make: (tmp: string) => Promise<void>,
): Promise<string> {
  const out = join(cacheDir, `${key}.wav`);
  if (existsSync(out)) return out;
  await mkdir(cacheDir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp.wav`;
  try {
    await make(tmp);
    await rename(tmp, out);
  } finally {
    await rm(tmp, { force: true });
  }
  return out;
}

async function readMono16k(path: string): Promise<Int16Array> {
  const wav = parseWav(await readFile(path));
  if (wav.sampleRate !== RATE || wav.channels !== 1) throw new Error(`${path} is not 16 kHz mono`);
  return wav.samples;
}

/**
 * Renders a clean conversation under a condition into the cache (keyed by its content) and
 * returns the file: `clean` is the file itself; `room` adds sox reverb and pink noise (sox's
 * repeatable mode, so every run hears the same noise) at `snrDb` over the speech, then
 * `gainDb`; `stereo48k` is the same speech as a browser captures it, 48 kHz with two channels.
 */
export async function render(
  conv: Conversation,
  condition: Condition,
  cacheDir: string,
  room: RoomOptions = defaultRoomOptions,
): Promise<string> {
  if (condition === 'clean') return conv.path;
  const bytes = await readFile(conv.path);
  const hash = createHash('sha256').update(bytes).update(JSON.stringify(room)).digest('hex');
  const key = `${condition}-${hash.slice(0, 16)}`;
  if (condition === 'stereo48k') {
    return cached(cacheDir, key, async (tmp) => {
      await run('sox', ['-R', conv.path, '-r', '48000', '-c', '2', '-b', '16', tmp]);
    });
  }
  return cached(cacheDir, key, async (tmp) => {
    const rev = `${tmp}.rev.wav`;
    const noise = `${tmp}.noise.wav`;
    try {
      const seconds = String(conv.durationMs / 1000);
      // Half level in so the reverb cannot clip; trimmed to the original length.
      await run('sox', ['-R', '-v', '0.5', conv.path, rev, 'reverb', String(room.reverberance)]);
      await run(
        'sox',
        ['-R', '-n', '-r', String(RATE), '-c', '1', '-b', '16', noise].concat([
          'synth',
          seconds,
          'pinknoise',
          'vol',
          '0.5',
        ]),
      );
      const clean = await readMono16k(conv.path);
      const wet = (await readMono16k(rev)).subarray(0, clean.length);
      // The reverberant speech back at the clean speech's level, then noise and gain.
      const level = Math.sqrt(spanPower(clean, conv.lines) / (spanPower(wet, conv.lines) || 1));
      const speech = wet.map((v) => Math.max(-32768, Math.min(32767, Math.round(v * level))));
      const mixed = mixAtSnr(speech, await readMono16k(noise), conv.lines, room.snrDb, room.gainDb);
      await writeFile(tmp, encodeWav(mixed, RATE));
    } finally {
      await rm(rev, { force: true });
      await rm(noise, { force: true });
    }
  });
}
