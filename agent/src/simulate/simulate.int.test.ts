import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { livekitConfigFromEnv } from '../config.ts';
import { devEnv, fixturesDir, readPcm, speak } from '../testing/index.ts';
import { joinAudioEar } from '../testing/room.ts';
import { LocalRecognizer } from '../transcription/local.ts';
import { loadVad } from '../transcription/vad.ts';
import { transcribeAudio } from '../transcription/file.ts';
import { wordErrorRate } from '../transcription/wer.ts';
import { ensureOpusPublisher, simulators, type SimulatorName } from './index.ts';

const LINES = {
  'spk-a': ['slt', 'Please send the revised budget to the finance team by Friday.'],
  'spk-b': ['rms', 'The launch date depends on the security review.'],
} as const;

// One suite, both implementations: what a listener in the room hears must be the speech.
describe.each(Object.keys(simulators) as SimulatorName[])('simulator "%s"', (name) => {
  const recognizer = new LocalRecognizer({ maxDecoders: 2 });
  let files: Record<string, string>;
  beforeAll(async () => {
    // The first build of the Go publisher (and its modules) takes a minute or two.
    if (name === 'opus') await ensureOpusPublisher();
    files = Object.fromEntries(
      await Promise.all(
        Object.entries(LINES).map(async ([id, [voice, text]]) => [
          id,
          await speak(text, voice, fixturesDir),
        ]),
      ),
    ) as Record<string, string>;
  }, 600_000);
  afterAll(() => recognizer.close());

  it('plays each file as its own microphone, in real time, heard clearly by the room', async () => {
    const room = `sim-${name}-${Date.now()}`;
    const ear = await joinAudioEar(livekitConfigFromEnv(devEnv()), room);
    let startAt = 0;
    const t0 = Date.now();
    const results = await simulators[name]({
      livekit: livekitConfigFromEnv(devEnv()),
      room,
      speakers: Object.keys(LINES).map((identity) => ({ identity, file: files[identity] ?? '' })),
      leadInMs: 1_000,
      tailMs: 1_000,
      onStart: (at) => (startAt = at),
    });
    await ear.close();
    const vad = await loadVad();
    for (const r of results) {
      const wav = await readPcm(files[r.identity] ?? '');
      const wavMs = (wav.length * 1000) / 16_000;
      // Real time: it took as long as the audio lasts, started when it said, with no gaps.
      expect(Math.abs(r.durationMs - wavMs), r.identity).toBeLessThan(60);
      expect(Math.abs(r.startedAt - startAt)).toBeLessThan(500);
      expect(r.droppedFrames).toBe(0);
      const heard = ear.pcm(r.identity);
      expect((heard.length * 1000) / 16_000).toBeGreaterThan(wavMs * 0.9);
      const [, text] = LINES[r.identity as keyof typeof LINES];
      const segments = await transcribeAudio(heard, { vad, recognizer });
      const wer = wordErrorRate(text, segments.map((s) => s.text).join(' '));
      console.log(`${name}: ${r.identity} heard with WER ${wer.toFixed(2)}`);
      expect(wer).toBeLessThan(0.4); // broken or garbled audio scores 0.8 and more
    }
    expect(Date.now() - t0).toBeGreaterThan(1_000 + 1_000);
    await vad.close();
  });
});

describe('pnpm agent simulate', () => {
  const run = promisify(execFile);
  it('keeps stdout empty unless --verbose asks for the SDK logs', async () => {
    const file = await speak('The meeting starts at nine.', 'slt', fixturesDir);
    const cli = async (...extra: string[]) =>
      run(
        process.execPath,
        ['agent/src/cli/main.ts', 'simulate', '--room', `sim-cli-${Date.now()}`, ...extra],
        { env: { ...process.env, ...devEnv() }, maxBuffer: 16 * 2 ** 20 },
      );
    const quiet = await cli('--speaker', `cli=${file}`);
    expect(quiet.stdout).toBe('');
    expect(quiet.stderr).toMatch(/cli finished/);
    const verbose = await cli('--verbose', '--speaker', `cli=${file}`);
    expect(verbose.stdout).toMatch(/"name":"lk-rtc"/);
  });
});
