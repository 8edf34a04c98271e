/**
 * Applies the microphone settings to the published microphone track. Gate 0 and gain 1 → no
 * pipeline at all (the original track is sent); otherwise a `MicProcessor`. Crossing between the
 * two swaps the sent track inside the same publication; changes within "on" only update nodes.
 */
import type { LocalAudioTrack } from 'livekit-client';
import { MicProcessor } from './mic-processor.ts';
import { needsPipeline, type RoomSettings } from './settings.ts';

export type MicChange = 'none' | 'pipeline-on' | 'pipeline-off' | 'updated';

export class MicController {
  private processor: MicProcessor | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  /** Serialised: a slider dragged quickly never runs two swaps at once. */
  applySettings(
    track: LocalAudioTrack | undefined,
    s: Pick<RoomSettings, 'micGain' | 'noiseGate'>,
  ): Promise<MicChange> {
    const run = this.chain.then(() => this.applyNow(track, s));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async applyNow(
    track: LocalAudioTrack | undefined,
    s: Pick<RoomSettings, 'micGain' | 'noiseGate'>,
  ): Promise<MicChange> {
    if (!track) return 'none';
    const params = { gain: s.micGain, gate: s.noiseGate };
    const active = this.processor !== undefined && track.getProcessor() === this.processor;
    if (needsPipeline(s)) {
      if (active && this.processor) {
        this.processor.update(params);
        return 'updated';
      }
      const p = new MicProcessor(params);
      await track.setProcessor(p);
      this.processor = p;
      return 'pipeline-on';
    }
    if (track.getProcessor()) {
      await track.stopProcessor();
      this.processor = undefined;
      return 'pipeline-off';
    }
    this.processor = undefined;
    return 'none';
  }

  /** Forget the processor (the track it ran on is gone, e.g. after a full reconnect). */
  reset(): void {
    this.processor = undefined;
  }
}
