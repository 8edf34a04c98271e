import { RoomEvent, type RemoteParticipant, type Room } from '@livekit/rtc-node';
import type { Logger } from '@parley/services/log';
import {
  CATCHUP_REQUEST_TOPIC,
  CATCHUP_TOPIC,
  encodeCatchup,
  fitCatchupPoints,
  parseCatchupRequest,
  type CatchupMessage,
} from '@parley/protocol';
import { JsonChatClient } from '@parley/services/llm';
import { DEFAULT_PROMPT_CHARS, llmSummary } from '../postmeeting/llm-steps.ts';
import { extractiveSummary } from '../postmeeting/summary.ts';
import type { SummaryResult, Transcript } from '../postmeeting/types.ts';
import { isMember } from './members.ts';

export interface CatchupOptions {
  /** One recap per person this often at most (a recap reads the whole transcript). */
  minIntervalMs: number;
  /** Queued finals are written first for at most this long, so the recap has the latest. */
  flushMs: number;
}

export const defaultCatchupOptions: CatchupOptions = { minIntervalMs: 15_000, flushMs: 2_000 };

export interface CatchupDeps {
  room: Room;
  meetingId: string;
  /** The transcript as stored (corrections applied); null when the meeting is gone. */
  load: () => Promise<Transcript | null>;
  /** Writes the finals still queued for Postgres. */
  flush?: (timeoutMs: number) => Promise<unknown>;
  /** The recap of a transcript (an LLM's, else lines picked from it). */
  summarize: (t: Transcript) => Promise<SummaryResult>;
  log: Logger;
  now?: () => number;
}

/**
 * "Catch me up" in a live room: a member's request (`parley.catchup_request`) is answered to
 * that member alone (`parley.catchup`) with a recap of the meeting so far, read from the stored
 * transcript. Malformed requests and requests from guests are ignored and logged (ids only); a
 * second request within `minIntervalMs` gets `busy` with the wait.
 */
export class RoomCatchup {
  readonly #d: CatchupDeps;
  readonly #o: CatchupOptions;
  readonly #last = new Map<string, number>();
  #closed = false;
  #inflight: Promise<RecapBody | null> | null = null;
  /** The last recap and the transcript it was made from (made again only when that changed). */
  #cached: { key: string; body: RecapBody } | null = null;

  constructor(deps: CatchupDeps, options: Partial<CatchupOptions> = {}) {
    this.#d = deps;
    this.#o = { ...defaultCatchupOptions, ...options };
  }

  start(): void {
    this.#d.room.on(RoomEvent.DataReceived, this.#onData);
  }

  close(): void {
    this.#closed = true;
    this.#d.room.off(RoomEvent.DataReceived, this.#onData);
  }

