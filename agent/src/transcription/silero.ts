import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';

/** Silero VAD v5 at 16 kHz: 512-sample (32 ms) windows, each preceded by 64 samples of context. */
export const SILERO_SAMPLE_RATE = 16_000;
export const SILERO_WINDOW = 512;
export const SILERO_CONTEXT = 64;
/** Floats per row of the model's input: context followed by the window. */
export const SILERO_ROW = SILERO_CONTEXT + SILERO_WINDOW;
/** Floats of recurrent state per row and layer; the state tensor is [2, rows, 128]. */
export const SILERO_STATE = 128;

/**
 * The speech model behind the VAD, for any number of independent streams at once (one row
 * each). One call for several rows costs far less than one call per row: the per-call work
 * of the runtime is most of a 32 ms window's cost.
 */
export interface VadModel {
  /**
   * Speech probabilities of `rows` windows. `input` holds rows × SILERO_ROW floats in
   * [-1, 1); `state` holds 2 × rows × SILERO_STATE floats (layer-major) and is replaced
   * by the state after these windows.
   */
  infer(rows: number, input: Float32Array, state: Float32Array): Promise<Float32Array>;
  close(): Promise<void>;
}

/** The Silero model file that ships inside `@livekit/agents-plugin-silero`. */
export function sileroModelPath(): string {
  const entry = createRequire(import.meta.url).resolve('@livekit/agents-plugin-silero');
  return join(dirname(entry), 'silero_vad.onnx');
}

/** Loads the Silero model on the CPU, one thread: a job's audio is many small calls. */
export async function loadSileroModel(path = sileroModelPath()): Promise<VadModel> {
  const session = await InferenceSession.create(path, {
    interOpNumThreads: 1,
    intraOpNumThreads: 1,
    executionMode: 'sequential',
    executionProviders: ['cpu'],
  });
  const sampleRate = new Tensor('int64', BigInt64Array.from([BigInt(SILERO_SAMPLE_RATE)]));
  return {
    async infer(rows, input, state) {
      if (input.length !== rows * SILERO_ROW || state.length !== 2 * rows * SILERO_STATE) {
        throw new RangeError(`silero: ${rows} rows need matching input and state sizes`);
      }
      const out = await session.run({
        input: new Tensor('float32', input, [rows, SILERO_ROW]),
        state: new Tensor('float32', state, [2, rows, SILERO_STATE]),
        sr: sampleRate,
      });
      const next = out.stateN?.data;
      const probs = out.output?.data;
      if (!(next instanceof Float32Array) || !(probs instanceof Float32Array)) {
        throw new TypeError('silero: unexpected model outputs');
      }
      state.set(next);
      return probs;
    },
    close: () => session.release(),
  };
}
