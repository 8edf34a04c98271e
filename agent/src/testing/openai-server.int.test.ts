// The fake OpenAI STT server as the capacity and load benchmarks use it: it recognises script
// lines from audio that went through Opus, waits per request as the latency model says, and the
// agent's recogniser keeps several requests in flight (a slow answer holds up no one else).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toOggOpus } from '../simulate/opus.ts';
import { createRecognizer, parseWav, Segmenter, wordErrorRate } from '../transcription/index.ts';
import { startFakeOpenAI, type FakeOpenAIServer } from './openai-server.ts';
import { ScriptOracle } from './script-oracle.ts';
import { fixturesDir, readPcm, SENTENCES, speak } from './index.ts';

const run = promisify(execFile);
const LINES = SENTENCES.slice(0, 8);
const VOICES = ['slt', 'awb', 'rms'] as const;

/** The file's audio after an Opus round trip at a browser's settings, back at 16 kHz mono. */
async function throughOpus(wav: string): Promise<Int16Array> {
  const out = join(tmpdir(), `parley-oracle-${process.pid}-${Date.now()}.wav`);
  await run(
    'ffmpeg',
    ['-y', '-loglevel', 'error', '-i', await toOggOpus(wav), '-ar', '16000'].concat([
      '-ac',
      '1',
      '-c:a',
      'pcm_s16le',
      out,
    ]),
  );
  return parseWav(await readFile(out)).samples;
}

describe('fake OpenAI STT server for benchmarks', () => {
  let server: FakeOpenAIServer;
  const files: { text: string; path: string }[] = [];
  beforeAll(async () => {
    const lines: { text: string; pcm: Int16Array }[] = [];
    for (const [i, text] of LINES.entries()) {
      const path = await speak(text, VOICES[i % VOICES.length] ?? 'slt', fixturesDir);
      lines.push({ text, pcm: await readPcm(path) });
      files.push({ text, path });
    }
    server = await startFakeOpenAI({ mode: 'script', script: new ScriptOracle(lines) });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers the words of the script line the audio is, after an Opus round trip', async () => {
    const oracle = server.script as ScriptOracle;
    for (const f of files) {
      const pcm = await throughOpus(f.path);
      // Quieter, with silence around it, as the VAD hands an utterance over.
      const padded = new Int16Array(pcm.length + 9_600);
      padded.set(
        pcm.map((v) => v * 0.4),
        4_800,
      );
      expect(oracle.transcribe(padded)).toBe(f.text);
      // Half a line gets about half its words, all from its start.
      const half = oracle.transcribe(pcm.subarray(0, Math.floor(pcm.length / 2)));
      expect(f.text.startsWith(half)).toBe(true);
      expect(wordErrorRate(f.text, half)).toBeGreaterThan(0.25);
      expect(wordErrorRate(f.text, half)).toBeLessThan(0.75);
      // A line to try first is only a hint: a wrong one changes nothing.
      const right = oracle.match(padded);
      for (const likely of [0, 1, files.length - 1])
        expect(oracle.match(padded, likely)).toEqual(right);
    }
    // Time-stretched by a fifth (as a jitter buffer stretches audio that comes late).
    for (const f of files.slice(0, 3)) {
      const out = join(tmpdir(), `parley-oracle-${process.pid}-slow.wav`);
      await run('sox', ['-R', f.path, out, 'tempo', '0.8']);
      expect(oracle.transcribe(parseWav(await readFile(out)).samples)).toBe(f.text);
    }
    const noise = new Int16Array(48_000).map(() => Math.round((Math.random() - 0.5) * 8_000));
    expect(oracle.transcribe(noise)).toBe('');
  });

  it('waits per request as the latency model says, and keeps requests apart', async () => {
    server.latency = { medianMs: 300, p95Ms: 300, seed: 1 };
    server.requests.length = 0;
    server.maxInFlight = 0;
    const recognizer = createRecognizer({
      provider: 'openai',
      openai: { apiKey: 'sk-test', baseURL: server.baseURL, timeoutMs: 10_000 },
    });
    const pcm = await readPcm(files[0]?.path ?? '');
    const started = performance.now();
    const texts = await Promise.all(
      Array.from({ length: 12 }, () => {
        const u = recognizer.startUtterance();
        u.push(pcm);
        return u.finish();
      }),
    );
    const took = performance.now() - started;
    expect(texts.every((t) => t === files[0]?.text)).toBe(true);
    expect(server.requests.map((r) => Math.round(r.waitedMs))).toEqual(Array(12).fill(300));
    // Twelve requests at once: one wait, not twelve.
    expect(server.maxInFlight).toBe(12);
    expect(took).toBeGreaterThanOrEqual(300);
    expect(took).toBeLessThan(1_500);
    // The connections stay open: requests that follow reuse them instead of opening more.
    const opened = server.connections;
    for (let i = 0; i < 3; i++) {
      const u = recognizer.startUtterance();
      u.push(pcm);
      await u.finish();
    }
    expect(server.connections).toBe(opened);
    await recognizer.close();
  });

  it("sends a person's next utterance while the last one is still being transcribed", async () => {
    server.latency = { medianMs: 800, p95Ms: 800, seed: 1 };
    server.maxInFlight = 0;
    const recognizer = createRecognizer({
      provider: 'openai',
      openai: { apiKey: 'sk-test', baseURL: server.baseURL, timeoutMs: 10_000 },
    });
    const finals: { text: string; at: number }[] = [];
    const seg = new Segmenter(recognizer, {
      onFinal: (s) => finals.push({ text: s.text, at: performance.now() }),
    });
    const started = performance.now();
    let at = 0;
    for (const f of files.slice(0, 3)) {
      const pcm = await readPcm(f.path);
      seg.handle({
        type: 'start',
        samplesIndex: at + 512,
        speechMs: 32,
        pcm: pcm.subarray(0, 512),
      });
      seg.handle({
        type: 'inference',
        samplesIndex: at + pcm.length,
        probability: 1,
        speaking: true,
        pcm: pcm.subarray(512),
      });
      seg.handle({ type: 'end', samplesIndex: at + pcm.length + 8_800, silenceMs: 550 });
      at += pcm.length + 8_800;
    }
    await seg.flush();
    expect(finals.map((f) => f.text)).toEqual(files.slice(0, 3).map((f) => f.text));
    expect(server.maxInFlight).toBe(3);
    expect((finals.at(-1)?.at ?? 0) - started).toBeLessThan(3 * 800);
    await recognizer.close();
  });
});
