import { describe, expect, it } from 'vitest';
import {
  MAX_VOLUMES,
  SETTINGS_KEY,
  defaultSettings,
  loadSettings,
  needsPipeline,
  parseSettings,
  saveSettings,
  type SettingsStorage,
} from './settings.ts';

function memory(
  initial: Record<string, string> = {},
): SettingsStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (k) => data[k] ?? null,
    setItem: (k, v) => {
      data[k] = v;
    },
  };
}

describe('room settings store', () => {
  it('round-trips through storage', () => {
    const s = memory();
    const wanted = {
      ...defaultSettings,
      micGain: 1.5,
      noiseGate: 40,
      echoCancellation: false,
      audioInput: 'mic-2',
      volumes: { 'user-1': 0.25 },
      collapsed: { people: true, chat: false, ai: true },
    };
    expect(saveSettings(s, wanted)).toBe(true);
    expect(loadSettings(s)).toEqual(wanted);
  });

  it('falls back to defaults for corrupt or hostile values, field by field', () => {
    for (const raw of [null, '', '{', 'null', '[]', '"x"', '42']) {
      expect(parseSettings(raw)).toEqual(defaultSettings);
    }
    const s = parseSettings(
      JSON.stringify({
        micGain: 9,
        noiseGate: -5,
        echoCancellation: 'yes',
        audioInput: { evil: true },
        volumes: { a: 3, b: 'loud', '': 0.5, c: 0.5, d: null },
        collapsed: 'all',
        __proto__: { polluted: true },
      }),
    );
    expect(s.micGain).toBe(2);
    expect(s.noiseGate).toBe(0);
    expect(s.echoCancellation).toBe(true);
    expect(s.audioInput).toBe('');
    expect(s.volumes).toEqual({ a: 1, c: 0.5 });
    expect(s.collapsed).toEqual(defaultSettings.collapsed);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps at most the newest participant volumes', () => {
    const volumes = Object.fromEntries(
      Array.from({ length: MAX_VOLUMES + 10 }, (_, i) => [`p${i}`, 0.5]),
    );
    const s = parseSettings(JSON.stringify({ volumes }));
    expect(Object.keys(s.volumes)).toHaveLength(MAX_VOLUMES);
    expect(s.volumes[`p${MAX_VOLUMES + 9}`]).toBe(0.5);
    expect(s.volumes.p0).toBeUndefined();
  });

  it('survives storage that throws', () => {
    const broken: SettingsStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(loadSettings(broken)).toEqual(defaultSettings);
    expect(saveSettings(broken, defaultSettings)).toBe(false);
    expect(saveSettings(undefined, defaultSettings)).toBe(false);
    expect(loadSettings(memory({ [SETTINGS_KEY]: '{"micGain":0.5}' })).micGain).toBe(0.5);
  });

  it('needs the pipeline only for a gate or a gain other than 1', () => {
    expect(needsPipeline({ micGain: 1, noiseGate: 0 })).toBe(false);
    expect(needsPipeline({ micGain: 1, noiseGate: 1 })).toBe(true);
    expect(needsPipeline({ micGain: 1.2, noiseGate: 0 })).toBe(true);
  });
});
