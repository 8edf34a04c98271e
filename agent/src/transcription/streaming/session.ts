// One speaker's connection to a streaming provider through a LiveKit plugin's SpeechStream:
// Parley's VAD decides where an utterance starts and ends, the plugin carries the audio and
// the provider's interim and final results. The session turns the plugin's event stream into
// utterances and notices every way the provider can let an utterance down (an error, a socket
// that closes, a stall, a refused key, a reconnect the plugin made on its own).
import { APIStatusError, stt } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import { speakerRuns, type LabelledWord, type SpeakerRun } from '../speaker-runs.ts';
import { RECOGNIZER_SAMPLE_RATE } from '../types.ts';

export type FailureKind = 'error' | 'closed' | 'stall' | 'unauthorized' | 'reset' | 'unanswered';

/** Why the provider could not give an utterance its text. */
export class ProviderFailure extends Error {
  override name = 'ProviderFailure';
  readonly kind: FailureKind;
  constructor(kind: FailureKind, message: string) {
    super(message);
    this.kind = kind;
  }
  /** Whether the provider itself is at fault (not: the utterance had nothing it recognised). */
  get providerFault(): boolean {
    return this.kind !== 'unanswered';
  }
}

/** How a provider's results for one utterance are known to be complete. */
export type Boundary =
  /** A usage report follows every committed item, even an empty one (OpenAI realtime). */
  | 'usage'
  /** After a flush, the text is complete once a final covers the last interim (Deepgram). */
  | 'results';

export interface SessionOptions {
  boundary: Boundary;
  /**
   * The plugin reconnects by itself after a dropped socket (Deepgram): audio sent to the dead
   * socket is lost without an error. Checked by conservation: the words of a complete final
   * must reach to within `lossToleranceS` of the end of the audio the plugin reports sent.
   */
  detectTimelineReset: boolean;
  /** No result at all for this long while speech is active: the provider stalled (ms). */
  stallMs: number;
  /** Longest wait for the final after the end of speech (ms). */
  finalTimeoutMs: number;
  /**
   * After a commit (the speaker paused; 'results' providers only), the utterance is complete
   * only once the final words reach the audio sent before it, or this long after it (an
   * answer with no words is not seen: the plugin passes on no empty results) (ms). A provider
   * seen answering commits more slowly gets up to 1.5 × its slowest recent answer.
   */
  commitGraceMs: number;
}

export const defaultSessionOptions: Omit<SessionOptions, 'boundary' | 'detectTimelineReset'> = {
  stallMs: 2_500,
  finalTimeoutMs: 2_500,
  commitGraceMs: 600,
};

/**
 * Audio goes to the plugin in 100 ms frames, the size it sends in: its byte buffer (which copies
 * all it holds on every write) then stays empty, and a third as many frames cross its queue.
 */
const FRAME_SAMPLES = RECOGNIZER_SAMPLE_RATE / 10;
/** Trailing quiet after the last word, and the VAD's padding, fit in this much (s). */
const LOSS_TOLERANCE_S = 1.2;
/** An utterance with at least this much audio and no result at all: the provider let it down (s). */
const ANSWER_EXPECTED_S = 1;
/**
 * A commit is answered once the final words end within this much of the audio sent before it
 * (s): the quiet that made the pause (the VAD's 64 ms, its onset lag, a word's trailing quiet).
 */
const COMMIT_COVERED_S = 0.5;
/**
 * Words from this much before an utterance's audio on are its own (s): the rounding of word
 * times. An earlier utterance ends in the VAD's silence, so none of its words start that late.
 */
const NEXT_UTTERANCE_SLACK_S = 0.05;
/** Recent commit answer times kept for the grace (see `commitGraceMs`). */
const ANSWER_SAMPLES = 8;

export interface SessionHooks {
  /** Audio handed to the provider (seconds), for the cost figures. */
  onAudioSent?: (seconds: number) => void;
  /** End of speech → complete final (ms). */
  onLatency?: (ms: number) => void;
}

