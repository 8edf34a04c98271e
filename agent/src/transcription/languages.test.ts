import { describe, expect, it } from 'vitest';
import { FallbackRecognizer } from './fallback.ts';
import { SilentRecognizer, isEnglish, speaks } from './languages.ts';
import { LocalRecognizer } from './local.ts';
import { OpenAIRecognizer } from './openai.ts';
import { SharedLocalRecognizer, type InferenceClient } from './shared-local.ts';

describe('speaks', () => {
  it('the offline recognisers do English only; a cloud provider (and its fallback) any language', () => {
    const local = new LocalRecognizer();
    const shared = new SharedLocalRecognizer({} as InferenceClient);
    for (const l of ['', 'en', 'en-US', 'EN_gb', ' en ']) {
      expect(isEnglish(l), l).toBe(true);
      expect(speaks(local, l)).toBe(true);
      expect(speaks(shared, l)).toBe(true);
    }
    for (const l of ['de', 'de-AT', 'fr', 'es-419', 'eng']) {
      expect(speaks(local, l), l).toBe(false);
      expect(speaks(shared, l), l).toBe(false);
    }
    const cloud = new OpenAIRecognizer({ apiKey: 'k', baseURL: 'http://127.0.0.1:9' });
    expect(speaks(cloud, 'de')).toBe(true);
    expect(speaks(new FallbackRecognizer(cloud, local), 'de')).toBe(true);
  });

  it('a silent recogniser hears audio and makes no text', async () => {
    const r = new SilentRecognizer('local');
    const u = r.startUtterance();
    u.push(new Int16Array(16_000).fill(4000));
    expect(await u.partial()).toBeNull();
    expect(await u.finish()).toBe('');
    expect(r.name).toBe('local');
  });
});
