import type { LocalAudioTrack, TrackProcessor } from 'livekit-client';
import { describe, expect, it } from 'vitest';
import { MicController } from './mic-controller.ts';
import { MicProcessor } from './mic-processor.ts';

/** The part of LocalAudioTrack the controller uses, recording what happened to the sender. */
function fakeTrack() {
  let processor: TrackProcessor<never> | undefined;
  const calls: string[] = [];
  const track = {
    getProcessor: () => processor,
    setProcessor: (p: TrackProcessor<never>) => {
      calls.push('setProcessor');
      processor = p;
      return Promise.resolve();
    },
    stopProcessor: () => {
      calls.push('stopProcessor');
      processor = undefined;
      return Promise.resolve();
    },
  };
  return { track: track as unknown as LocalAudioTrack, calls, current: () => processor };
}

describe('microphone pipeline switching', () => {
  it('uses no pipeline at gate 0 and gain 1; swaps only when crossing 0 ↔ non-zero', async () => {
    const mic = new MicController();
    const t = fakeTrack();
    expect(await mic.applySettings(t.track, { micGain: 1, noiseGate: 0 })).toBe('none');
    expect(t.calls).toEqual([]);

    expect(await mic.applySettings(t.track, { micGain: 1, noiseGate: 30 })).toBe('pipeline-on');
    const first = t.current();
    expect(first).toBeInstanceOf(MicProcessor);

    // Within "on": the same processor, updated in place — no track swap.
    expect(await mic.applySettings(t.track, { micGain: 1, noiseGate: 55 })).toBe('updated');
    expect(await mic.applySettings(t.track, { micGain: 1.6, noiseGate: 55 })).toBe('updated');
    expect(t.current()).toBe(first);
    expect(t.calls).toEqual(['setProcessor']);

    expect(await mic.applySettings(t.track, { micGain: 1, noiseGate: 0 })).toBe('pipeline-off');
    expect(t.current()).toBeUndefined();
    expect(t.calls).toEqual(['setProcessor', 'stopProcessor']);

    // Gain alone needs the GainNode.
    expect(await mic.applySettings(t.track, { micGain: 0.5, noiseGate: 0 })).toBe('pipeline-on');
    expect(await mic.applySettings(undefined, { micGain: 1, noiseGate: 0 })).toBe('none');
  });

  it('serialises quick changes (a dragged slider never swaps twice at once)', async () => {
    const mic = new MicController();
    const t = fakeTrack();
    const results = await Promise.all([
      mic.applySettings(t.track, { micGain: 1, noiseGate: 10 }),
      mic.applySettings(t.track, { micGain: 1, noiseGate: 20 }),
      mic.applySettings(t.track, { micGain: 1, noiseGate: 0 }),
      mic.applySettings(t.track, { micGain: 1, noiseGate: 40 }),
    ]);
    expect(results).toEqual(['pipeline-on', 'updated', 'pipeline-off', 'pipeline-on']);
    expect(t.calls).toEqual(['setProcessor', 'stopProcessor', 'setProcessor']);
  });

  it('puts the pipeline back when the track lost it (new track after a reconnect)', async () => {
    const mic = new MicController();
    const a = fakeTrack();
    await mic.applySettings(a.track, { micGain: 1, noiseGate: 30 });
    const b = fakeTrack();
    expect(await mic.applySettings(b.track, { micGain: 1, noiseGate: 30 })).toBe('pipeline-on');
    expect(b.current()).toBeInstanceOf(MicProcessor);
  });
});
