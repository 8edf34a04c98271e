import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcribeFile } from '../cli/transcribe.ts';
import { sttConfigFromEnv } from '../config.ts';
import { fixturesDir, speak } from '../testing/index.ts';
import { startFakeOpenAI, type FakeOpenAIServer } from '../testing/room.ts';
import { createRecognizer } from './factory.ts';
import { parseWav } from './wav.ts';
import { wordErrorRate } from './wer.ts';
import { readFile } from 'node:fs/promises';

const SENTENCE = 'The team is planning to hire three new engineers in the spring.';

describe('openai provider against a local server speaking the OpenAI wire protocol', () => {
  let server: FakeOpenAIServer;
  let wav: string;
  beforeAll(async () => {
    server = await startFakeOpenAI();
    wav = await speak(SENTENCE, 'rms', fixturesDir);
  });
  afterAll(async () => {
    await server?.close();
  });

  const env = () => ({
    STT_PROVIDER: 'openai',
    OPENAI_API_KEY: 'sk-test-not-a-real-key',
    OPENAI_BASE_URL: server.baseURL,
    STT_MODEL: 'whisper-1',
    STT_LANGUAGE: 'en',
    STT_TIMEOUT_MS: '1500',
  });

  it('sends each utterance as a WAV with model, language and key, and uses the text', async () => {
    server.mode = 'transcribe';
    server.requests.length = 0;
    const segs = await transcribeFile(wav, { stt: sttConfigFromEnv(env()), progress: null });
    // The fake server's own recognition quality is not under test; its text reaching us is.
    expect(wordErrorRate(SENTENCE, segs.map((s) => s.text).join(' '))).toBeLessThan(0.5);
    expect(server.requests.length).toBeGreaterThan(0);
    const r = server.requests[0];
    expect(r?.model).toBe('whisper-1');
    expect(r?.language).toBe('en');
    expect(r?.authorization).toBe('Bearer sk-test-not-a-real-key');
    expect(r?.bytes).toBeGreaterThan(44);
  });

  for (const mode of ['fail', 'ratelimit', 'garbage', 'hang'] as const) {
    it(`falls back to local STT with no hole when the server answers "${mode}"`, async () => {
      server.mode = mode;
      const fallbacks: string[] = [];
      const rec = createRecognizer(sttConfigFromEnv(env()).recognizer, {
        onFallback: (reason) => fallbacks.push(reason),
      });
      const pcm = parseWav(await readFile(wav)).samples;
      const u = rec.startUtterance();
      u.push(pcm);
      const started = Date.now();
      const text = await u.finish();
      expect(wordErrorRate(SENTENCE, text)).toBeLessThan(0.3);
      expect(fallbacks).toEqual([mode === 'hang' ? 'timeout' : 'error']);
      expect(Date.now() - started).toBeLessThan(5_000);
      // The provider rests; the next utterance goes straight to the local recogniser.
      const u2 = rec.startUtterance();
      u2.push(pcm);
      expect(wordErrorRate(SENTENCE, await u2.finish())).toBeLessThan(0.3);
      expect(fallbacks).toEqual([mode === 'hang' ? 'timeout' : 'error', 'cooldown']);
      await rec.close();
    });
  }
});
