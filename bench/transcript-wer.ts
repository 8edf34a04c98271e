// Word error rate of `pnpm agent transcribe` (local STT: Silero VAD + pocketsphinx) on a corpus
// of meeting sentences spoken by three flite voices, one file per voice.
//   pnpm bench transcript-wer [--sentences 24]
import {
  conversation,
  fixturesDir,
  repoRoot,
  wordErrorRate,
  type FliteVoice,
  SENTENCES,
} from '@parley/agent/testing';
import { execFile } from 'node:child_process';
import { parseArgs, promisify } from 'node:util';

import type { Benchmark } from './lib/run.ts';
import { round } from './lib/stats.ts';

const run = promisify(execFile);
const VOICES: FliteVoice[] = ['slt', 'awb', 'rms'];

export default {
  async run(args, log) {
    const { values } = parseArgs({
      args,
      options: { sentences: { type: 'string', default: '24' } },
    });
    const n = Math.min(SENTENCES.length, Math.max(1, Number(values.sentences)));
    const metrics: Record<string, number> = {};
    let errors = 0;
    let words = 0;
    let audioS = 0;
    let wallS = 0;
    for (const voice of VOICES) {
      const lines = SENTENCES.slice(0, n);
      const conv = await conversation(
        lines.map((text) => ({ text, voice, gapMs: 1_000 })),
        fixturesDir,
        `wer-${voice}`,
      );
      const t = performance.now();
      const { stdout } = await run(
        process.execPath,
        ['agent/src/cli/main.ts', 'transcribe', conv.path, '--stt', 'local', '--json'],
        { cwd: repoRoot, maxBuffer: 16 << 20 },
      );
      wallS += (performance.now() - t) / 1000;
      audioS += conv.durationMs / 1000;
      const hyp = (JSON.parse(stdout) as { text: string }[]).map((s) => s.text).join(' ');
      const ref = lines.join(' ');
      const refWords = ref.split(/\s+/).length;
      const wer = wordErrorRate(ref, hyp);
      errors += wer * refWords;
      words += refWords;
      metrics[`wer_${voice}`] = round(wer, 3);
      log(`${voice}: WER ${wer.toFixed(3)} over ${refWords} words`);
    }
    return {
      wer: round(errors / words, 3),
      ...metrics,
      words,
      real_time_factor: round(wallS / audioS, 3),
    };
  },
} satisfies Benchmark;
