import { initializeLogger, log } from '@livekit/agents';
import { Backoff } from '../backoff.ts';
import type {
  RecognizerStream,
  SpeechRecognizer,
  StreamOptions,
  Utterance,
  UtteranceOptions,
  VocabularyResult,
} from '../types.ts';
import { speaks } from '../languages.ts';
import { RECOGNIZER_SAMPLE_RATE } from '../types.ts';
import {
  ProviderFailure,
  StreamingSession,
  defaultSessionOptions,
  type Boundary,
  type FailureKind,
  type PluginConnection,
  type SessionUtterance,
} from './session.ts';

/** A streaming provider reached through a LiveKit plugin. */
export interface StreamingProvider {
  readonly name: string;
  readonly boundary: Boundary;
  readonly detectTimelineReset: boolean;
  /** Whether it labels words by voice when asked (`diarize`). */
  readonly diarization: boolean;
  /** A new plugin STT and stream for one speaker, favouring `keyterms`. */
  connect(keyterms: string[], options?: StreamOptions): PluginConnection;
}

export interface StreamingOptions {
  /** No result for this long while speech is active: the provider stalled (ms). */
  stallMs: number;
  /** Longest wait for an utterance's final after the end of speech (ms). */
  finalTimeoutMs: number;
  /** After a commit at a pause, longest wait for its answer once the utterance ends (ms). */
  commitGraceMs: number;
  /** A failed provider rests this long before a new connection; doubles per failure (ms). */
  cooldownMs: number;
  maxCooldownMs: number;
  /** Audio kept per speaker since the last final, for the local fallback (ms). */
  bufferMs: number;
}

export const defaultStreamingOptions: StreamingOptions = {
  ...defaultSessionOptions,
  cooldownMs: 2_000,
  maxCooldownMs: 60_000,
  bufferMs: 60_000,
};

export interface StreamingEvents {
  /** An utterance went to the local recogniser (the provider failed, or is resting). */
  onFallback?: (reason: FailureKind | 'cooldown', err?: unknown) => void;
  /** Seconds of speech the local recogniser transcribed in the provider's place. */
  onFallbackAudio?: (seconds: number) => void;
  /** A new connection after a failure. */
  onReconnect?: () => void;
  /** The provider gave a final again after failures. */
  onRecovered?: () => void;
  /** End of speech → the provider's complete final (ms). */
  onLatency?: (ms: number) => void;
  /** Seconds of audio sent to the provider (the cost). */
  onAudioSent?: (seconds: number) => void;
}

/**
 * A streaming cloud recogniser: one provider connection per speaker, interim text pushed as it
 * arrives, and when the provider fails (error, closed socket, stall, refused key, lost audio)
 * the utterance goes on in the local recogniser from the audio kept since the last final, so
 * the transcript has no hole and no repeat. The connection is retried with a growing rest.
 */
export class StreamingRecognizer implements SpeechRecognizer {
  readonly name: string;
  readonly interimResults = true;
  readonly streaming = true;
  readonly diarization: boolean;
  readonly #provider: StreamingProvider;
  readonly #local: SpeechRecognizer | null;
  readonly #o: StreamingOptions;
  readonly #ev: StreamingEvents;
  readonly #streams = new Set<SpeakerStream>();
  #keyterms: string[] = [];

  constructor(
    provider: StreamingProvider,
    local: SpeechRecognizer | null,
    options: Partial<StreamingOptions> = {},
    events: StreamingEvents = {},
  ) {
    this.#provider = provider;
    this.#local = local;
    this.#o = { ...defaultStreamingOptions, ...options };
    this.#ev = events;
    this.name = provider.name;
    this.diarization = provider.diarization;
    // The plugins log through the framework's logger: the worker sets it up, a CLI or test may
    // not (then only fatal lines).
    try {
      log();
    } catch {
      initializeLogger({ pretty: false, level: 'fatal' });
    }
  }

  get keyterms(): readonly string[] {
    return this.#keyterms;
  }

  /** Connections open on demand; the local fallback loads on first use. */
  warmup(): Promise<void> {
    return Promise.resolve();
  }