/** An open utterance of a session. */
export interface SessionUtterance {
  push(pcm: Int16Array): void;
  /** Asks the provider to finalise what it heard so far (the speaker paused). */
  commit(): void;
  /** Resolves with the final text, or rejects with a ProviderFailure. */
  finish(): Promise<string>;
  /** After `finish`: the final's words split by voice (diarized streams), else null. */
  speakerRuns(): SpeakerRun[] | null;
  abort(): void;
}

/** A commit, and where it falls on the provider's timeline once the plugin reported it. */
interface Ask {
  at: number;
  /** Audio sent on this socket up to the commit (s), from the usage report that followed it. */
  sentS: number | null;
}

interface Pending {
  onInterim: ((text: string) => void) | undefined;
  /** Called once, as soon as the provider fails this utterance (also before `finish`). */
  onFailure: (f: ProviderFailure) => void;
  finals: string[];
  /** The finals' words, with the speakers a diarized stream gave them. */
  words: LabelledWord[];
  interim: string;
  gotResult: boolean;
  audioS: number;
  /** Where its audio begins on the socket's timeline (s). */
  startS: number;
  lastResultAt: number;
  startedAt: number;
  flushedAt: number | null;
  /** The audio pushed up to the latest commit (s). */
  audioAtCommit: number;
  /** Commits whose words have not all been heard yet, oldest first (the last is the latest). */
  asks: Ask[];
  done: PromiseWithResolvers<string>;
  settled: boolean;
  timer: NodeJS.Timeout | null;
  graceTimer: NodeJS.Timeout | null;
  /** Aborted after sending audio: ended and answered like the others, its result dropped. */
  discard: boolean;
}

/** The plugin side a session drives: a fresh plugin STT and its stream. */
export interface PluginConnection {
  stt: stt.STT;
  stream: stt.SpeechStream;
  /**
   * Applies new keyterms on the open connection. Absent: the provider reads them only when a
   * connection opens (Deepgram: the URL), so new keyterms take a new session.
   */
  applyKeyterms?: (terms: string[]) => void;
}

/** Sessions opened so far in this process: part of every voice label (see #voiceScope). */
let sessionsOpened = 0;

export class StreamingSession {
  /**
   * A diarizing provider numbers voices per connection, from its first word: the same label on
   * another one (new keyterms, a new session after a failure) may be someone else. Labels are
   * kept apart by session, so a voice is never given another's number or name (the same person
   * may get a new one after a reconnect).
   */
  readonly #voiceScope = String(++sessionsOpened);
  readonly #conn: PluginConnection;
  readonly #o: SessionOptions;
  readonly #hooks: SessionHooks;
  /** Utterances in order: results belong to the oldest one not yet complete. */
  readonly #queue: Pending[] = [];
  #failure: ProviderFailure | null = null;
  #closed = false;
  /** Audio the plugin reports sent, and where the latest words end, on its timeline (s). */
  #sentS = 0;
  #heardS = 0;
  /** Where the latest final's words end on that timeline (s). */
  #finalS = 0;
  /** Audio sent before the plugin's current socket (an intentional reconnect) (s). */
  #baseS = 0;
  /** Audio pushed on the current socket (s): where the next utterance begins on its timeline. */
  #pushedS = 0;
  #pendingKeyterms: string[] | null = null;
  /** How long recent commits took to be answered (ms), for the grace. */
  readonly #answerMs: number[] = [];
  #frame = new Int16Array(FRAME_SAMPLES);
  #frameLen = 0;

  constructor(conn: PluginConnection, options: SessionOptions, hooks: SessionHooks = {}) {
    this.#conn = conn;
    this.#o = options;
    this.#hooks = hooks;
    // An 'error' with no listener would throw out of the plugin's emitter.
    conn.stt.on('error', (e) => {
      // Deepgram's plugin gives the status; OpenAI's passes on the ws library's message.
      const status =
        e.error instanceof APIStatusError
          ? e.error.statusCode
          : Number(/server response: (\d{3})/.exec(e.error.message)?.[1] ?? -1);
      const kind = status === 401 || status === 403 ? 'unauthorized' : 'error';
      this.#fail(new ProviderFailure(kind, `${conn.stt.label}: ${e.error.message}`));
    });
    void this.#read();
  }

