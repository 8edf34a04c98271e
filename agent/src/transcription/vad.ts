import {
  loadSileroModel,
  SILERO_CONTEXT,
  SILERO_ROW,
  SILERO_SAMPLE_RATE,
  SILERO_STATE,
  SILERO_WINDOW,
  type VadModel,
} from './silero.ts';

export interface VadOptions {
  /** Silence (ms) that ends an utterance. Lower is faster, higher splits fewer sentences. */
  minSilenceMs: number;
  /**
   * Silence (ms) inside speech after which the VAD reports a pause (the speaker may go on): a
   * streaming provider is asked then to finalise what it heard, well before `minSilenceMs`.
   * 64: Silero's probability stays up through the gaps inside a flite sentence even at 32, and
   * Deepgram's own endpointing (25 ms here) already finalises at shorter pauses.
   */
  pauseMs: number;
  /** Speech (ms) needed before an utterance starts. */
  minSpeechMs: number;
  /** Audio (ms) kept before the detected start of speech and handed to the recogniser. */
  prefixPaddingMs: number;
  /** Smoothed speech probability above which a window counts as speech. */
  activationThreshold: number;
  /**
   * How long (ms) a window may wait for the other speakers' windows so they go through the
   * model together. 0: every window on its own.
   */
  batchWaitMs: number;
}

export const defaultVadOptions: VadOptions = {
  minSilenceMs: 350,
  pauseMs: 64,
  minSpeechMs: 100,
  prefixPaddingMs: 300,
  activationThreshold: 0.5,
  batchWaitMs: 20,
};

/** What the VAD says about one person's audio, in order. Sample indexes count 16 kHz samples. */
export type VadEvent =
  /** One 32 ms window went through the model. */
  | {
      type: 'inference';
      samplesIndex: number;
      probability: number;
      speaking: boolean;
      pcm: Int16Array;
    }
  /** Speech began `speechMs` before `samplesIndex`; `pcm` is the padding plus that speech. */
  | { type: 'start'; samplesIndex: number; speechMs: number; pcm: Int16Array }
  /** Speech has paused for `silenceMs` (less than the silence that ends it); once per pause. */
  | { type: 'pause'; samplesIndex: number; silenceMs: number }
  /** Speech ended `silenceMs` before `samplesIndex`. */
  | { type: 'end'; samplesIndex: number; silenceMs: number };

/** One person's audio (16 kHz mono) on its way through the VAD. */
export interface VadStream {
  /**
   * Adds audio. Resolves once every complete window in it has been through the model and its
   * events were delivered; rejects if the model failed on one of them (the stream goes on).
   */
  push(pcm: Int16Array): Promise<void>;
  /** Forgets the speech state (after a gap in the audio, e.g. a pause); counting goes on. */
  reset(): void;
  close(): void;
  /** Samples through the model so far. */
  readonly samplesIndex: number;
}

/**
 * Silero voice activity detection for every track of a job. All streams share one model and
 * their windows go through it in batches: a window waits up to `batchWaitMs` for the windows
 * of the other people who are sending audio, then all go in one call.
 */
export interface Vad {
  stream(onEvent: (ev: VadEvent) => void): VadStream;
  readonly stats: { windows: number; batches: number };
  close(): Promise<void>;
}

/** Loads Silero VAD (its ONNX model ships inside the plugin package; CPU only). */
export async function loadVad(options: Partial<VadOptions> = {}): Promise<Vad> {
  return createVad(await loadSileroModel(), options);
}

export function createVad(model: VadModel, options: Partial<VadOptions> = {}): Vad {
  return new BatchedVad(model, { ...defaultVadOptions, ...options });
}

const WINDOW_MS = (SILERO_WINDOW * 1000) / SILERO_SAMPLE_RATE;
/** How late a window may come and still be waited for (scheduling jitter). */
const JITTER_MS = 4;
/** Smoothing of the model's probability (the weight of the previous value). */
const SMOOTHING = 0.35;

interface Pending {
  pcm: Int16Array;
  done?: { resolve: () => void; reject: (err: unknown) => void };
}

class BatchedVad implements Vad {
  readonly #model: VadModel;
  readonly #o: VadOptions;
  readonly #streams = new Set<Stream>();
  #timer: NodeJS.Timeout | null = null;
  #immediate: NodeJS.Immediate | null = null;
  #running = false;
  readonly stats = { windows: 0, batches: 0 };

  constructor(model: VadModel, o: VadOptions) {
    this.#model = model;
    this.#o = o;
  }

