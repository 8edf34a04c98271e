import type { VAD } from '@livekit/agents';
import { AudioStream, type AudioFrame, type RemoteAudioTrack } from '@livekit/rtc-node';
import { ReadableStream } from 'node:stream/web';
import { Segmenter, type SpeechRecognizer } from '../transcription/index.ts';
import { StreamClock } from './clock.ts';

export interface TrackUtterance {
  /** Wall-clock (epoch ms) start and end of the speech. */
  startWallMs: number;
  endWallMs: number;
  text: string;
  /** When the VAD saw the end of speech (epoch ms), for latency figures. */
  vadEndAt: number;
}

export interface TrackPipelineHandlers {
  onInterim: (u: { startWallMs: number; text: string }) => void;
  onFinal: (u: TrackUtterance) => void;
  onError: (err: unknown) => void;
}

/**
 * One person's microphone track: AudioStream (16 kHz mono) → Silero VAD → recogniser.
 * Every participant gets their own pipeline, so overlapping speech is never merged.
 */
export class TrackPipeline {
  readonly #audio: AudioStream;
  readonly #reader: ReturnType<AudioStream['getReader']>;
  readonly #vadStream: ReturnType<VAD['stream']>;
  readonly #segmenter: Segmenter;
  readonly #clock = new StreamClock();
  readonly #done: Promise<void>;
  #paused = false;
  #closed = false;

  constructor(
    track: RemoteAudioTrack,
    deps: {
      vad: VAD;
      recognizer: SpeechRecognizer;
      language?: string;
      prompt?: string;
      /** Sees every decoded frame (16 kHz mono) on its way to the VAD: the recorder's tap. */
      onFrame?: (frame: AudioFrame) => void;
    },
    h: TrackPipelineHandlers,
  ) {
    // 32 ms frames = one VAD window: a third of the per-frame work of the default 10 ms.
    this.#audio = new AudioStream(track, { sampleRate: 16_000, numChannels: 1, frameSizeMs: 32 });
    const clock = this.#clock;
    const onFrame = deps.onFrame;
    this.#segmenter = new Segmenter(
      deps.recognizer,
      {
        onInterim: (u) => h.onInterim({ startWallMs: clock.wallAt(u.startMs), text: u.text }),
        onFinal: (u) =>
          h.onFinal({
            startWallMs: clock.wallAt(u.startMs),
            endWallMs: clock.wallAt(u.endMs),
            text: u.text,
            vadEndAt: u.vadEndAt,
          }),
        onError: (err) => h.onError(err),
      },
      { language: deps.language, prompt: deps.prompt },
    );
    this.#vadStream = deps.vad.stream();
    // Frames pass through on their way to the VAD, noting when each arrived.
    const reader = this.#audio.getReader();
    this.#reader = reader;
    // Someone who paused their transcription is left out of the recording too.
    const tap = onFrame
      ? (f: AudioFrame) => {
          if (!this.#paused) onFrame(f);
        }
      : undefined;
    const timed = new ReadableStream<AudioFrame>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        clock.onAudio((value.samplesPerChannel * 1000) / value.sampleRate);
        tap?.(value);
        controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    });
    this.#vadStream.updateInputStream(timed);
    this.#done = this.#run().catch((err: unknown) => {
      if (!this.#closed) h.onError(err);
    });
  }

  async #run(): Promise<void> {
    for await (const ev of this.#vadStream) {
      if (this.#closed) break;
      if (this.#paused) continue;
      this.#segmenter.handle(ev);
    }
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** Stops transcribing (speech in progress is dropped) until `resume()`. */
  pause(): void {
    this.#paused = true;
    this.#segmenter.cancel();
  }

  resume(): void {
    this.#paused = false;
  }

  /** Ends the pipeline; an utterance in progress is finished and reported. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#segmenter.flush();
    this.#vadStream.close();
    await this.#reader.cancel().catch(() => undefined);
    await this.#done;
  }
}
