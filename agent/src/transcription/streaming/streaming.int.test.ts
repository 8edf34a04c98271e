// One suite for every streaming provider, run through the real LiveKit plugins against local
// servers that speak each provider's wire protocol, with a hosted service's latency.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDeepgram } from '../../testing/deepgram-server.ts';
import { startFakeOpenAIRealtime } from '../../testing/openai-realtime-server.ts';
import type { StreamingFakeState } from '../../testing/streaming-fake.ts';
import type { SpeechRecognizer, Utterance } from '../types.ts';
import { DeepgramProvider } from './deepgram.ts';
import { OpenAIRealtimeProvider } from './openai-realtime.ts';
import { StreamingRecognizer, type StreamingOptions } from './recognizer.ts';
import { isEnglish } from '../languages.ts';

const cases = [
  {
    name: 'deepgram',
    async start() {
      const fake = await startFakeDeepgram();
      return {
        fake,
        keytermsSeen: () => fake.requests.at(-1)?.params.keyterm ?? [],
        provider: (key = fake.apiKey) =>
          new DeepgramProvider({ apiKey: key, baseUrl: fake.baseUrl }),
      };
    },
  },
  {
    name: 'openai-realtime',
    async start() {
      const fake = await startFakeOpenAIRealtime();
      return {
        fake,
        keytermsSeen: () => (fake.sessions.at(-1)?.prompt ?? '').split(', ').filter(Boolean),
        // gpt-4o-transcribe answers after the commit; a realtime-only model streams deltas.
        provider: (key = fake.apiKey, live = false) =>
          new OpenAIRealtimeProvider({
            apiKey: key,
            baseURL: fake.baseURL,
            ...(live ? { model: 'gpt-realtime-whisper' } : {}),
          }),
      };
    },
  },
];

/**
 * A local recogniser that answers how much audio it heard, so a test sees what it got (English
 * only, as the real one).
 */
function countingLocal(): SpeechRecognizer & { utterances: number } {
  const r = {
    name: 'local',
    interimResults: false,
    speaks: isEnglish,
    utterances: 0,
    warmup: () => Promise.resolve(),
    close: () => Promise.resolve(),
    startUtterance: (): Utterance => {
      r.utterances++;
      let n = 0;
      return {
        push: (pcm) => void (n += pcm.length),
        partial: () => Promise.resolve(null),
        finish: () => Promise.resolve(`local ${Math.round((n * 1000) / 16_000)} ms`),
        abort: () => undefined,
      };
    },
  };
  return r;
}

const CHUNK = 512; // 32 ms, as the live pipeline pushes
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `speechMs` of a loud tone then `silenceMs` of quiet, pushed in real time. */
async function speak(u: Utterance, speechMs: number, silenceMs = 350): Promise<void> {
  const t0 = Date.now();
  let sent = 0;
  for (let ms = 0; ms < speechMs + silenceMs; ms += 32) {
    const pcm = new Int16Array(CHUNK);
    if (ms < speechMs) for (let i = 0; i < CHUNK; i++) pcm[i] = Math.round(4000 * Math.sin(i / 5));
    u.push(pcm);
    sent += 32;
    const ahead = t0 + sent - Date.now();
    if (ahead > 0) await sleep(ahead);
  }
}

