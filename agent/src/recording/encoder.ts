import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

export interface EncoderOptions {
  /** ffmpeg binary. */
  ffmpeg: string;
  sampleRate: number;
  /** Opus bitrate, kbit/s. */
  bitrateKbps: number;
  /** Longest Ogg page (ms): how often encoded audio leaves ffmpeg. */
  pageMs: number;
}

export const defaultEncoderOptions: EncoderOptions = {
  ffmpeg: 'ffmpeg',
  sampleRate: 16_000,
  bitrateKbps: 24,
  pageMs: 1_000,
};

/** Raised when ffmpeg cannot start or exits with an error. */
export class EncoderError extends Error {
  override name = 'EncoderError';
}

/**
 * PCM s16 mono in, Opus in Ogg out, through a spawned ffmpeg (`libopus`). Encoded bytes go to
 * `onData` as ffmpeg writes them (a page about every `pageMs`).
 */
export class OggOpusEncoder {
  readonly #proc: ChildProcessByStdio<Writable, Readable, Readable>;
  readonly #exit: Promise<void>;
  #bytes = 0;
  #stderr = '';

  constructor(onData: (chunk: Buffer) => void, options: Partial<EncoderOptions> = {}) {
    const o = { ...defaultEncoderOptions, ...options };
    // prettier-ignore
    const args = [
      '-hide_banner', '-loglevel', 'error', '-nostdin',
      '-f', 's16le', '-ar', String(o.sampleRate), '-ac', '1', '-i', 'pipe:0',
      '-c:a', 'libopus', '-b:a', `${o.bitrateKbps}k`, '-application', 'voip',
      '-page_duration', String(o.pageMs * 1000), '-flush_packets', '1',
      '-f', 'ogg', 'pipe:1',
    ];
    this.#proc = spawn(o.ffmpeg, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#proc.stdout.on('data', (c: Buffer) => {
      this.#bytes += c.length;
      onData(c);
    });
    this.#proc.stderr.on('data', (c: Buffer) => {
      if (this.#stderr.length < 2000) this.#stderr += c.toString();
    });
    // A closed stdin (ffmpeg died) must not crash the process: the exit promise reports it.
    this.#proc.stdin.on('error', () => undefined);
    this.#exit = new Promise((resolve, reject) => {
      this.#proc.once('error', (err) => reject(new EncoderError(`ffmpeg: ${err.message}`)));
      this.#proc.once('close', (code, signal) => {
        if (code === 0) resolve();
        else
          reject(
            new EncoderError(
              `ffmpeg exited ${code ?? signal ?? '?'}: ${this.#stderr.trim().slice(0, 300)}`,
            ),
          );
      });
    });
    this.#exit.catch(() => undefined);
  }

  /** Encoded bytes produced so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Feeds PCM; false when ffmpeg's input is full (it keeps the data; wait for `drain`). */
  write(pcm: Int16Array): boolean {
    if (pcm.length === 0 || this.#proc.stdin.destroyed) return true;
    return this.#proc.stdin.write(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
  }

  /** Ends the input and waits for ffmpeg to write the last page and exit. */
  async end(): Promise<void> {
    this.#proc.stdin.end();
    await this.#exit;
  }

  /** Stops ffmpeg at once (what it has not written is lost). */
  kill(): void {
    this.#proc.kill('SIGKILL');
  }
}
