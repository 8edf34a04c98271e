/**
 * The noise gate's AudioWorklet processor, as source text loaded through a Blob URL (a worklet is
 * a separate module scope; keeping it here avoids a build step of its own).
 *
 * Per 128-sample block: an RMS envelope (fast attack, slow release) opens the gate above the
 * threshold; it stays open for `holdMs` after the level drops, then closes with a short ramp so
 * there is no click. The threshold (dBFS) changes through `port.postMessage({thresholdDb})`.
 */
export const NOISE_GATE_PROCESSOR = 'parley-noise-gate';

export const noiseGateSource = `
class ParleyNoiseGate extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const o = (options && options.processorOptions) || {};
    this.threshold = Math.pow(10, (typeof o.thresholdDb === 'number' ? o.thresholdDb : -50) / 20);
    this.holdSamples = Math.round(((o.holdMs || 200) / 1000) * sampleRate);
    this.env = 0;
    this.gain = 0;
    this.held = 0;
    this.port.onmessage = (e) => {
      const d = e.data;
      if (d && typeof d.thresholdDb === 'number' && isFinite(d.thresholdDb)) {
        this.threshold = Math.pow(10, d.thresholdDb / 20);
      }
    };
  }
  process(inputs, outputs) {
    const input = inputs[0];
    const output = outputs[0];
    if (!input || input.length === 0 || !output) return true;
    const ch0 = input[0];
    let sum = 0;
    for (let i = 0; i < ch0.length; i++) sum += ch0[i] * ch0[i];
    const level = Math.sqrt(sum / ch0.length);
    this.env = level > this.env ? level : this.env * 0.95 + level * 0.05;
    if (this.env >= this.threshold) this.held = this.holdSamples;
    else this.held = Math.max(0, this.held - ch0.length);
    const target = this.held > 0 ? 1 : 0;
    const step = target > this.gain ? 0.25 : 0.02;
    for (let c = 0; c < output.length; c++) {
      const inp = input[c] || ch0;
      const out = output[c];
      let g = this.gain;
      for (let i = 0; i < out.length; i++) {
        g += (target - g) * step;
        out[i] = inp[i] * g;
      }
    }
    this.gain += (target - this.gain) * (1 - Math.pow(1 - step, ch0.length));
    return true;
  }
}
registerProcessor('${'parley-noise-gate'}', ParleyNoiseGate);
`;
