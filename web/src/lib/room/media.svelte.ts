/**
 * My media in the room (Svelte runes): the settings kept in this browser (audio processing,
 * devices, volumes, panels), the microphone with its processing pipeline and level, camera and
 * screen, and what to tell me when a device fails or disappears.
 */
import { LocalAudioTrack, Track, createLocalAudioTrack } from 'livekit-client';
import { lostDevices } from './devices.ts';
import { sampleLevel } from './level-sampler.ts';
import { MicController } from './mic-controller.ts';
import type { RoomSession } from './session.svelte.ts';
import {
  MAX_VOLUMES,
  loadSettings,
  needsPipeline,
  saveSettings,
  type RoomSettings,
} from './settings.ts';

function storage(): Storage | undefined {
  try {
    return localStorage;
  } catch {
    return undefined;
  }
}

export class LocalMedia {
  settings = $state<RoomSettings>(loadSettings(undefined));
  /** About my microphone: unavailable, not shared, listening only. */
  micMessage = $state<string | null>(null);
  /** A device failed or disappeared. */
  deviceNotice = $state<string | null>(null);
  /** Whether the noise gate / gain pipeline runs on the sent track. */
  micPipeline = $state<'on' | 'off'>('off');
  /** My level while my microphone is on (0–100). */
  level = $state(0);

  readonly #session: RoomSession;
  readonly #mic = new MicController();

  constructor(session: RoomSession) {
    this.#session = session;
  }

  /** Reads the settings this browser kept (on mount: storage is browser-only). */
  load(): void {
    this.settings = loadSettings(storage());
  }

