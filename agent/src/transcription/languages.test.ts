import { describe, expect, it } from 'vitest';
import { SilentRecognizer, speaksLanguage } from './languages.ts';

describe('speaksLanguage', () => {
  it('the offline recogniser does English only; cloud providers any language', () => {
    for (const l of ['', 'en', 'en-US', 'EN_gb', ' en '])
      expect(speaksLanguage('local', l)).toBe(true);
    for (const l of ['de', 'de-AT', 'fr', 'es-419', 'eng']) {
      expect(speaksLanguage('local', l), l).toBe(false);
    }
    for (const p of ['deepgram', 'openai', 'openai-realtime']) {
      expect(speaksLanguage(p, 'de')).toBe(true);
    }
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
