import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturesDir, speak } from '../testing/index.ts';
import { LocalRecognizer } from './local.ts';
import { parseWav } from './wav.ts';
import { wordErrorRate } from './wer.ts';

describe('LocalRecognizer (libpocketsphinx)', () => {
  const rec = new LocalRecognizer({ maxDecoders: 2 });
  afterAll(() => rec.close());

  it('learns meeting words it can pronounce from known words, and says which it cannot', async () => {
    const r = await rec.addVocabulary(['DataFlow Inc.', 'Acme-Corp', 'Zqxv', 'revenue']);
    expect(r.added).toEqual(expect.arrayContaining(['dataflow', 'acme-corp']));
    expect(r.skipped).toContain('zqxv');
    expect(r.added).not.toContain('revenue'); // already known
    const again = await rec.addVocabulary(['DataFlow']);
    expect(again.added).toEqual([]);
  });

  it('decodes two utterances at once on separate decoders', async () => {
    const a = 'We should discuss the revenue growth for the next quarter.';
    const b = 'The team is planning to hire three new engineers in the spring.';
    const pcmA = parseWav(await readFile(await speak(a, 'slt', fixturesDir))).samples;
    const pcmB = parseWav(await readFile(await speak(b, 'rms', fixturesDir))).samples;
    const ua = rec.startUtterance();
    const ub = rec.startUtterance();
    for (let i = 0; i < Math.max(pcmA.length, pcmB.length); i += 1600) {
      if (i < pcmA.length) ua.push(pcmA.slice(i, i + 1600));
      if (i < pcmB.length) ub.push(pcmB.slice(i, i + 1600));
    }
    const [ta, tb] = await Promise.all([ua.finish(), ub.finish()]);
    console.log(`concurrent decoders: "${ta}" | "${tb}"`);
    expect(wordErrorRate(a, ta)).toBeLessThan(0.3);
    expect(wordErrorRate(b, tb)).toBeLessThan(0.3);
  });
});