  stream(onEvent: (ev: VadEvent) => void): VadStream {
    const s = new Stream(
      this.#o,
      onEvent,
      () => this.#kick(),
      (st) => this.#streams.delete(st),
    );
    this.#streams.add(s);
    return s;
  }

  async close(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#immediate) clearImmediate(this.#immediate);
    this.#timer = null;
    this.#immediate = null;
    for (const s of this.#streams) s.close();
    await this.#model.close();
  }

  /**
   * Runs a batch at once (after the pushes of this turn of the event loop), or waits for the
   * next window of someone who is talking if it is due within `batchWaitMs`. Live audio comes
   * one 32 ms window per person at a time, each person at their own phase.
   */
  #kick(): void {
    if (this.#running || this.#immediate) return; // the batch looks again when it ends
    let ready = 0;
    let behind = false;
    let dueAt = Number.NEGATIVE_INFINITY;
    const now = performance.now();
    for (const s of this.#streams) {
      if (s.queue.length > 0) {
        ready++;
        if (s.queue.length > 1) behind = true;
        continue;
      }
      const due = s.lastWindowAt + WINDOW_MS;
      // Waited for: due soon, and not so late that the person has gone quiet.
      if (due - now <= this.#o.batchWaitMs && now - due < WINDOW_MS) dueAt = Math.max(dueAt, due);
    }
    if (ready === 0) return;
    if (behind || dueAt === Number.NEGATIVE_INFINITY || this.#o.batchWaitMs <= 0) {
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
      this.#immediate = setImmediate(() => {
        this.#immediate = null;
        void this.#run();
      });
      return;
    }
    if (this.#timer) return;
    const wait = Math.min(this.#o.batchWaitMs, Math.max(0, dueAt + JITTER_MS - now));
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#run();
    }, wait);
  }

  async #run(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#running) return;
    const rows = [...this.#streams].filter((s) => s.queue.length > 0);
    if (rows.length === 0) return;
    this.#running = true;
    const n = rows.length;
    const input = new Float32Array(n * SILERO_ROW);
    const state = new Float32Array(2 * n * SILERO_STATE);
    const windows = rows.map((s, r) => {
      const w = s.queue.shift() as Pending; // non-empty: filtered above
      s.writeRow(w.pcm, input, r, state, n);
      return w;
    });
    this.stats.batches++;
    this.stats.windows += n;
    try {
      const probs = await this.#model.infer(n, input, state);
      rows.forEach((s, r) => {
        s.readRow(input, r, state, n);
        s.onWindow(probs[r] ?? 0, windows[r]?.pcm ?? new Int16Array(0));
      });
      for (const w of windows) w.done?.resolve();
    } catch (err) {
      for (const w of windows) w.done?.reject(err);
    } finally {
      this.#running = false;
    }
    this.#kick();
  }
}

class Stream implements VadStream {
  readonly #o: VadOptions;
  readonly #onEvent: (ev: VadEvent) => void;
  readonly #kick: () => void;
  readonly #remove: (s: Stream) => void;
  readonly queue: Pending[] = [];
  /** When the last whole window arrived (performance.now()). */
  lastWindowAt = Number.NEGATIVE_INFINITY;
  #partial = new Int16Array(SILERO_WINDOW);
  #partialLen = 0;
  #closed = false;
  // Model state of this person: context samples and the recurrent state of both layers.
  readonly #context = new Float32Array(SILERO_CONTEXT);
  readonly #state = new Float32Array(2 * SILERO_STATE);
  // Speech state.
  #samples = 0;
  #smoothed: number | null = null;
  #speaking = false;
  #speechMs = 0;
  #silenceMs = 0;
  /** Windows before the start of speech: the padding, then the speech not yet confirmed. */
  #before: Int16Array[] = [];

  constructor(
    o: VadOptions,
    onEvent: (ev: VadEvent) => void,
    kick: () => void,
    remove: (s: Stream) => void,
  ) {
    this.#o = o;
    this.#onEvent = onEvent;
    this.#kick = kick;
    this.#remove = remove;
  }

  get samplesIndex(): number {
    return this.#samples;
  }

