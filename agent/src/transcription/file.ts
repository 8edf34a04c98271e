import { VADEventType, type VAD } from '@livekit/agents';
import { AudioFrame, AudioResampler, AudioResamplerQuality } from '@livekit/rtc-node';
import { ReadableStream } from 'node:stream/web';
import { Segmenter } from './segmenter.ts';
import { RECOGNIZER_SAMPLE_RATE, type RecognizedSegment, type SpeechRecognizer } from './types.ts';
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
  vad: VAD;
  recognizer: SpeechRecognizer;
  language?: string;
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
  const vadStream = opts.vad.stream();
  let offset = 0;
  vadStream.updateInputStream(
    new ReadableStream<AudioFrame>({
      pull(controller) {
        if (offset >= padded.length) return; // keep the stream open; VADStream.close() ends it
        const chunk = padded.slice(offset, offset + frameSamples);
        offset += chunk.length;
        controller.enqueue(new AudioFrame(chunk, rate, 1, chunk.length));
      },
    }),
  );
  const window = 512;
  let lastReport = 0;
  for await (const ev of vadStream) {
    segmenter.handle(ev);
    if (ev.type !== VADEventType.INFERENCE_DONE) continue;
    if (opts.onProgress && ev.samplesIndex - lastReport >= rate * 5) {
      lastReport = ev.samplesIndex;
      opts.onProgress(Math.min(1, ev.samplesIndex / padded.length));
    }
    // The VAD holds back a last partial window; two windows short of the end is the end.
    if (ev.samplesIndex + 2 * window > padded.length) break;
  }
  await segmenter.flush();
  vadStream.close();
  opts.onProgress?.(1);
  if (errors.length > 0 && segments.length === 0) {
    throw new Error(`speech recognition failed: ${String(errors[0])}`, { cause: errors[0] });
  }
  return segments;
}
