/**
 * The microphone pipeline as a LiveKit audio processor: source → GainNode → noise gate
 * (AudioWorklet) → the track that is published. LiveKit swaps it into the existing sender
 * (`setProcessor` / `stopProcessor` call `RTCRtpSender.replaceTrack`), so the publication, its
 * sid and everyone's subscriptions stay. Changes while it runs only touch the nodes: the gain
 * value, or a port message with the gate's threshold.
 */
import type { AudioProcessorOptions, Track, TrackProcessor } from 'livekit-client';
import { gateThresholdDb } from './levels.ts';
import { NOISE_GATE_PROCESSOR, noiseGateSource } from './noise-gate-worklet.ts';

export interface MicProcessorParams {
  /** 0.0–2.0. */
  gain: number;
  /** Gate sensitivity 0–100; 0 leaves the gate open (gain only). */
  gate: number;
}

const loadedContexts = new WeakSet<BaseAudioContext>();
let moduleUrl: string | undefined;

async function loadWorklet(ctx: BaseAudioContext): Promise<void> {
  if (loadedContexts.has(ctx)) return;
  moduleUrl ??= URL.createObjectURL(new Blob([noiseGateSource], { type: 'text/javascript' }));
  await ctx.audioWorklet.addModule(moduleUrl);
  loadedContexts.add(ctx);
}

/** Threshold for a sensitivity; 0 (off) = −200 dBFS, i.e. always open. */
function thresholdFor(gate: number): number {
  return gate > 0 ? gateThresholdDb(gate) : -200;
}

export class MicProcessor implements TrackProcessor<Track.Kind.Audio, AudioProcessorOptions> {
  readonly name = 'parley-mic';
  processedTrack?: MediaStreamTrack;
  private params: MicProcessorParams;
  private nodes?: {
    source: MediaStreamAudioSourceNode;
    gain: GainNode;
    gate: AudioWorkletNode;
    dest: MediaStreamAudioDestinationNode;
  };

  constructor(params: MicProcessorParams) {
    this.params = { ...params };
  }

  async init(opts: AudioProcessorOptions): Promise<void> {
    const ctx = opts.audioContext;
    await loadWorklet(ctx);
    if (ctx.state === 'suspended') await ctx.resume().catch(() => undefined);
    const source = ctx.createMediaStreamSource(new MediaStream([opts.track]));
    const gain = ctx.createGain();
    gain.gain.value = this.params.gain;
    const gate = new AudioWorkletNode(ctx, NOISE_GATE_PROCESSOR, {
      processorOptions: { thresholdDb: thresholdFor(this.params.gate), holdMs: 200 },
    });
    const dest = ctx.createMediaStreamDestination();
    source.connect(gain).connect(gate).connect(dest);
    this.nodes = { source, gain, gate, dest };
    this.processedTrack = dest.stream.getAudioTracks()[0];
  }

  async restart(opts: AudioProcessorOptions): Promise<void> {
    await this.destroy();
    await this.init(opts);
  }

  async destroy(): Promise<void> {
    const n = this.nodes;
    this.nodes = undefined;
    if (!n) return;
    n.source.disconnect();
    n.gain.disconnect();
    n.gate.disconnect();
    n.gate.port.close();
    this.processedTrack?.stop();
    this.processedTrack = undefined;
    await Promise.resolve();
  }

  /** Updates gain and threshold in place (no track change). */
  update(params: MicProcessorParams): void {
    this.params = { ...params };
    if (!this.nodes) return;
    this.nodes.gain.gain.value = params.gain;
    this.nodes.gate.port.postMessage({ thresholdDb: thresholdFor(params.gate) });
  }
}