  push(pcm: Int16Array): Promise<void> {
    if (this.#closed) return Promise.resolve();
    let last: Pending | null = null;
    let i = 0;
    while (i < pcm.length) {
      const take = Math.min(SILERO_WINDOW - this.#partialLen, pcm.length - i);
      this.#partial.set(pcm.subarray(i, i + take), this.#partialLen);
      this.#partialLen += take;
      i += take;
      if (this.#partialLen === SILERO_WINDOW) {
        last = { pcm: this.#partial };
        this.queue.push(last);
        this.#partial = new Int16Array(SILERO_WINDOW);
        this.#partialLen = 0;
      }
    }
    if (!last) return Promise.resolve();
    this.lastWindowAt = performance.now();
    const w = last;
    const p = new Promise<void>((resolve, reject) => {
      w.done = { resolve, reject };
    });
    this.#kick();
    return p;
  }

  reset(): void {
    this.#context.fill(0);
    this.#state.fill(0);
    this.#smoothed = null;
    this.#speaking = false;
    this.#speechMs = 0;
    this.#silenceMs = 0;
    this.#before = [];
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#remove(this);
    for (const w of this.queue.splice(0)) w.done?.resolve();
  }

  /** Puts this person's next window and state into row `r` of a batch of `n`. */
  writeRow(pcm: Int16Array, input: Float32Array, r: number, state: Float32Array, n: number): void {
    const at = r * SILERO_ROW;
    input.set(this.#context, at);
    for (let i = 0; i < SILERO_WINDOW; i++) input[at + SILERO_CONTEXT + i] = (pcm[i] ?? 0) / 32768;
    state.set(this.#state.subarray(0, SILERO_STATE), r * SILERO_STATE);
    state.set(this.#state.subarray(SILERO_STATE), (n + r) * SILERO_STATE);
  }

  /** Takes this person's new state back from row `r`. */
  readRow(input: Float32Array, r: number, state: Float32Array, n: number): void {
    const end = (r + 1) * SILERO_ROW;
    this.#context.set(input.subarray(end - SILERO_CONTEXT, end));
    this.#state.set(state.subarray(r * SILERO_STATE, (r + 1) * SILERO_STATE), 0);
    this.#state.set(
      state.subarray((n + r) * SILERO_STATE, (n + r + 1) * SILERO_STATE),
      SILERO_STATE,
    );
  }

  onWindow(raw: number, pcm: Int16Array): void {
    if (this.#closed) return;
    const p = this.#smoothed === null ? raw : SMOOTHING * this.#smoothed + (1 - SMOOTHING) * raw;
    this.#smoothed = p;
    this.#samples += SILERO_WINDOW;
    const samplesIndex = this.#samples;
    this.#onEvent({
      type: 'inference',
      samplesIndex,
      probability: p,
      speaking: this.#speaking,
      pcm,
    });
    if (p > this.#o.activationThreshold) {
      this.#speechMs += WINDOW_MS;
      this.#silenceMs = 0;
      if (this.#speaking) return;
      this.#before.push(pcm);
      if (this.#speechMs < this.#o.minSpeechMs) return;
      this.#speaking = true;
      const speechMs = this.#speechMs;
      this.#onEvent({ type: 'start', samplesIndex, speechMs, pcm: this.#takeBefore(speechMs) });
      return;
    }
    this.#silenceMs += WINDOW_MS;
    this.#speechMs = 0;
    if (!this.#speaking) {
      this.#before.push(pcm);
      const keep = Math.ceil((this.#o.prefixPaddingMs * SILERO_SAMPLE_RATE) / 1000 / SILERO_WINDOW);
      if (this.#before.length > keep) this.#before.splice(0, this.#before.length - keep);
      return;
    }
    const pause = this.#o.pauseMs;
    if (
      this.#silenceMs >= pause &&
      this.#silenceMs - WINDOW_MS < pause &&
      pause < this.#o.minSilenceMs
    ) {
      this.#onEvent({ type: 'pause', samplesIndex, silenceMs: this.#silenceMs });
    }
    if (this.#silenceMs > this.#o.minSilenceMs) {
      this.#speaking = false;
      this.#onEvent({ type: 'end', samplesIndex, silenceMs: this.#silenceMs });
    }
  }

  /** The padding (at most prefixPaddingMs) and the `speechMs` of speech before the start. */
  #takeBefore(speechMs: number): Int16Array {
    const want = Math.round(((this.#o.prefixPaddingMs + speechMs) * SILERO_SAMPLE_RATE) / 1000);
    const total = this.#before.reduce((n, w) => n + w.length, 0);
    const out = new Int16Array(Math.min(want, total));
    let skip = total - out.length;
    let at = 0;
    for (const w of this.#before) {
      const from = Math.min(skip, w.length);
      skip -= from;
      out.set(w.subarray(from), at);
      at += w.length - from;
    }
    this.#before = [];
    return out;
  }
}
