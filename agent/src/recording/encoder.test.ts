import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EncoderError, OggOpusEncoder } from './encoder.ts';
import { ffprobe } from './ffprobe.ts';

const SR = 16_000;
const dir = await mkdtemp(join(tmpdir(), 'parley-enc-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

function sine(seconds: number, hz = 440): Int16Array {
  const pcm = new Int16Array(seconds * SR);
  for (let i = 0; i < pcm.length; i++)
    pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / SR));
  return pcm;
}

describe('OggOpusEncoder (ffmpeg libopus)', () => {
  it('turns 16 kHz PCM written in pieces into Ogg/Opus of the same duration', async () => {
    const chunks: Buffer[] = [];
    const enc = new OggOpusEncoder((c) => chunks.push(c), { pageMs: 200 });
    const pcm = sine(7);
    // Written in 500 ms pieces, as the recorder's ticks do, with silence in the middle.
    for (let off = 0; off < pcm.length; off += SR / 2) enc.write(pcm.subarray(off, off + SR / 2));
    enc.write(new Int16Array(3 * SR));
    await enc.end();
    const ogg = Buffer.concat(chunks);
    expect(ogg.subarray(0, 4).toString()).toBe('OggS');
    expect(chunks.length).toBeGreaterThan(1); // streamed, not one blob at the end
    expect(enc.bytes).toBe(ogg.length);
    // ~24 kbit/s: 10 s is around 30 kB (well under the 320 kB of the PCM).
    expect(ogg.length).toBeLessThan(60_000);
    const file = join(dir, 'sine.ogg');
    await writeFile(file, ogg);
    const p = await ffprobe(file);
    expect(p.codec).toBe('opus');
    expect(p.format).toBe('ogg');
    expect(Math.abs(p.durationMs - 10_000)).toBeLessThan(100);
  });

  it('reports a missing ffmpeg as an EncoderError instead of crashing', async () => {
    const enc = new OggOpusEncoder(() => undefined, { ffmpeg: '/nonexistent/ffmpeg' });
    enc.write(sine(1));
    await expect(enc.end()).rejects.toBeInstanceOf(EncoderError);
  });
});