  /** The failure that ended this session, if any (a failed session takes no utterances). */
  get failure(): ProviderFailure | null {
    return this.#failure;
  }

  get idle(): boolean {
    return this.#queue.length === 0;
  }

  /** Whether new keyterms can be applied to this session (else they take a new one). */
  get appliesKeyterms(): boolean {
    return this.#conn.applyKeyterms !== undefined;
  }

  /** New keyterms, applied between utterances (a reconnect mid-speech would lose audio). */
  setKeyterms(terms: string[]): void {
    this.#pendingKeyterms = terms;
    if (this.idle) this.#applyKeyterms();
  }

  #applyKeyterms(): void {
    const terms = this.#pendingKeyterms;
    if (!terms || this.#failure || this.#closed) return;
    this.#pendingKeyterms = null;
    // Idle: everything sent is reported (the plugin reports on each flush).
    this.#baseS = this.#sentS;
    this.#heardS = 0;
    this.#finalS = 0;
    this.#pushedS = 0;
    this.#conn.applyKeyterms?.(terms);
  }

  begin(
    onInterim: ((text: string) => void) | undefined,
    onFailure: (f: ProviderFailure) => void,
  ): SessionUtterance {
    const p: Pending = {
      onInterim,
      onFailure,
      finals: [],
      words: [],
      interim: '',
      gotResult: false,
      audioS: 0,
      startS: this.#pushedS,
      lastResultAt: 0,
      startedAt: Date.now(),
      flushedAt: null,
      audioAtCommit: 0,
      asks: [],
      done: Promise.withResolvers<string>(),
      settled: false,
      timer: null,
      graceTimer: null,
      discard: false,
    };
    p.done.promise.catch(() => undefined);
    if (this.#failure) {
      this.#settle(p, this.#failure);
      const none = () => undefined;
      return {
        push: none,
        commit: none,
        finish: () => p.done.promise,
        speakerRuns: () => null,
        abort: none,
      };
    }
    this.#queue.push(p);
    return {
      push: (pcm) => {
        if (p.settled || p.flushedAt !== null) return;
        const since = Math.max(p.startedAt, p.lastResultAt);
        if (Date.now() - since > this.#o.stallMs) {
          this.#fail(new ProviderFailure('stall', `no result for ${this.#o.stallMs} ms of speech`));
          return;
        }
        try {
          this.#send(pcm);
          p.audioS += pcm.length / RECOGNIZER_SAMPLE_RATE;
          this.#hooks.onAudioSent?.(pcm.length / RECOGNIZER_SAMPLE_RATE);
        } catch (err) {
          this.#fail(new ProviderFailure('closed', `stream refused audio: ${String(err)}`));
        }
      },
      commit: () => {
        // Deepgram answers a Finalize with the final of what it heard and goes on listening.
        if (this.#o.boundary !== 'results' || p.settled || p.flushedAt !== null) return;
        if (p.audioS === p.audioAtCommit) return;
        p.audioAtCommit = p.audioS;
        p.asks.push({ at: Date.now(), sentS: null });
        this.#flush();
      },
      finish: () => {
        this.#end(p);
        return p.done.promise;
      },
      speakerRuns: () => speakerRuns(p.words),
      abort: () => {
        if (p.audioS === 0) {
          this.#settle(p, new ProviderFailure('closed', 'aborted'));
          return;
        }
        // Its audio is on the provider's timeline: it is ended like any other, and what the
        // provider says of it is taken and dropped here, not read as the next one's words.
        p.discard = true;
        this.#end(p);
      },
    };
  }

  /** The end of an utterance's audio: the provider is asked for its final. */
  #end(p: Pending): void {
    if (p.settled || p.flushedAt !== null) return;
    p.flushedAt = Date.now();
    this.#flush();
    p.timer = setTimeout(() => {
      const kind = p.gotResult || p.audioS >= ANSWER_EXPECTED_S ? 'stall' : 'unanswered';
      this.#settle(p, new ProviderFailure(kind, 'no final in time'));
      // A provider that answered nothing at all may just have heard nothing it knows.
      if (kind === 'stall') this.#fail(new ProviderFailure('stall', 'final never came'));
    }, this.#o.finalTimeoutMs);
    this.#checkComplete(p);
  }

  #send(pcm: Int16Array): void {
    this.#pushedS += pcm.length / RECOGNIZER_SAMPLE_RATE;
    for (let i = 0; i < pcm.length;) {
      const take = Math.min(FRAME_SAMPLES - this.#frameLen, pcm.length - i);
      this.#frame.set(pcm.subarray(i, i + take), this.#frameLen);
      this.#frameLen += take;
      i += take;
      if (this.#frameLen === FRAME_SAMPLES) this.#sendFrame();
    }
  }

  /** The frame so far (the plugin sends the whole buffer a frame's array is a view of). */
  #sendFrame(): void {
    if (this.#frameLen === 0) return;
    const data =
      this.#frameLen === FRAME_SAMPLES ? this.#frame : this.#frame.slice(0, this.#frameLen);
    this.#frame = new Int16Array(FRAME_SAMPLES);
    this.#frameLen = 0;
    this.#conn.stream.pushFrame(new AudioFrame(data, RECOGNIZER_SAMPLE_RATE, 1, data.length));
  }

  /** Sends what is buffered and asks the provider for the final of all it heard. */
  #flush(): void {
    try {
      this.#sendFrame();
      this.#conn.stream.flush();
    } catch (err) {
      this.#fail(new ProviderFailure('closed', `stream refused flush: ${String(err)}`));
    }
  }

  async #read(): Promise<void> {
    try {
      for await (const ev of this.#conn.stream) this.#onEvent(ev);
    } catch (err) {
      this.#fail(new ProviderFailure('error', `stream failed: ${String(err)}`));
    }
    if (!this.#closed) this.#fail(new ProviderFailure('closed', 'provider stream ended'));
  }

  #onEvent(ev: stt.SpeechEvent): void {
    switch (ev.type) {
      case stt.SpeechEventType.INTERIM_TRANSCRIPT:
      case stt.SpeechEventType.FINAL_TRANSCRIPT: {
        const alt = ev.alternatives?.[0];
        if (!alt) return;
        this.#completeBefore(alt.startTime);
        const p = this.#queue[0];
        if (!p) return;
        if (alt.endTime > 0) this.#heardS = alt.endTime;
        if (alt.endTime > 0 && ev.type === stt.SpeechEventType.FINAL_TRANSCRIPT) {
          this.#finalS = alt.endTime;
        }
        this.#noteAnswers(p);
        p.gotResult = true;
        p.lastResultAt = Date.now();
        const text = alt.text.trim();
        if (ev.type === stt.SpeechEventType.FINAL_TRANSCRIPT) {
          if (text) p.finals.push(text);
          for (const w of alt.words ?? [])
            p.words.push(
              w.speakerId == null ? w : { ...w, speakerId: `${this.#voiceScope}:${w.speakerId}` },
            );
          p.interim = '';
        } else {
          p.interim = text;
        }
        const shown = [...p.finals, p.interim].filter(Boolean).join(' ');
        if (shown && p.flushedAt === null) p.onInterim?.(shown);
        this.#checkComplete(p);
        return;
      }
      case stt.SpeechEventType.RECOGNITION_USAGE: {
        const p = this.#queue[0];
        this.#sentS += ev.recognitionUsage?.audioDuration ?? 0;
        if (p) this.#placeAsk(p);
        if (p && this.#o.boundary === 'usage' && p.flushedAt !== null) {
          p.gotResult = true;
          this.#complete(p);
        }
        return;
      }
      default:
        return;
    }
  }

  /**
   * Results follow the audio: words from `startS` on, in the next utterance's audio, mean the
   * provider has said all it will about the ended ones before it. One it heard no words in
   * gets no result at all (the plugin passes on no empty one), and would otherwise wait out the
   * final timeout, taking the next utterance's words and captions for its own meanwhile. (No
   * latency sample: the answer to it was never seen.)
   */
  #completeBefore(startS: number): void {
    if (this.#o.boundary !== 'results') return;
    for (;;) {
      const [p, next] = this.#queue;
      if (!p || !next || p.flushedAt === null) return;
      if (startS < next.startS - NEXT_UTTERANCE_SLACK_S) return;
      this.#settle(p, p.finals.join(' '));
    }
  }

  #checkComplete(p: Pending): void {
    if (this.#o.boundary !== 'results' || p.flushedAt === null || p.settled) return;
    if (p.finals.length === 0 || p.interim !== '') return;
    // The answer to the latest commit may still be on its way. A result since it may answer an
    // earlier one (a slow provider): where the commit's place is known, the final words must
    // reach it; until the plugin reports it, any result after the commit counts.
    const latest = p.asks.at(-1);
    if (latest && (p.asks.some((a) => a.sentS !== null) || p.lastResultAt <= latest.at)) {
      const wait = latest.at + this.#commitGraceMs() - Date.now();
      if (wait > 0) {
        p.graceTimer ??= setTimeout(() => {
          p.graceTimer = null;
          this.#checkComplete(p);
        }, wait);
        return;
      }
    }
    if (
      this.#o.detectTimelineReset &&
      this.#sentS - this.#baseS - this.#heardS > LOSS_TOLERANCE_S
    ) {
      this.#fail(new ProviderFailure('reset', 'provider reconnected: audio was lost'));
      return;
    }
    this.#complete(p);
  }

  /**
   * The first usage report after a commit covers the audio sent up to it: its place on the
   * timeline (the plugin reports on each flush; a periodic report just before would place it
   * early, which only shortens the wait to what it was before commits were placed).
   */
  #placeAsk(p: Pending): void {
    const ask = p.asks.find((a) => a.sentS === null);
    if (!ask) return;
    ask.sentS = this.#sentS - this.#baseS;
    this.#noteAnswers(p);
    this.#checkComplete(p);
  }

