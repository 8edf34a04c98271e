import { describe, expect, it } from 'vitest';
import { decodePcm, encodePcm } from './shared-local.ts';

describe('PCM over IPC', () => {
  it('round-trips samples, including the extremes', () => {
    const pcm = Int16Array.from([0, 1, -1, 32767, -32768, 1234, -4321]);
    expect(Array.from(decodePcm(encodePcm(pcm)))).toEqual(Array.from(pcm));
  });

  it('encodes only the view, not the whole underlying buffer', () => {
    const whole = Int16Array.from([9, 9, 5, 6, 7, 9]);
    const view = whole.subarray(2, 5);
    expect(Array.from(decodePcm(encodePcm(view)))).toEqual([5, 6, 7]);
  });

  it('drops a trailing odd byte instead of throwing', () => {
    const b64 = Buffer.from([1, 0, 2, 0, 3]).toString('base64');
    expect(Array.from(decodePcm(b64))).toEqual([1, 2]);
  });
});