  #onData = (
    payload: Uint8Array,
    participant?: RemoteParticipant,
    _kind?: unknown,
    topic?: string,
  ): void => {
    if (topic !== CATCHUP_REQUEST_TOPIC || !participant) return;
    const log = this.#d.log;
    // Members may ask; guests (who get no history) and agents may not.
    if (!isMember(participant)) {
      log.warn({ participantSid: participant.sid }, 'catch-up request from a guest ignored');
      return;
    }
    const req = parseCatchupRequest(payload);
    if (!req) {
      log.warn({ participantSid: participant.sid }, 'malformed catch-up request ignored');
      return;
    }
    void this.answer(participant.identity, req.requestId).catch((err: unknown) =>
      log.warn({ err: err instanceof Error ? err.name : typeof err }, 'catch-up not sent'),
    );
  };

  /** Builds and sends the answer to one request (public for tests). */
  async answer(identity: string, requestId: string): Promise<CatchupMessage> {
    const now = (this.#d.now ?? Date.now)();
    const last = this.#last.get(identity);
    let msg: CatchupMessage;
    if (last !== undefined && now - last < this.#o.minIntervalMs) {
      msg = { ...empty(requestId, 'busy'), retryInMs: this.#o.minIntervalMs - (now - last) };
    } else {
      this.#last.set(identity, now);
      msg = await this.#recap(requestId);
      // Nothing to tell yet, or it failed: asking again soon is fine.
      if (msg.status !== 'ok') this.#last.delete(identity);
    }
    if (!this.#closed) {
      await this.#d.room.localParticipant?.publishData(encodeCatchup(msg), {
        reliable: true,
        topic: CATCHUP_TOPIC,
        destination_identities: [identity],
      });
    }
    this.#d.log.info(
      { meetingId: this.#d.meetingId, status: msg.status, source: msg.source },
      'catch-up answered',
    );
    return msg;
  }

  async #recap(requestId: string): Promise<CatchupMessage> {
    try {
      // People asking at once share one recap: a long meeting's summary costs the job ≈ 0.1 s
      // of CPU (3,000 lines), time its audio pipeline needs.
      this.#inflight ??= this.#build().finally(() => (this.#inflight = null));
      const body = await this.#inflight;
      return body ? { ...body, requestId } : empty(requestId, 'empty');
    } catch (err) {
      this.#d.log.warn(
        { meetingId: this.#d.meetingId, err: err instanceof Error ? err.name : typeof err },
        'catch-up failed',
      );
      return empty(requestId, 'failed');
    }
  }

  /** A recap of the transcript as stored now; null when nothing was said yet. */
  async #build(): Promise<RecapBody | null> {
    await this.#d.flush?.(this.#o.flushMs);
    const t = await this.#d.load();
    if (!t || t.lines.length === 0) return null;
    const key = transcriptKey(t);
    if (this.#cached?.key === key) return this.#cached.body;
    const s = await this.#d.summarize(t);
    const body: RecapBody = {
      type: CATCHUP_TOPIC,
      v: 1,
      status: 'ok',
      source: s.source,
      uptoMs: Math.max(0, ...t.lines.map((l) => l.endMs)),
      overview: s.overview.slice(0, 2000),
      keyPoints: fitCatchupPoints(s.keyPoints),
      decisions: fitCatchupPoints(s.decisions),
      openQuestions: fitCatchupPoints(s.openQuestions),
    };
    this.#cached = { key, body };
    return body;
  }
}

type RecapBody = Omit<CatchupMessage, 'requestId'>;

/** What a recap depends on: every line's id and text, in order (a correction changes it). */
function transcriptKey(t: Transcript): string {
  let h = 0x811c9dc5;
  for (const l of t.lines) {
    const s = `${l.segmentId}\u0000${l.speakerName}\u0000${l.text}\u0001`;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return `${t.lines.length}:${(h >>> 0).toString(16)}`;
}

function empty(requestId: string, status: 'empty' | 'busy' | 'failed'): CatchupMessage {
  return {
    type: CATCHUP_TOPIC,
    v: 1,
    requestId,
    status,
    source: null,
    uptoMs: null,
    overview: '',
    keyPoints: [],
    decisions: [],
    openQuestions: [],
  };
}

/** How long a recap may wait for the language model before lines are picked instead. */
const LLM_RECAP_TIMEOUT_MS = 30_000;

/**
 * The recap: the language model's (when the room has one), else — and when it fails — lines
 * picked from the transcript (TextRank, as after the meeting).
 */
export function recapWith(
  llm: JsonChatClient | null,
  log: Logger,
  promptChars = DEFAULT_PROMPT_CHARS,
): (t: Transcript) => Promise<SummaryResult> {
  return async (t) => {
    if (llm) {
      try {
        const signal = AbortSignal.timeout(LLM_RECAP_TIMEOUT_MS);
        return (await llmSummary(llm, t, promptChars, signal)).value;
      } catch (err) {
        log.warn(
          { err: err instanceof Error ? err.name : typeof err },
          'catch-up: the language model failed; lines picked instead',
        );
      }
    }
    return extractiveSummary(t);
  };
}

/** The room's language model (the one live suggestions use), when it has one. */
export function roomLlm(s: {
  provider: 'template' | 'llm';
  llm: { apiKey?: string; baseURL?: string; model: string; timeoutMs: number };
}): JsonChatClient | null {
  if (s.provider !== 'llm' || !s.llm.apiKey) return null;
  return new JsonChatClient({
    apiKey: s.llm.apiKey,
    ...(s.llm.baseURL ? { baseURL: s.llm.baseURL } : {}),
    model: s.llm.model,
    timeoutMs: s.llm.timeoutMs,
  });
}
