import { AudioFrame, AudioResampler, AudioResamplerQuality } from '@livekit/rtc-node';
import { Denoiser, type DenoiseOptions } from './denoise.ts';
import { Segmenter } from './segmenter.ts';
import { RECOGNIZER_SAMPLE_RATE, type RecognizedSegment, type SpeechRecognizer } from './types.ts';
import type { Vad } from './vad.ts';
import { concatPcm, type Wav } from './wav.ts';

/** Mixes a WAV down to mono and resamples it to 16 kHz. */
export function toRecognizerAudio(wav: Wav): Int16Array {
  let mono = wav.samples;
  if (wav.channels > 1) {
    const n = Math.floor(wav.samples.length / wav.channels);
    mono = new Int16Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let c = 0; c < wav.channels; c++) sum += wav.samples[i * wav.channels + c] ?? 0;
      mono[i] = Math.round(sum / wav.channels);
    }
  }
  if (wav.sampleRate === RECOGNIZER_SAMPLE_RATE) return mono;
  const rs = new AudioResampler(
    wav.sampleRate,
    RECOGNIZER_SAMPLE_RATE,
    1,
    AudioResamplerQuality.HIGH,
  );
  const out: Int16Array[] = [];
  const step = Math.round(wav.sampleRate / 10);
  for (let i = 0; i < mono.length; i += step) {
    const chunk = mono.slice(i, i + step);
    for (const f of rs.push(new AudioFrame(chunk, wav.sampleRate, 1, chunk.length)))
      out.push(f.data);
  }
  for (const f of rs.flush()) out.push(f.data);
  return concatPcm(out);
}

export interface TranscribeOptions {
  vad: Vad;
  recognizer: SpeechRecognizer;
  language?: string;
  /** Denoise the audio ahead of the VAD (null: as it is). */
  denoise?: Partial<DenoiseOptions> | null;
  /** Called with the fraction of audio processed (0–1). */
  onProgress?: (fraction: number) => void;
}

/**
 * Runs the live pipeline (Silero VAD → recogniser) over 16 kHz mono audio as fast as the
 * machine allows and returns the final segments with times from the start of the audio.
 */
export async function transcribeAudio(
  pcm: Int16Array,
  opts: TranscribeOptions,
): Promise<RecognizedSegment[]> {
  const rate = RECOGNIZER_SAMPLE_RATE;
  const frameSamples = rate / 10;
  // One second of silence after the audio lets the VAD close a final utterance on its own.
  const padded = new Int16Array(pcm.length + rate);
  padded.set(pcm);
  const segments: RecognizedSegment[] = [];
  const errors: unknown[] = [];
  const segmenter = new Segmenter(
    opts.recognizer,
    {
      onFinal: (s) => segments.push({ startMs: s.startMs, endMs: s.endMs, text: s.text }),
      onError: (err) => errors.push(err),
    },
    { language: opts.language, interimIntervalMs: Number.POSITIVE_INFINITY },
  );
  const vadStream = opts.vad.stream((ev) => segmenter.handle(ev));
  const denoiser = opts.denoise ? new Denoiser(opts.denoise) : null;
  let lastReport = 0;
  try {
    for (let offset = 0; offset < padded.length; offset += frameSamples) {
      const chunk = padded.subarray(offset, offset + frameSamples);
      await vadStream.push(denoiser ? denoiser.process(chunk) : chunk);
      if (opts.onProgress && offset - lastReport >= rate * 5) {
        lastReport = offset;
        opts.onProgress(Math.min(1, offset / padded.length));
      }
    }
  } finally {
    vadStream.close();
    denoiser?.close();
  }
  await segmenter.flush();
  opts.onProgress?.(1);
  if (errors.length > 0 && segments.length === 0) {
    throw new Error(`speech recognition failed: ${String(errors[0])}`, { cause: errors[0] });
  }
  return segments;
}
