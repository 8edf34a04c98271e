/**
 * Room settings kept in this browser (localStorage): audio processing, devices, per-participant
 * volumes (by identity, so they survive rejoins). Parsing never throws: a corrupt or
 * foreign value falls back to the defaults field by field.
 */

export interface RoomSettings {
  /** Microphone gain 0.0–2.0 (GainNode). */
  micGain: number;
  /** Noise gate sensitivity 0–100; 0 = off (no processing pipeline at all). */
  noiseGate: number;
  echoCancellation: boolean;
  noiseSuppression: boolean;
  autoGainControl: boolean;
  /** Chosen devices (ids), or '' for the system default. */
  audioInput: string;
  audioOutput: string;
  videoInput: string;
  /** Join with the camera on. */
  cameraOnJoin: boolean;
  /** Participant identity → playback volume 0–1. */
  volumes: Record<string, number>;
  /** Side panels the user collapsed. */
  collapsed: { people: boolean; chat: boolean; ai: boolean };
}

export const SETTINGS_KEY = 'parley.room.settings.v1';
/** Most participant volumes remembered (the oldest entries go first). */
export const MAX_VOLUMES = 200;

export const defaultSettings: RoomSettings = {
  micGain: 1,
  noiseGate: 0,
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
  audioInput: '',
  audioOutput: '',
  videoInput: '',
  cameraOnJoin: false,
  volumes: {},
  collapsed: { people: false, chat: false, ai: false },
};

function num(v: unknown, min: number, max: number, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;
}
function bool(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}
function str(v: unknown): string {
  return typeof v === 'string' && v.length <= 512 ? v : '';
}

/** Settings from a stored JSON string (null, corrupt or partial → defaults for what is missing). */
export function parseSettings(raw: string | null | undefined): RoomSettings {
  let data: unknown = null;
  if (raw) {
    try {
      data = JSON.parse(raw);
    } catch {
      data = null;
    }
  }
  const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const volumes: Record<string, number> = {};
  if (typeof d.volumes === 'object' && d.volumes !== null && !Array.isArray(d.volumes)) {
    const entries = Object.entries(d.volumes as Record<string, unknown>).slice(-MAX_VOLUMES);
    for (const [identity, v] of entries) {
      if (
        identity.length > 0 &&
        identity.length <= 256 &&
        typeof v === 'number' &&
        Number.isFinite(v)
      ) {
        volumes[identity] = Math.min(1, Math.max(0, v));
      }
    }
  }
  const c = (typeof d.collapsed === 'object' && d.collapsed !== null ? d.collapsed : {}) as Record<
    string,
    unknown
  >;
  const def = defaultSettings;
  return {
    micGain: num(d.micGain, 0, 2, def.micGain),
    noiseGate: Math.round(num(d.noiseGate, 0, 100, def.noiseGate)),
    echoCancellation: bool(d.echoCancellation, def.echoCancellation),
    noiseSuppression: bool(d.noiseSuppression, def.noiseSuppression),
    autoGainControl: bool(d.autoGainControl, def.autoGainControl),
    audioInput: str(d.audioInput),
    audioOutput: str(d.audioOutput),
    videoInput: str(d.videoInput),
    cameraOnJoin: bool(d.cameraOnJoin, def.cameraOnJoin),
    volumes,
    collapsed: {
      people: bool(c.people, false),
      chat: bool(c.chat, false),
      ai: bool(c.ai, false),
    },
  };
}

/** Minimal Storage surface (localStorage, or a fake in tests). */
export interface SettingsStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Loads settings; storage that throws (private mode, disabled) gives the defaults. */
export function loadSettings(storage: SettingsStorage | undefined): RoomSettings {
  try {
    return parseSettings(storage?.getItem(SETTINGS_KEY));
  } catch {
    return parseSettings(null);
  }
}

/** Saves settings; returns false when storage refused (full, disabled). */
export function saveSettings(storage: SettingsStorage | undefined, s: RoomSettings): boolean {
  try {
    if (!storage) return false;
    storage.setItem(SETTINGS_KEY, JSON.stringify(s));
    return true;
  } catch {
    return false;
  }
}

/** True when the microphone needs the processing pipeline (gate on or gain not unity). */
export function needsPipeline(s: Pick<RoomSettings, 'micGain' | 'noiseGate'>): boolean {
  return s.noiseGate > 0 || Math.abs(s.micGain - 1) > 1e-3;
}