  #micTrack(): LocalAudioTrack | undefined {
    const t = this.#session.room?.localParticipant.getTrackPublication(
      Track.Source.Microphone,
    )?.track;
    return t instanceof LocalAudioTrack ? t : undefined;
  }

  #capture() {
    const s = this.settings;
    return {
      deviceId: s.audioInput || undefined,
      echoCancellation: s.echoCancellation,
      noiseSuppression: s.noiseSuppression,
      autoGainControl: s.autoGainControl,
    };
  }

  #camera() {
    return this.settings.videoInput ? { deviceId: this.settings.videoInput } : {};
  }

  /** Applies gain and noise gate to the sent microphone track. */
  async applyMic(): Promise<void> {
    try {
      await this.#mic.applySettings(this.#micTrack(), this.settings);
    } catch (err) {
      console.warn('[parley] microphone processing unavailable', err);
      this.micMessage =
        'Noise gate and gain are unavailable in this browser; your microphone is sent as is.';
    }
    this.micPipeline = this.#micTrack()?.getProcessor() ? 'on' : 'off';
    this.#session.refresh();
  }

  /** Opens the microphone while connecting (it is published once connected), if wanted. */
  openMic(wanted: boolean): Promise<LocalAudioTrack | undefined> {
    if (!wanted) return Promise.resolve(undefined);
    return createLocalAudioTrack(this.#capture()).catch((err: unknown) => {
      console.warn('[parley] microphone unavailable', err);
      return undefined;
    });
  }

  /** Once connected: shares the opened microphone, the camera and the chosen speaker. */
  async startJoined(
    track: LocalAudioTrack | undefined,
    opts: { mic: boolean; camera: boolean },
  ): Promise<void> {
    const room = this.#session.room;
    if (!room) return;
    if (track) {
      try {
        await room.localParticipant.publishTrack(track, { source: Track.Source.Microphone });
        performance.mark('parley:mic-published');
        if (needsPipeline(this.settings)) await this.applyMic();
      } catch {
        this.micMessage =
          'Your microphone could not be shared — you can listen but others will not hear you.';
      }
    } else if (opts.mic) {
      this.micMessage =
        'Microphone unavailable — you can listen but others will not hear you. Allow the microphone in your browser and use the microphone button to try again.';
    } else {
      this.micMessage = 'You joined to listen. Use the microphone button to speak.';
    }
    if (opts.camera) {
      await room.localParticipant.setCameraEnabled(true, this.#camera()).catch(() => {
        this.deviceNotice = 'The camera could not be started.';
      });
    }
    if (this.settings.audioOutput) {
      await room
        .switchActiveDevice('audiooutput', this.settings.audioOutput)
        .catch(() => undefined);
    }
  }

  /** Forgets the processing pipeline (its track is gone after a full reconnect). */
  reset(): void {
    this.#mic.reset();
  }

  async toggleMic(): Promise<void> {
    const room = this.#session.room;
    if (room) await this.setMic(!room.localParticipant.isMicrophoneEnabled);
  }

  /** Turns the microphone on or off (the button, its shortcut, push to talk). */
  async setMic(enable: boolean): Promise<void> {
    const room = this.#session.room;
    if (!room) return;
    this.micMessage = null;
    this.#session.clearMutedNotice();
    try {
      await room.localParticipant.setMicrophoneEnabled(enable, this.#capture());
      if (enable) await this.applyMic();
    } catch {
      this.micMessage =
        'Microphone unavailable — allow it in your browser settings, then try again.';
    }
    this.#session.refresh();
  }

  async toggleCamera(): Promise<void> {
    await this.#session.room?.localParticipant
      .setCameraEnabled(!this.#session.cameraOn, this.#camera())
      .catch(() => {
        this.deviceNotice = 'The camera could not be started.';
      });
    this.#session.refresh();
  }

  async toggleScreen(): Promise<void> {
    await this.#session.room?.localParticipant
      .setScreenShareEnabled(!this.#session.screenOn, { audio: false })
      .catch(() => {
        // The user cancelled the picker, or the browser cannot share.
      });
    this.#session.refresh();
  }

  /** Saves a settings change and applies it to the live call. */
  update(patch: Partial<RoomSettings>): void {
    const before = this.settings;
    this.settings = { ...this.settings, ...patch };
    saveSettings(storage(), this.settings);
    const room = this.#session.room;
    if (!room || this.#session.phase !== 'room') return;
    if (patch.micGain !== undefined || patch.noiseGate !== undefined) void this.applyMic();
    if (patch.audioInput !== undefined && patch.audioInput !== before.audioInput) {
      void room.switchActiveDevice('audioinput', patch.audioInput || 'default').catch(() => {
        this.deviceNotice = 'That microphone could not be opened.';
      });
    }
    if (patch.audioOutput !== undefined && patch.audioOutput !== before.audioOutput) {
      void room.switchActiveDevice('audiooutput', patch.audioOutput || 'default').catch(() => {
        this.deviceNotice = 'That speaker could not be used.';
      });
    }
    if (
      patch.echoCancellation !== undefined ||
      patch.noiseSuppression !== undefined ||
      patch.autoGainControl !== undefined
    ) {
      void this.#micTrack()
        ?.restartTrack(this.#capture())
        .catch(() => undefined);
    }
  }

  /** A participant's playback volume (remembered by identity). */
  setVolume(identity: string, volume: number): void {
    const volumes = { ...this.settings.volumes, [identity]: volume };
    const keys = Object.keys(volumes);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_VOLUMES))) delete volumes[k];
    this.update({ volumes });
    this.#session.room?.remoteParticipants.get(identity)?.setVolume(volume);
  }

  /** A chosen device that disappeared (unplugged): fall back to the default one and say so. */
  async onDevicesChanged(): Promise<void> {
    const { audioInput, audioOutput } = this.settings;
    if (!audioInput && !audioOutput) return;
    const all = await navigator.mediaDevices.enumerateDevices().catch(() => []);
    const { changes, notice } = lostDevices({ audioInput, audioOutput }, all);
    if (notice) {
      this.update(changes);
      this.deviceNotice = notice;
    }
  }

  /**
   * Samples my level while my microphone is on (one analyser, re-attached when the sent track
   * changes). Call from an `$effect`: it reads the session's microphone state.
   */
  watchLevel(): (() => void) | undefined {
    void this.#session.micSid;
    void this.micPipeline;
    if (!this.#session.micOn) {
      this.level = 0;
      return;
    }
    const t = this.#micTrack()?.mediaStreamTrack;
    if (!t) return;
    return sampleLevel(t, (l) => (this.level = l));
  }
}
