import { initializeLogger, log, type VAD } from '@livekit/agents';
import * as silero from '@livekit/agents-plugin-silero';

export interface VadOptions {
  /** Silence (ms) that ends an utterance. Lower is faster, higher splits fewer sentences. */
  minSilenceMs: number;
  /** Speech (ms) needed before an utterance starts. */
  minSpeechMs: number;
  /** Audio (ms) kept before the detected start of speech and handed to the recogniser. */
  prefixPaddingMs: number;
  /** Speech probability above which a window counts as speech. */
  activationThreshold: number;
}

export const defaultVadOptions: VadOptions = {
  minSilenceMs: 350,
  minSpeechMs: 100,
  prefixPaddingMs: 300,
  activationThreshold: 0.5,
};

/**
 * The agents framework logs through a logger that must be set up first; outside a worker
 * (CLI, tests, benchmarks) set up a quiet one. The worker's own set-up is left alone.
 */
export function ensureAgentsLogger(level = 'fatal'): void {
  try {
    log();
  } catch {
    initializeLogger({ pretty: false, level });
  }
}

/** Loads Silero VAD (its ONNX model ships inside the plugin package; CPU only). */
export async function loadVad(options: Partial<VadOptions> = {}): Promise<VAD> {
  const o = { ...defaultVadOptions, ...options };
  ensureAgentsLogger();
  return silero.VAD.load({
    minSilenceDuration: o.minSilenceMs,
    minSpeechDuration: o.minSpeechMs,
    prefixPaddingDuration: o.prefixPaddingMs,
    activationThreshold: o.activationThreshold,
    sampleRate: 16_000,
    forceCPU: true,
  });
}
