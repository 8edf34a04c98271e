import { describe, expect, it } from 'vitest';
import { lostDevices } from './devices.ts';

const mic = { kind: 'audioinput', deviceId: 'mic-1' };
const spk = { kind: 'audiooutput', deviceId: 'spk-1' };

describe('lostDevices', () => {
  it('changes nothing while the chosen devices are present or defaults are used', () => {
    expect(lostDevices({ audioInput: 'mic-1', audioOutput: 'spk-1' }, [mic, spk])).toEqual({
      changes: {},
      notice: null,
    });
    expect(lostDevices({ audioInput: '', audioOutput: '' }, [])).toEqual({
      changes: {},
      notice: null,
    });
  });

  it('falls back to the default microphone when the chosen one is unplugged', () => {
    const r = lostDevices({ audioInput: 'mic-1', audioOutput: 'spk-1' }, [spk]);
    expect(r.changes).toEqual({ audioInput: '' });
    expect(r.notice).toBe('Your microphone was disconnected; switched to the default microphone.');
  });

  it('names both when both are gone, and matches ids per kind', () => {
    // An output with the microphone's id does not count as the microphone.
    const r = lostDevices({ audioInput: 'mic-1', audioOutput: 'spk-1' }, [
      { kind: 'audiooutput', deviceId: 'mic-1' },
    ]);
    expect(r.changes).toEqual({ audioInput: '', audioOutput: '' });
    expect(r.notice).toContain('microphone and speaker were disconnected');
  });
});
