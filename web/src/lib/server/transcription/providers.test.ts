import { STT_PROVIDERS_KEY, STT_PROVIDERS_TTL_S } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { usableSttProviders } from './providers.ts';

const now = 1_800_000_000_000;
const fake = (fields: Record<string, string>, fail = false) => ({
  hgetall: (key: string) => {
    expect(key).toBe(STT_PROVIDERS_KEY);
    return fail ? Promise.reject(new Error('down')) : Promise.resolve(fields);
  },
});
const ad = (providers: string[], at = now - 1_000) => JSON.stringify({ providers, at });

describe('usableSttProviders', () => {
  it('is the union of what live workers say', async () => {
    const r = await usableSttProviders(
      fake({ 'a:1': ad(['local']), 'b:2': ad(['local', 'deepgram']) }),
      now,
    );
    expect(r?.sort()).toEqual(['deepgram', 'local']);
  });

  it('ignores workers gone quiet and malformed fields; null when no worker says anything', async () => {
    const stale = ad(['local', 'openai'], now - STT_PROVIDERS_TTL_S * 1000 - 1);
    expect(await usableSttProviders(fake({ 'a:1': ad(['local']), 'b:2': stale }), now)).toEqual([
      'local',
    ]);
    expect(
      await usableSttProviders(fake({ 'b:2': stale, 'c:3': '{nope', 'd:4': ad(['x']) }), now),
    ).toBeNull();
    expect(await usableSttProviders(fake({}), now)).toBeNull();
    expect(await usableSttProviders(fake({}, true), now)).toBeNull();
  });
});
