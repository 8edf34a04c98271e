import { describe, expect, it } from 'vitest';
import { sniffAudio } from './sniff.ts';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(
    parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)),
  );

describe('sniffAudio', () => {
  it('knows each container by its first bytes', () => {
    expect(sniffAudio(bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '))).toBe('wav');
    expect(sniffAudio(bytes([0, 0, 0, 32], 'ftypM4A ', [0, 0]))).toBe('mp4');
    expect(sniffAudio(bytes('OggS', [0, 2, 0, 0, 0, 0, 0, 0]))).toBe('ogg');
    expect(sniffAudio(bytes([0x1a, 0x45, 0xdf, 0xa3], [0, 0, 0, 0, 0, 0, 0, 0]))).toBe('webm');
    expect(sniffAudio(bytes('fLaC', [0, 0, 0, 34, 0, 0, 0, 0]))).toBe('flac');
    expect(sniffAudio(bytes('ID3', [4, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe('mp3');
    // MPEG-1 layer III, 128 kbit/s, 44.1 kHz.
    expect(sniffAudio(bytes([0xff, 0xfb, 0x90, 0x64], [0, 0, 0, 0, 0, 0, 0, 0]))).toBe('mp3');
  });

  it('refuses text, images, AAC without a container and too few bytes', () => {
    expect(sniffAudio(bytes('hello, world'))).toBeNull();
    expect(sniffAudio(bytes([0x89], 'PNG', [13, 10, 26, 10, 0, 0, 0, 13]))).toBeNull();
    expect(sniffAudio(bytes('RIFF', [0, 0, 0, 0], 'AVI LIST'))).toBeNull();
    expect(sniffAudio(bytes([0xff, 0xf1, 0x50, 0x80], [0, 0, 0, 0, 0, 0, 0, 0]))).toBeNull();
    expect(sniffAudio(bytes([0xff, 0xfb]))).toBeNull();
    expect(sniffAudio(new Uint8Array(0))).toBeNull();
  });
});
