import { readFile } from 'node:fs/promises';
import type { SttConfig } from '../config.ts';
import {
  createRecognizer,
  loadVad,
  parseWav,
  toRecognizerAudio,
  transcribeAudio,
  type RecognizedSegment,
} from '../transcription/index.ts';

export interface TranscribeFileOptions {
  stt: SttConfig;
  /** Progress lines go here (stderr in the CLI); null for silence. */
  progress?: ((line: string) => void) | null;
}

/** Reads a WAV file and runs the agent's VAD + STT pipeline over it. */
export async function transcribeFile(
  path: string,
  opts: TranscribeFileOptions,
): Promise<RecognizedSegment[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, {
      cause: err,
    });
  }
  const wav = parseWav(bytes);
  const pcm = toRecognizerAudio(wav);
  // One stream at a time: one decoder, which keeps its adaptation (noise, cepstral mean) from
  // utterance to utterance; a pool would hand utterances to cold decoders while the VAD runs
  // ahead of decoding.
  const rc = opts.stt.recognizer;
  const [vad, recognizer] = [
    await loadVad(opts.stt.vad),
    createRecognizer({ ...rc, local: { ...rc.local, maxDecoders: 1 } }),
  ];
  try {
    await recognizer.warmup();
    const progress = opts.progress;
    return await transcribeAudio(pcm, {
      vad,
      recognizer,
      language: opts.stt.language,
      denoise: opts.stt.denoise,
      onProgress: progress
        ? (f) =>
            progress(`transcribe: ${Math.round(f * 100)}% of ${(pcm.length / 16000).toFixed(1)} s`)
        : undefined,
    });
  } finally {
    await recognizer.close();
    await vad.close();
  }
}
