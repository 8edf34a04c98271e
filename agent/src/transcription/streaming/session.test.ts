import type { AudioFrame } from '@livekit/rtc-node';
import { describe, expect, it } from 'vitest';
import { RECOGNIZER_SAMPLE_RATE } from '../types.ts';
import { defaultSessionOptions, type PluginConnection, StreamingSession } from './session.ts';

/** A plugin connection that keeps the frames it is given and never answers. */
function silentConnection(): { conn: PluginConnection; frames: AudioFrame[] } {
  const frames: AudioFrame[] = [];
  const stream = {
    pushFrame: (f: AudioFrame) => void frames.push(f),
    flush: () => undefined,
    close: () => undefined,
    [Symbol.asyncIterator]: () => ({ next: () => new Promise<never>(() => undefined) }),
  };
  const stt = { label: 'silent', on: () => stt, close: () => Promise.resolve() };
  return { conn: { stt, stream } as unknown as PluginConnection, frames };
}

describe('StreamingSession', () => {
  it('sends an utterance’s start at once: its padding is trimmed to whole frames', () => {
    const { conn, frames } = silentConnection();
    let sent = 0;
    const session = new StreamingSession(
      conn,
      { ...defaultSessionOptions, boundary: 'results', detectTimelineReset: false },
      { onAudioSent: (s) => (sent += s) },
    );
    const u = session.begin(undefined, () => undefined);
    // The VAD's start: 300 ms of padding, then the 32 ms window that sounded like speech.
    const first = new Int16Array(5_312);
    first.fill(1_000, 4_800);
    u.push(first);
    // Three whole 100 ms frames went out, and the last one ends with the speech.
    expect(frames.map((f) => f.samplesPerChannel)).toEqual([1_600, 1_600, 1_600]);
    expect(frames[2]?.data.subarray(1_088)).toEqual(new Int16Array(512).fill(1_000));
    expect(sent).toBeCloseTo(4_800 / RECOGNIZER_SAMPLE_RATE, 6);
    // What follows is framed as it comes: nothing trimmed, nothing sent before a frame is full.
    u.push(new Int16Array(512).fill(7));
    expect(frames).toHaveLength(3);
    expect(sent).toBeCloseTo(5_312 / RECOGNIZER_SAMPLE_RATE, 6);
    session.close();
  });
});
