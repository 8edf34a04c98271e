import { AudioStream, type AudioFrame, type RemoteAudioTrack } from '@livekit/rtc-node';
import {
  Denoiser,
  type DenoiseOptions,
  Segmenter,
  type SpeakerRun,
  type SpeechRecognizer,
  type Vad,
  type VadStream,
} from '../transcription/index.ts';
import { StreamClock } from './clock.ts';
import { StreamGapMeter } from './receive-meter.ts';
import { SilenceGate, type SilenceGateOptions } from './silence-gate.ts';

export interface TrackUtterance {
  /** Wall-clock (epoch ms) start and end of the speech. */
  startWallMs: number;
  endWallMs: number;
  text: string;
  /** When the VAD saw the end of speech (epoch ms), for latency figures. */
  vadEndAt: number;
  /** The text split by voice (a diarized room microphone), else null. */
  runs: SpeakerRun[] | null;
}

export interface TrackPipelineHandlers {
  onInterim: (u: { startWallMs: number; text: string }) => void;
  onFinal: (u: TrackUtterance) => void;
  onError: (err: unknown) => void;
}

/**
 * One person's microphone track: AudioStream (16 kHz mono) → denoiser → silence gate →
 * Silero VAD → recogniser. Every participant gets their own pipeline (the VAD batches their windows through
 * one model but keeps each person's state apart), so overlapping speech is never merged.
 */
export class TrackPipeline {
  readonly #audio: AudioStream;
  readonly #reader: ReadableStreamDefaultReader<AudioFrame>;
  readonly #vadStream: VadStream;
  readonly #segmenter: Segmenter;
  readonly #clock = new StreamClock();
  /** Audio received against the clock: what went missing before the pipeline got it. */
  readonly receive = new StreamGapMeter();
  readonly #gate: SilenceGate<Int16Array>;
  readonly #denoiser: Denoiser | null;
  readonly #tap: ((f: AudioFrame) => void) | undefined;
  readonly #done: Promise<void>;
  #paused = false;
  #closed = false;

  constructor(
    track: RemoteAudioTrack,
    deps: {
      vad: Vad;
      recognizer: SpeechRecognizer;
      language?: string;
      prompt?: string;
      /** Whether to tell voices apart (a room microphone), asked at each utterance's start. */
      diarize?: () => boolean;
      /** Sees every decoded frame (16 kHz mono) on its way to the VAD: the recorder's tap. */
      onFrame?: (frame: AudioFrame) => void;
      /** Silence kept from the VAD (see SilenceGate); `{ thresholdRms: 0 }` turns it off. */
      gate?: Partial<SilenceGateOptions>;
      /** Noise suppression ahead of the gate (null or absent: none). */
      denoise?: Partial<DenoiseOptions> | null;
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
            runs: u.runs,
          }),
        onError: (err) => h.onError(err),
      },
      { language: deps.language, prompt: deps.prompt, diarize: deps.diarize },
    );
    this.#vadStream = deps.vad.stream((ev) => {
      if (!this.#closed && !this.#paused) this.#segmenter.handle(ev);
    });
    this.#reader = this.#audio.getReader();
    // Someone who paused their transcription is left out of the recording too.
    this.#tap = onFrame
      ? (f: AudioFrame) => {
          if (!this.#paused) onFrame(f);
        }
      : undefined;
    this.#gate = new SilenceGate<Int16Array>(deps.gate);
    this.#denoiser = deps.denoise ? new Denoiser(deps.denoise) : null;
    this.#done = this.#run(h).catch((err: unknown) => {
      if (!this.#closed) h.onError(err);
    });
  }

  /** Frames pass through on their way to the VAD, noting when each arrived. */
  async #run(h: TrackPipelineHandlers): Promise<void> {
    for (;;) {
      const { done, value } = await this.#reader.read();
      if (done || this.#closed) return;
      const ms = (value.samplesPerChannel * 1000) / value.sampleRate;
      this.receive.onFrame(ms, performance.now());
      this.#tap?.(value);
      // Paused: nothing of this person goes anywhere, not even to the VAD.
      if (this.#paused) continue;
      // 32 ms frames are whole denoiser frames: nothing waits in it.
      const pcm = this.#denoiser ? this.#denoiser.process(value.data) : value.data;
      if (pcm.length === 0) continue;
      const out = this.#gate.push(
        pcm,
        pcm,
        (pcm.length * 1000) / value.sampleRate,
        Date.now(),
        this.#segmenter.speaking,
      );
      // Not awaited: windows waiting in the VAD's queue tell it this person is behind, and
      // it runs their windows at once instead of waiting to batch them with others.
      for (const f of out) {
        this.#clock.onAudio(f.ms, f.at);
        this.#vadStream.push(f.frame).catch((err: unknown) => h.onError(err));
      }
    }
  }

  /** Frames the silence gate sent to the VAD and frames it kept from it. */
  get gateCounts(): { passed: number; dropped: number } {
    return this.#gate.counts;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** Stops transcribing (speech in progress is dropped) until `resume()`. */
  pause(): void {
    this.#paused = true;
    this.#segmenter.cancel();
    this.#vadStream.reset();
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
    this.#denoiser?.close();
  }
}
