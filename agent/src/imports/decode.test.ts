import { describe, expect, it } from 'vitest';
import { parseBanner } from './decode.ts';

describe('parseBanner', () => {
  it('reads the duration and the first audio stream’s channels', () => {
    const mp3 = `Input #0, mp3, from 'x':\n  Duration: 01:02:03.50, start: 0.025057, bitrate: 64 kb/s\n  Stream #0:0: Audio: mp3, 44100 Hz, stereo, fltp, 64 kb/s\n`;
    expect(parseBanner(mp3)).toEqual({ durationMs: 3_723_500, channels: 2 });
    const mp4 = `  Duration: 00:00:10.00, start: 0.000000\n  Stream #0:0[0x1](und): Video: h264\n  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, 5.1, fltp\n`;
    expect(parseBanner(mp4)).toEqual({ durationMs: 10_000, channels: 6 });
    const webm = `  Duration: N/A, start: 0.000000\n  Stream #0:0: Audio: opus, 48000 Hz, mono, fltp\n`;
    expect(parseBanner(webm)).toEqual({ durationMs: null, channels: 1 });
  });

  it('is null without an audio stream', () => {
    expect(parseBanner('Stream #0:0: Video: png\n')).toBeNull();
    expect(parseBanner('')).toBeNull();
  });
});
