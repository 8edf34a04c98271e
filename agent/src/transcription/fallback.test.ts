import { describe, expect, it } from 'vitest';
import { fallbackOptionsFor } from './factory.ts';
import { defaultFallbackOptions, FallbackRecognizer } from './fallback.ts';
import { isEnglish } from './languages.ts';
import type { SpeechRecognizer } from './types.ts';

/** A recogniser that answers `behave()`; one named 'local' speaks English only, as the real one. */
function fake(name: string, behave: () => Promise<string>): SpeechRecognizer & { calls: number } {
  const r = {
    name,
    interimResults: false,
    ...(name === 'local' ? { speaks: isEnglish } : {}),
    calls: 0,
    warmup: () => Promise.resolve(),
    close: () => Promise.resolve(),
    startUtterance: () => {
      r.calls++;
      let n = 0;
      return {
        push: (pcm: Int16Array) => void (n += pcm.length),
        partial: () => Promise.resolve(null),
        finish: async () => `${await behave()} ${n}`,
        abort: () => {},
      };
    },
  };
  return r;
}

describe('FallbackRecognizer', () => {
  it('uses the primary while it works', async () => {
    const p = fake('cloud', () => Promise.resolve('cloud'));
    const f = fake('local', () => Promise.resolve('local'));
    const r = new FallbackRecognizer(p, f);
    const u = r.startUtterance();
    u.push(new Int16Array(10));
    expect(await u.finish()).toBe('cloud 10');
    expect(f.calls).toBe(0);
  });

  it('never hands a language the local recogniser cannot do to it: the failure stands', async () => {
    const p = fake('cloud', () => Promise.reject(new Error('500')));
    const f = fake('local', () => Promise.resolve('local'));
    const r = new FallbackRecognizer(p, f);
    await expect(r.startUtterance({ language: 'de' }).finish()).rejects.toThrow('500');
    // Resting: German still goes to the primary, English to the fallback.
    expect(r.degraded).toBe(true);
    await expect(r.startUtterance({ language: 'fr-CA' }).finish()).rejects.toThrow('500');
    expect(p.calls).toBe(2);
    expect(await r.startUtterance({ language: 'en-US' }).finish()).toBe('local 0');
    expect(f.calls).toBe(1);
  });

  it('transcribes the same audio locally when the primary fails, then rests the primary', async () => {
    const p = fake('cloud', () => Promise.reject(new Error('500')));
    const f = fake('local', () => Promise.resolve('local'));
    const reasons: string[] = [];
    const r = new FallbackRecognizer(
      p,
      f,
      { cooldownMs: 50 },
      { onFallback: (x) => reasons.push(x) },
    );
    const u = r.startUtterance();
    u.push(new Int16Array(7));
    u.push(new Int16Array(3));
    expect(await u.finish()).toBe('local 10');
    expect(r.degraded).toBe(true);
    const u2 = r.startUtterance();
    u2.push(new Int16Array(4));
    expect(await u2.finish()).toBe('local 4');
    expect(p.calls).toBe(1);
    expect(reasons).toEqual(['error', 'cooldown']);
    await new Promise((res) => setTimeout(res, 60));
    expect(r.degraded).toBe(false);
  });

  it('falls back when the primary hangs past the timeout, and recovers later', async () => {
    let hang = true;
    const p = fake('cloud', () =>
      hang ? new Promise<string>(() => {}) : Promise.resolve('cloud'),
    );
    const f = fake('local', () => Promise.resolve('local'));
    let recovered = 0;
    const r = new FallbackRecognizer(
      p,
      f,
      { timeoutMs: 30, cooldownMs: 10 },
      { onRecovered: () => recovered++ },
    );
    const u = r.startUtterance();
    u.push(new Int16Array(5));
    expect(await u.finish()).toBe('local 5');
    hang = false;
    await new Promise((res) => setTimeout(res, 20));
    const u2 = r.startUtterance();
    expect(await u2.finish()).toBe('cloud 0');
    expect(recovered).toBe(1);
  });

  it('takes the cloud timeout as its own, and keeps its default when none is set', () => {
    const merged = (openai: { apiKey: string; timeoutMs?: number }) => ({
      ...defaultFallbackOptions,
      ...fallbackOptionsFor({ provider: 'openai', openai }),
    });
    expect(merged({ apiKey: 'k', timeoutMs: 2_500 }).timeoutMs).toBe(2_500);
    expect(merged({ apiKey: 'k', timeoutMs: undefined }).timeoutMs).toBe(
      defaultFallbackOptions.timeoutMs,
    );
    expect(
      fallbackOptionsFor({
        provider: 'openai',
        openai: { apiKey: 'k', timeoutMs: 2_500 },
        fallbackOptions: { timeoutMs: 900 },
      }).timeoutMs,
    ).toBe(900);
  });
});
