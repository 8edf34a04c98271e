import { readFile } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
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

  it('makes a decoder for a new speaker off the event loop, keeping their audio meanwhile', async () => {
    const fresh = new LocalRecognizer({ maxDecoders: 3 });
    try {
      await fresh.warmup();
      expect(fresh.decoders).toBe(1);
      const lines = [
        'We should discuss the revenue growth for the next quarter.',
        'The team is planning to hire three new engineers in the spring.',
        'Please send the contract to the legal team before Friday.',
      ];
      const voices = ['slt', 'rms', 'awb'] as const;
      const pcm = await Promise.all(
        lines.map(async (l, i) => {
          const wav = await readFile(
            await speak(l, voices[i % voices.length] ?? 'slt', fixturesDir),
          );
          return parseWav(wav).samples;
        }),
      );
      // Three people start at once: one gets the warm decoder, two wait for new ones
      // (≈ 0.25 s of model loading each) while their audio is kept.
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      // Its first tick only sets its baseline: a stall before it would go unseen.
      await new Promise((r) => setTimeout(r, 50));
      const us = pcm.map(() => fresh.startUtterance());
      for (let i = 0; i < Math.max(...pcm.map((p) => p.length)); i += 1600) {
        us.forEach((u, k) => {
          const p = pcm[k];
          if (p && i < p.length) u.push(p.slice(i, i + 1600));
        });
        await new Promise((r) => setTimeout(r, 5));
      }
      const texts = await Promise.all(us.map((u) => u.finish()));
      delay.disable();
      const maxStallMs = delay.max / 1e6;
      console.log(
        `decoders made while speaking: longest event-loop stall ${maxStallMs.toFixed(0)} ms`,
      );
      expect(fresh.decoders).toBe(3);
      texts.forEach((t, k) => expect(wordErrorRate(lines[k] ?? '', t)).toBeLessThan(0.3));
      // Loading models on the event loop stalled it ≈ 250 ms per decoder.
      expect(maxStallMs).toBeLessThan(150);
    } finally {
      await fresh.close();
    }
  });

  it('with every decoder in use, the next speaker gets the first one given back', async () => {
    const one = new LocalRecognizer({ maxDecoders: 1 });
    try {
      const line = 'Please send the contract to the legal team before Friday.';
      const pcm = parseWav(await readFile(await speak(line, 'slt', fixturesDir))).samples;
      const a = one.startUtterance({ speaker: 'ada' });
      const b = one.startUtterance({ speaker: 'bob' });
      a.push(pcm);
      b.push(pcm);
      const ta = await a.finish();
      const tb = await b.finish();
      expect(wordErrorRate(line, ta)).toBeLessThan(0.3);
      expect(wordErrorRate(line, tb)).toBeLessThan(0.3);
      expect(one.decoders).toBe(1);
    } finally {
      await one.close();
    }
  });

  it('fails the utterances waiting for a decoder that cannot be made, instead of hanging', async () => {
    const broken = new LocalRecognizer({ modelDir: '/nonexistent/pocketsphinx' });
    try {
      const u = broken.startUtterance();
      u.push(new Int16Array(1600));
      await expect(u.finish()).rejects.toThrow(/pocketsphinx/);
      await expect(broken.warmup()).rejects.toThrow(/pocketsphinx/);
      expect(broken.decoders).toBe(0);
    } finally {
      await broken.close();
    }
  });
});