describe.each(cases)('streaming recogniser: $name', (c) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  async function setup(
    fakeInit: Partial<StreamingFakeState> = {},
    options: Partial<StreamingOptions> = {},
    key?: string,
    live = false,
  ) {
    const s = await c.start();
    Object.assign(s.fake, fakeInit);
    const local = countingLocal();
    const events: string[] = [];
    const audio = { sent: 0, fallback: 0 };
    const r = new StreamingRecognizer(s.provider(key, live), local, options, {
      onFallback: (reason) => events.push(`fallback:${reason}`),
      onReconnect: () => events.push('reconnect'),
      onRecovered: () => events.push('recovered'),
      onAudioSent: (sec) => (audio.sent += sec),
      onFallbackAudio: (sec) => (audio.fallback += sec),
    });
    const stream = r.stream();
    cleanup.push(
      () => s.fake.close(),
      () => r.close(),
    );
    return { ...s, r, stream, local, events, audio };
  }

  it('sends interims while the person speaks, then one final', async () => {
    const { stream, fake, audio } = await setup(
      { fixedText: 'one two three four five' },
      {},
      undefined,
      true,
    );
    const interims: { text: string; at: number }[] = [];
    const t0 = Date.now();
    const u = stream.startUtterance({
      onInterim: (text) => interims.push({ text, at: Date.now() - t0 }),
    });
    await speak(u, 1_600);
    expect(await u.finish()).toBe('one two three four five');
    expect(interims.length).toBeGreaterThanOrEqual(2);
    expect(interims[0]?.at).toBeLessThan(1_000);
    // Each interim extends the one before: the browser replaces the line in place.
    for (let i = 1; i < interims.length; i++) {
      expect(interims[i]?.text.startsWith(interims[i - 1]?.text ?? '')).toBe(true);
    }
    expect(audio.sent).toBeGreaterThan(1.8);
    expect(fake.connections).toBe(1);
    // A second utterance uses the same socket.
    const u2 = stream.startUtterance({});
    await speak(u2, 800);
    expect(await u2.finish()).toBe('one two three four five');
    expect(fake.connections).toBe(1);
  });

  it('sends the keyterms with the request and updates them between utterances', async () => {
    const s = await setup();
    s.r.setKeyterms(['Acme', 'Priya Raman']);
    const u = s.stream.startUtterance({});
    await speak(u, 600);
    const first = await u.finish();
    expect(s.keytermsSeen()).toEqual(['Acme', 'Priya Raman']);
    s.r.setKeyterms(['Acme', 'Priya Raman', 'Jonas']);
    const u2 = s.stream.startUtterance({});
    await speak(u2, 600);
    // Still the provider's text: the new keyterms did not cost the next utterance its final.
    expect(await u2.finish()).toBe(first);
    expect(s.events).toEqual([]);
    expect(s.keytermsSeen()).toEqual(['Acme', 'Priya Raman', 'Jonas']);
  });

  it('waits for slow results without falling back', async () => {
    const s = await setup({ interimLatency: null, finalLatency: null, delayMs: 900 });
    const u = s.stream.startUtterance({});
    await speak(u, 1_000);
    expect(await u.finish()).toBe('hello from the streaming fake');
    expect(s.events).toEqual([]);
  });

  it('a refused key (401): the utterance is transcribed locally, the provider retried later', async () => {
    const s = await setup({}, { cooldownMs: 300 }, 'wrong-key');
    const u = s.stream.startUtterance({});
    await speak(u, 1_000);
    expect(await u.finish()).toMatch(/^local \d+ ms$/);
    expect(s.events[0]).toBe('fallback:unauthorized');
    expect(s.fake.refused).toBeGreaterThanOrEqual(1);
    await sleep(350);
    const u2 = s.stream.startUtterance({});
    await speak(u2, 400);
    await u2.finish();
    expect(s.events).toContain('reconnect');
  });

  it('a refused key in a German meeting: no local guess (English only), the utterance fails', async () => {
    const s = await setup({}, { cooldownMs: 300 }, 'wrong-key');
    const u = s.stream.startUtterance({ language: 'de' });
    await speak(u, 600);
    await expect(u.finish()).rejects.toThrow();
    expect(s.local.utterances).toBe(0);
    // Resting after the failure: still no local guess for German, English still goes local.
    const de = s.stream.startUtterance({ language: 'de-AT' });
    await expect(de.finish()).rejects.toThrow();
    const en = s.stream.startUtterance({ language: 'en-GB' });
    await speak(en, 300);
    expect(await en.finish()).toMatch(/^local \d+ ms$/);
    expect(s.local.utterances).toBe(1);
  });

  it('a socket dropped mid-utterance: the whole utterance continues locally, no gap, no repeat', async () => {
    const s = await setup({ fault: 'drop', dropAfterMs: 600 }, { cooldownMs: 200 });
    const interims: string[] = [];
    const u = s.stream.startUtterance({ onInterim: (t) => interims.push(t) });
    await speak(u, 1_500);
    // All 1.5 s of speech + 0.35 s of trailing quiet reach the local recogniser.
    expect(await u.finish()).toBe('local 1856 ms');
    expect(s.local.utterances).toBe(1);
    expect(s.audio.fallback).toBeCloseTo(1.856, 2);
    // The provider comes back after its rest and gives the next final.
    s.fake.fault = null;
    await sleep(250);
    const u2 = s.stream.startUtterance({});
    await speak(u2, 800);
    expect(await u2.finish()).toBe('hello from the streaming fake');
    expect(s.events).toContain('recovered');
  });

  it('garbage frames and a socket that never answers: local, without waiting for ever', async () => {
    for (const fault of ['garbage', 'silent'] as const) {
      const s = await setup({ fault }, { stallMs: 1_000, finalTimeoutMs: 1_000 });
      const t0 = Date.now();
      const u = s.stream.startUtterance({});
      await speak(u, 1_400);
      const text = await u.finish();
      expect(text).toMatch(/^local \d+ ms$/);
      expect(Date.now() - t0).toBeLessThan(1_400 + 350 + 1_500);
      expect(s.events.some((e) => e.startsWith('fallback:'))).toBe(true);
    }
  });
});

