import { asLanguageCode, stt } from '@livekit/agents';
import { describe, expect, it } from 'vitest';
import { RECOGNIZER_SAMPLE_RATE } from '../types.ts';
import {
  defaultSessionOptions,
  type PluginConnection,
  type SessionHooks,
  type SessionOptions,
  StreamingSession,
} from './session.ts';

/**
 * A plugin connection driven by the test: it takes audio and counts flushes, and `say` hands
 * the session a provider's final (times in s on the socket's timeline).
 */
function scriptedConnection() {
  let flushes = 0;
  const events: stt.SpeechEvent[] = [];
  let wake: (() => void) | null = null;
  const stream = {
    pushFrame: () => undefined,
    flush: () => void flushes++,
    close: () => undefined,
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const ev = events.shift();
        if (ev) yield ev;
        else await new Promise<void>((r) => (wake = r));
      }
    },
  };
  const plugin = { label: 'scripted', on: () => plugin, close: () => Promise.resolve() };
  const say = async (text: string, startTime: number, endTime: number) => {
    events.push({
      type: stt.SpeechEventType.FINAL_TRANSCRIPT,
      alternatives: [{ language: asLanguageCode('en'), text, startTime, endTime, confidence: 1 }],
    });
    wake?.();
    await new Promise((r) => setImmediate(r));
  };
  return {
    conn: { stt: plugin, stream } as unknown as PluginConnection,
    flushes: () => flushes,
    say,
  };
}

function session(
  conn: PluginConnection,
  o: Partial<SessionOptions> = {},
  hooks: SessionHooks = {},
): StreamingSession {
  const options = { ...defaultSessionOptions, boundary: 'results' as const, ...o };
  return new StreamingSession(conn, { detectTimelineReset: false, ...options }, hooks);
}

const seconds = (s: number) => new Int16Array(Math.round(s * RECOGNIZER_SAMPLE_RATE));

describe('StreamingSession', () => {
  it('ends an aborted utterance that sent audio, and keeps what is said of it from the next', async () => {
    const c = scriptedConnection();
    const failures: unknown[] = [];
    const latencies: number[] = [];
    const s = session(c.conn, {}, { onLatency: (ms) => latencies.push(ms) });
    const noise = s.begin(undefined, (f) => failures.push(f));
    noise.push(seconds(0.3)); // 0 → 0.3 s on the provider's timeline
    noise.abort();
    expect(c.flushes()).toBe(1);
    const u = s.begin(undefined, (f) => failures.push(f));
    u.push(seconds(1)); // 0.3 → 1.3 s
    await c.say('cough', 0.1, 0.25);
    await c.say('hello there', 0.4, 1.2);
    await expect(u.finish()).resolves.toBe('hello there');
    expect(failures).toEqual([]);
    expect(latencies).toHaveLength(1);
    expect(s.idle).toBe(true);
    s.close();
  });

  it('lets an aborted utterance the provider says nothing of go quietly', async () => {
    const c = scriptedConnection();
    const failures: unknown[] = [];
    const s = session(c.conn, { finalTimeoutMs: 30 });
    const noise = s.begin(undefined, (f) => failures.push(f));
    noise.push(seconds(0.3));
    noise.abort();
    await expect(noise.finish()).resolves.toBe('');
    expect(s.idle).toBe(true);
    expect(failures).toEqual([]);
    expect(s.failure).toBeNull();
    // Nothing sent, nothing to end: no flush.
    s.begin(undefined, () => undefined).abort();
    expect(c.flushes()).toBe(1);
    expect(s.idle).toBe(true);
    s.close();
  });
});