  /** The provider takes the words as keyterms; the local fallback learns them too. */
  async addVocabulary(terms: string[]): Promise<VocabularyResult> {
    this.setKeyterms([...new Set([...this.#keyterms, ...terms])]);
    return (await this.#local?.addVocabulary?.(terms)) ?? { added: [], skipped: [] };
  }

  setKeyterms(terms: string[]): void {
    this.#keyterms = [...terms];
    for (const s of this.#streams) s.setKeyterms(this.#keyterms);
  }

  stream(options: StreamOptions = {}): RecognizerStream {
    const s = new SpeakerStream(
      this.#provider,
      this.#local,
      this.#o,
      this.#ev,
      () => this.#keyterms,
      { diarize: options.diarize === true && this.diarization },
    );
    this.#streams.add(s);
    s.onClose = () => this.#streams.delete(s);
    return s;
  }

  /** One utterance on a connection of its own (a file, a test). */
  startUtterance(options: UtteranceOptions = {}): Utterance {
    const s = this.stream();
    const u = s.startUtterance(options);
    return {
      ...u,
      finish: () => u.finish().finally(() => void s.close()),
      abort: () => {
        u.abort();
        void s.close();
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.#streams].map((s) => s.close()));
    await this.#local?.close();
  }
}

class SpeakerStream implements RecognizerStream {
  readonly #provider: StreamingProvider;
  readonly #local: SpeechRecognizer | null;
  readonly #o: StreamingOptions;
  readonly #ev: StreamingEvents;
  readonly #keyterms: () => readonly string[];
  readonly #streamOptions: StreamOptions;
  readonly #backoff: Backoff;
  #session: StreamingSession | null = null;
  #renewForKeyterms = false;
  #closed = false;
  onClose: (() => void) | null = null;

  constructor(
    provider: StreamingProvider,
    local: SpeechRecognizer | null,
    o: StreamingOptions,
    ev: StreamingEvents,
    keyterms: () => readonly string[],
    streamOptions: StreamOptions,
  ) {
    this.#provider = provider;
    this.#local = local;
    this.#o = o;
    this.#ev = ev;
    this.#keyterms = keyterms;
    this.#streamOptions = streamOptions;
    this.#backoff = new Backoff(o.cooldownMs, o.maxCooldownMs);
  }

  setKeyterms(terms: readonly string[]): void {
    const s = this.#session;
    if (!s) return; // the next session opens with them
    if (s.appliesKeyterms) s.setKeyterms([...terms]);
    else {
      this.#renewForKeyterms = true;
      this.#renewIfIdle();
    }
  }

  /** A session that takes keyterms only when it opens is replaced between utterances. */
  #renewIfIdle(): void {
    const s = this.#session;
    if (!this.#renewForKeyterms || !s?.idle) return;
    this.#renewForKeyterms = false;
    this.#dropSession(s);
    this.#sessionNow();
  }

  /** Connects now; the plugin keeps the idle socket alive (Deepgram KeepAlive every 5 s). */
  open(): void {
    this.#sessionNow();
  }

  /** The connection to use now: null while the provider rests after a failure. */
  #sessionNow(): StreamingSession | null {
    if (this.#closed) return null;
    if (this.#session?.failure) this.#dropSession(this.#session);
    if (this.#session) return this.#session;
    if (this.#backoff.resting) return null;
    if (this.#backoff.failures > 0) this.#ev.onReconnect?.();
    this.#session = new StreamingSession(
      this.#provider.connect([...this.#keyterms()], this.#streamOptions),
      {
        boundary: this.#provider.boundary,
        detectTimelineReset: this.#provider.detectTimelineReset,
        stallMs: this.#o.stallMs,
        finalTimeoutMs: this.#o.finalTimeoutMs,
        commitGraceMs: this.#o.commitGraceMs,
      },
      { onAudioSent: this.#ev.onAudioSent, onLatency: this.#ev.onLatency },
    );
    return this.#session;
  }

  #dropSession(s: StreamingSession): void {
    if (this.#session === s) this.#session = null;
    s.close();
  }

  #failed(s: StreamingSession): void {
    this.#dropSession(s);
    this.#backoff.failed();
  }

  startUtterance(options: UtteranceOptions = {}): Utterance {
    const ring: Int16Array[] = [];
    let ringSamples = 0;
    let samples = 0;
    let ended = false;
    let local: Utterance | null = null;
    const maxSamples = (this.#o.bufferMs * RECOGNIZER_SAMPLE_RATE) / 1000;
    const localOptions = { language: options.language, prompt: options.prompt };
    // Carries on locally from the audio since the last final: nothing lost, nothing repeated.
    // Not in a language the local recogniser cannot do: it would write words never said.
    const fallback =
      this.#local && speaks(this.#local, options.language ?? '') ? this.#local : null;
    const toLocal = (reason: FailureKind | 'cooldown', err?: unknown): Utterance | null => {
      if (local || !fallback) return local;
      this.#ev.onFallback?.(reason, err);
      local = fallback.startUtterance(localOptions);
      for (const pcm of ring) local.push(pcm);
      return local;
    };
    const session = this.#sessionNow();
    let primary: SessionUtterance | null = null;
    if (session) {
      primary = session.begin(options.onInterim, (f) => {
        if (this.#closed || (ended && f.kind === 'closed')) return;
        if (f.providerFault) this.#failed(session);
        toLocal(f.kind, f);
      });
    } else {
      toLocal('cooldown');
    }
    const fallbackDone = (u: Utterance): Promise<string> => {
      this.#ev.onFallbackAudio?.(samples / RECOGNIZER_SAMPLE_RATE);
      return u.finish();
    };
    return {
      push: (pcm) => {
        if (ended) return;
        samples += pcm.length;
        ring.push(pcm);
        ringSamples += pcm.length;
        while (ringSamples > maxSamples && ring.length > 1)
          ringSamples -= ring.shift()?.length ?? 0;
        if (local) local.push(pcm);
        else primary?.push(pcm);
      },
      commit: () => {
        if (!local) primary?.commit();
      },
      partial: () => (local ? local.partial() : Promise.resolve(null)),
      // A fallback's text has no voices: the utterance stays whole.
      speakerRuns: () => (local ? null : (primary?.speakerRuns() ?? null)),
      finish: async () => {
        if (!local && primary) {
          try {
            const text = await primary.finish();
            if (this.#backoff.succeeded()) this.#ev.onRecovered?.();
            return text;
          } catch (err) {
            if (!(err instanceof ProviderFailure)) throw err;
            const l = toLocal(err.kind, err);
            if (!l) throw err;
          } finally {
            ended = true;
            this.#renewIfIdle();
          }
        }
        ended = true;
        if (local) return fallbackDone(local);
        throw new ProviderFailure(
          'error',
          `${this.#provider.name}: no recogniser for the utterance`,
        );
      },
      abort: () => {
        ended = true;
        ring.length = 0;
        primary?.abort();
        local?.abort();
        this.#renewIfIdle();
      },
    };
  }

  close(): Promise<void> {
    this.#closed = true;
    if (this.#session) this.#dropSession(this.#session);
    this.onClose?.();
    return Promise.resolve();
  }
}
