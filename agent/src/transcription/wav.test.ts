import { describe, expect, it } from 'vitest';
import { encodeWav, parseWav } from './wav.ts';

describe('parseWav', () => {
  it('round-trips 16-bit PCM', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
    const wav = parseWav(encodeWav(samples, 8000, 2));
    expect(wav.sampleRate).toBe(8000);
    expect(wav.channels).toBe(2);
    expect([...wav.samples]).toEqual([...samples]);
  });

  it('rejects files that are not WAV', () => {
    expect(() => parseWav(new TextEncoder().encode('{"not":"a wav"}'))).toThrow(/not a WAV/);
  });

  it('rejects WAVs that are not 16-bit PCM', () => {
    const bytes = encodeWav(new Int16Array(10), 16000);
    new DataView(bytes.buffer).setUint16(20, 3, true); // IEEE float
    expect(() => parseWav(bytes)).toThrow(/not 16-bit PCM/);
  });

  it('rejects a WAV without data', () => {
    expect(() => parseWav(encodeWav(new Int16Array(0), 16000).subarray(0, 36))).toThrow(/no data/);
  });
});
