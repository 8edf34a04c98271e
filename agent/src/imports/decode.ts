import { spawn } from 'node:child_process';

/** What ffmpeg says about the input before it decodes (from its banner on stderr). */
export interface InputInfo {
  /** Length of the audio; null when the container does not say (e.g. a browser's WebM). */
  durationMs: number | null;
  channels: number;
}

/** ffmpeg could not read the file as audio (not audio, damaged beyond use, no audio stream). */
export class UndecodableError extends Error {
  override name = 'UndecodableError';
}

/** Parses ffmpeg's banner: `Duration: 00:01:02.50` and the first `Audio:` stream's layout. */
export function parseBanner(text: string): InputInfo | null {
  const stream = /Stream #\d+:\d+[^:]*: Audio: [^\n]*/.exec(text)?.[0];
  if (!stream) return null;
  const d = /Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(text);
  const durationMs = d
    ? Math.round((Number(d[1]) * 3600 + Number(d[2]) * 60 + Number(d[3])) * 1000)
    : null;
  let channels = 1;
  const n = /(\d+) channels/.exec(stream);
  if (n) channels = Number(n[1]);
  else if (/\bmono\b/.test(stream)) channels = 1;
  else if (/\b(stereo|downmix)\b/.test(stream)) channels = 2;
  else if (/\b(\d)\.(\d)(\(side\))?\b/.test(stream)) {
    const m = /\b(\d)\.(\d)/.exec(stream);
    channels = Number(m?.[1]) + Number(m?.[2]);
  }
  return { durationMs, channels };
}

export interface DecodeOptions {
  ffmpeg: string;
  /** Output channels: 1 mixes every channel down; N keeps the first N apart (interleaved). */
  channels: number;
  signal?: AbortSignal;
  /** Called once with the input's banner before the first PCM chunk. */
  onInfo?: (info: InputInfo) => void;
}

/**
 * Decodes a file with ffmpeg to 16 kHz signed 16-bit PCM (mono, or `channels` interleaved) and
 * yields it in chunks as ffmpeg produces them (bounded memory whatever the length). A truncated
 * file yields what could be decoded; a file with no decodable audio throws UndecodableError.
 */
export async function* decodeToPcm(path: string, o: DecodeOptions): AsyncGenerator<Int16Array> {
  const child = spawn(
    o.ffmpeg,
    [
      '-hide_banner',
      '-nostdin',
      '-v',
      'info',
      '-i',
      path,
      '-map',
      '0:a:0',
      '-vn',
      '-ac',
      String(o.channels),
      '-ar',
      '16000',
      '-f',
      's16le',
      '-acodec',
      'pcm_s16le',
      'pipe:1',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], signal: o.signal },
  );
  let stderr = '';
  let info: InputInfo | null = null;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => {
    // Only the banner is kept (bounded): it holds what we parse.
    if (stderr.length < 64 * 1024) stderr += s;
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('close', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  const frameBytes = 2 * o.channels;
  let carry: Buffer = Buffer.alloc(0);
  let samples = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      if (!info) {
        info = parseBanner(stderr) ?? { durationMs: null, channels: o.channels };
        o.onInfo?.(info);
      }
      const buf = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const usable = buf.length - (buf.length % frameBytes);
      carry = buf.subarray(usable);
      if (usable === 0) continue;
      const copy = new Int16Array(usable / 2);
      Buffer.from(copy.buffer).set(buf.subarray(0, usable));
      samples += copy.length;
      yield copy;
    }
    const code = await exited;
    o.signal?.throwIfAborted();
    // A damaged file that still gave audio is what could be saved; none at all is an error.
    if (samples === 0 && (code !== 0 || !parseBanner(stderr))) {
      throw new UndecodableError(`ffmpeg exited ${String(code)} without audio`);
    }
    if (!info) o.onInfo?.(parseBanner(stderr) ?? { durationMs: 0, channels: o.channels });
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