// Deepgram takes a Finalize mid-stream: at a pause the session asks for the final of what was
// heard, so the final is ready when Parley's VAD ends the utterance.
describe('streaming recogniser: deepgram commits at pauses', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  async function setup(delayMs = 250) {
    // Every answer `delayMs` after what made it (250: longer than the quiet after a pause).
    const fake = await startFakeDeepgram({
      interimLatency: null,
      finalLatency: null,
      delayMs,
    });
    const events: string[] = [];
    const r = new StreamingRecognizer(
      new DeepgramProvider({ apiKey: fake.apiKey, baseUrl: fake.baseUrl }),
      countingLocal(),
      {},
      { onFallback: (reason) => events.push(`fallback:${reason}`) },
    );
    cleanup.push(
      () => fake.close(),
      () => r.close(),
    );
    return { fake, stream: r.stream(), events };
  }

  it('the final of a commit is ready at the end; words after it are kept, none repeated', async () => {
    const { fake, stream, events } = await setup();
    fake.fixedText = 'first part';
    const u = stream.startUtterance({});
    await speak(u, 700, 96);
    u.commit?.(); // a pause: Finalize; the server answers 'first part'
    await sleep(60);
    fake.fixedText = 'second part'; // what the audio after the commit says
    await speak(u, 700, 96);
    u.commit?.();
    await speak(u, 0, 300); // the rest of the quiet the VAD waits for
    const t0 = Date.now();
    expect(await u.finish()).toBe('first part second part');
    // The answer came during the quiet: no wait for the provider after the end of speech.
    expect(Date.now() - t0).toBeLessThan(100);
    expect(fake.controls.Finalize).toBeGreaterThanOrEqual(2); // both commits reached it
    expect(events).toEqual([]);
  });

  it('a provider slower than the grace: a short tail after a pause keeps its words', async () => {
    const { fake, stream, events } = await setup(900); // every answer 900 ms late (grace 600)
    fake.fixedText = 'first part';
    const u = stream.startUtterance({});
    await speak(u, 700, 96);
    u.commit?.(); // a pause; its answer comes while the speaker goes on
    await speak(u, 0, 400);
    fake.fixedText = 'tail';
    await speak(u, 250, 64); // a short tail, too short for an interim
    u.commit?.(); // the pause after it: 'first part' arrives only after this
    await speak(u, 0, 286); // the rest of the quiet the VAD waits for
    expect(await u.finish()).toBe('first part tail');
    expect(events).toEqual([]);
  });

  it('a noise the server hears no words in, then speech: the speech keeps its words and captions', async () => {
    const { fake, stream, events } = await setup();
    fake.fixedText = ''; // a cough: voiced, but no words (the plugin passes on no empty result)
    const noise = stream.startUtterance({});
    await speak(noise, 200);
    const noiseText = noise.finish();
    await sleep(50); // the Finalize has reached the server
    fake.fixedText = 'what was really said';
    const captions: string[] = [];
    const u = stream.startUtterance({ onInterim: (t) => captions.push(t) });
    await speak(u, 1_300);
    const t0 = Date.now();
    expect(await u.finish()).toBe('what was really said');
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(await noiseText).toBe('');
    expect(captions.length).toBeGreaterThan(0);
    expect(captions.at(-1)).toMatch(/^what was/);
    expect(events).toEqual([]);
  });

  it('a commit the server answers with no words: complete after the grace, not a fallback', async () => {
    const { fake, stream, events } = await setup();
    fake.fixedText = 'only words';
    const u = stream.startUtterance({});
    await speak(u, 700, 96);
    u.commit?.();
    await speak(u, 0, 700); // its answer ('only words') arrives; more quiet than a pause's
    u.commit?.(); // nothing new was said: an empty answer, which the plugin passes on as nothing
    await speak(u, 0, 100);
    const t0 = Date.now();
    expect(await u.finish()).toBe('only words');
    const waited = Date.now() - t0;
    expect(waited).toBeGreaterThan(300);
    expect(waited).toBeLessThan(900);
    expect(events).toEqual([]);
  });
});
