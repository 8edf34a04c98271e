import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { transcribeFile } from '../cli/transcribe.ts';
import { sttConfigFromEnv } from '../config.ts';
import { fixturesDir, repoRoot, speak, type FliteVoice } from '../testing/index.ts';
import { wordErrorRate } from './wer.ts';

const run = promisify(execFile);

const SENTENCES = [
  'We should discuss the revenue growth for the next quarter.',
  'The team is planning to hire three new engineers in the spring.',
  'What is the monthly churn rate for your largest customers?',
];
const VOICES: FliteVoice[] = ['slt', 'awb', 'rms'];

describe('transcribe (local pocketsphinx, real audio)', () => {
  const files = new Map<string, string>();

  beforeAll(async () => {
    for (const v of VOICES) {
      for (const [i, s] of SENTENCES.entries())
        files.set(`${v}-${i}`, await speak(s, v, fixturesDir));
    }
  });

  it('recognises flite speech with WER ≤ 0.30 for every voice', async () => {
    const stt = sttConfigFromEnv({ STT_PROVIDER: 'local' });
    const perVoice: Record<string, number> = {};
    for (const v of VOICES) {
      let errors = 0;
      let words = 0;
      for (const [i, s] of SENTENCES.entries()) {
        const segs = await transcribeFile(files.get(`${v}-${i}`) ?? '', { stt, progress: null });
        const hyp = segs.map((x) => x.text).join(' ');
        const n = s.split(/\s+/).length;
        errors += wordErrorRate(s, hyp) * n;
        words += n;
      }
      perVoice[v] = errors / words;
    }
    const overall = Object.values(perVoice).reduce((a, b) => a + b, 0) / VOICES.length;
    console.log(`transcribe WER: overall ${overall.toFixed(3)}`, perVoice);
    expect(overall).toBeLessThanOrEqual(0.3);
  });

  it('prints exactly one JSON array with --json', async () => {
    const { stdout } = await run(
      process.execPath,
      ['agent/src/cli/main.ts', 'transcribe', files.get('slt-0') ?? '', '--json'],
      { cwd: repoRoot },
    );
    const parsed: unknown = JSON.parse(stdout);
    expect(Array.isArray(parsed)).toBe(true);
    const segs = parsed as { startMs: number; endMs: number; text: string }[];
    expect(segs.length).toBeGreaterThan(0);
    for (const s of segs) {
      expect(Object.keys(s).sort()).toEqual(['endMs', 'startMs', 'text']);
      expect(s.endMs).toBeGreaterThan(s.startMs);
    }
    expect(wordErrorRate(SENTENCES[0] ?? '', segs.map((s) => s.text).join(' '))).toBeLessThan(0.4);
  });

  it('exits non-zero with a one-line reason for a file that is not a WAV', async () => {
    const bad = `${fixturesDir}/not-a-wav.wav`;
    await writeFile(bad, 'hello, I am text');
    const err = await run(process.execPath, ['agent/src/cli/main.ts', 'transcribe', bad], {
      cwd: repoRoot,
    }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr.trim().split('\n')).toEqual(['agent: not a WAV file (no RIFF/WAVE header)']);
  });

  it('exits non-zero for a WAV that is not 16-bit PCM', async () => {
    const f32 = `${fixturesDir}/float.wav`;
    await run('sox', [files.get('slt-0') ?? '', '-e', 'floating-point', '-b', '32', f32]);
    const err = await run(process.execPath, ['agent/src/cli/main.ts', 'transcribe', f32], {
      cwd: repoRoot,
    }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr).toMatch(/^agent: WAV is not 16-bit PCM/);
  });
});
