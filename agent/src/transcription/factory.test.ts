import { describe, expect, it } from 'vitest';
import { providerWithKey, usableSttProviders } from './factory.ts';

describe('usableSttProviders', () => {
  it('is local plus each cloud provider whose key is set', () => {
    expect(usableSttProviders({ provider: 'local' })).toEqual(['local']);
    expect(usableSttProviders({ provider: 'local', deepgram: { apiKey: 'dg' } })).toEqual([
      'local',
      'deepgram',
    ]);
    // The realtime provider uses OpenAI's key unless it has its own.
    expect(usableSttProviders({ provider: 'openai', openai: { apiKey: 'sk' } })).toEqual([
      'local',
      'openai',
      'openai-realtime',
    ]);
    expect(usableSttProviders({ provider: 'local', openaiRealtime: { apiKey: 'rt' } })).toEqual([
      'local',
      'openai-realtime',
    ]);
  });

  it('gives a meeting the provider it wants when its key is here, else local', () => {
    const dg = { provider: 'local' as const, deepgram: { apiKey: 'dg' } };
    expect(providerWithKey(dg, 'deepgram')).toBe('deepgram');
    expect(providerWithKey(dg, 'openai')).toBe('local');
    expect(providerWithKey({ provider: 'local' }, 'local')).toBe('local');
  });
});