  /** Commits the final words now reach are answered (and how long each took is noted). */
  #noteAnswers(p: Pending): void {
    // Both on the current socket's timeline (#finalS restarts with it, #baseS is where it began).
    for (let a = p.asks[0]; a?.sentS != null; a = p.asks[0]) {
      if (this.#finalS < a.sentS - COMMIT_COVERED_S) return;
      p.asks.shift();
      this.#answerMs.push(Date.now() - a.at);
      if (this.#answerMs.length > ANSWER_SAMPLES) this.#answerMs.shift();
    }
  }

  #commitGraceMs(): number {
    const slowest = Math.max(0, ...this.#answerMs);
    return Math.min(this.#o.finalTimeoutMs, Math.max(this.#o.commitGraceMs, 1.5 * slowest));
  }

  #complete(p: Pending): void {
    if (p.flushedAt !== null && !p.discard) this.#hooks.onLatency?.(Date.now() - p.flushedAt);
    this.#settle(p, p.finals.join(' '));
  }

  #settle(p: Pending, result: string | ProviderFailure): void {
    if (p.settled) return;
    p.settled = true;
    if (p.timer) clearTimeout(p.timer);
    if (p.graceTimer) clearTimeout(p.graceTimer);
    const i = this.#queue.indexOf(p);
    if (i >= 0) this.#queue.splice(i, 1);
    if (p.discard) p.done.resolve('');
    else if (typeof result === 'string') p.done.resolve(result);
    else {
      p.onFailure(result);
      p.done.reject(result);
    }
    if (this.idle) this.#applyKeyterms();
  }

  #fail(f: ProviderFailure): void {
    if (this.#closed) return;
    this.#failure ??= f;
    for (const p of [...this.#queue]) this.#settle(p, f);
  }

  /** Ends the connection; an utterance still open fails (its owner falls back). */
  close(): void {
    if (this.#closed) return;
    this.#fail(new ProviderFailure('closed', 'session closed'));
    this.#closed = true;
    this.#conn.stream.close();
    void this.#conn.stt.close();
  }
}
