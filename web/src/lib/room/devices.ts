/** Media devices for the pre-join step and the settings panel. */

export interface DeviceOption {
  deviceId: string;
  label: string;
}

export interface DeviceLists {
  audioinput: DeviceOption[];
  audiooutput: DeviceOption[];
  videoinput: DeviceOption[];
}

export async function listDevices(): Promise<DeviceLists> {
  const lists: DeviceLists = { audioinput: [], audiooutput: [], videoinput: [] };
  const all = (await navigator.mediaDevices?.enumerateDevices()) ?? [];
  for (const d of all) {
    const list = lists[d.kind];
    // Before permission, labels (and often ids) are empty: show a numbered name.
    list.push({ deviceId: d.deviceId, label: d.label || `${d.kind} ${list.length + 1}` });
  }
  return lists;
}

/** True when the browser can route audio to a chosen output (not Safari/iOS, not Firefox yet). */
export function canChooseOutput(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

/** Microphone permission problems, with what to do about them. */
export function describeMediaError(err: unknown): string {
  const name = err instanceof DOMException ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Microphone access is blocked. Allow it in your browser (the icon at the left of the address bar → Microphone → Allow; on iPhone: Settings → Safari → Microphone), then choose “Check again”. You can still join and listen.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found. Connect one and choose “Check again”, or join to listen.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The microphone is in use by another application or could not start. Close the other app and choose “Check again”.';
    default:
      return 'The microphone could not be opened. You can still join and listen.';
  }
}

/**
 * After the browser's device list changed: which chosen devices are gone (fall back to the
 * default: an empty id) and what to tell the person. Nothing changes while they use defaults.
 */
export function lostDevices(
  chosen: { audioInput: string; audioOutput: string },
  available: readonly { kind: string; deviceId: string }[],
): { changes: Partial<{ audioInput: string; audioOutput: string }>; notice: string | null } {
  const has = (kind: string, id: string) =>
    available.some((d) => d.kind === kind && d.deviceId === id);
  const changes: Partial<{ audioInput: string; audioOutput: string }> = {};
  const lost: string[] = [];
  if (chosen.audioInput && !has('audioinput', chosen.audioInput)) {
    changes.audioInput = '';
    lost.push('microphone');
  }
  if (chosen.audioOutput && !has('audiooutput', chosen.audioOutput)) {
    changes.audioOutput = '';
    lost.push('speaker');
  }
  const notice =
    lost.length === 0
      ? null
      : `Your ${lost.join(' and ')} ${lost.length > 1 ? 'were' : 'was'} disconnected; switched to the default ${lost.join(' and ')}.`;
  return { changes, notice };
}
