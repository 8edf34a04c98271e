import { silentLogger, type Logger } from '@parley/services/log';
import { loadChecklist, type Checklist } from '@parley/prompts';
import {
  parseFeedback,
  type ChecklistMessage,
  type FeedbackMessage,
  type SuggestionsMessage,
} from '@parley/protocol';
import { SuggestionBook, type SuggestionBookOptions } from './book.ts';
import { ChecklistCoverage, type CoverageChange, type CoverageOptions } from './coverage.ts';
import { checklistMessage, suggestionsMessage } from './messages.ts';
import { SuggestionScheduler, type SchedulerOptions, type SuggestionRunKind } from './scheduler.ts';
import { TemplateSuggestionEngine } from './template.ts';
import {
  systemClock,
  type Clock,
  type FinalSegment,
  type PastContext,
  type Suggestion,
  type SuggestionContext,
  type SuggestionEngine,
  type Turn,
} from './types.ts';

export interface SuggestionSessionOptions {
  meetingType: string;
  subject: string;
  /** Default: the meeting type's checklist. */
  checklist?: Checklist;
  /** The engine for full runs (from `createSuggestionEngine`; may be shared by rooms). */
  engine: SuggestionEngine;
  /** The engine for quick runs (default: a template engine). */
  quickEngine?: SuggestionEngine;
  past?: PastContext;
  /**
   * Looks up past passages relevant to the conversation (the latest turns' text) before each
   * full run, when there is past context; a failure leaves the run without passages.
   */
  retrievePassages?: (conversation: string) => Promise<PastContext['passages']>;
  /** Turns kept for the prompt. */
  maxTurns?: number;
  /** Suggestions per run. */
  maxSuggestions?: number;
  /** Prompt label of a speaker; default "Speaker 1", "Speaker 2"… in order of first words. */
  labelFor?: (speaker: string) => string;
  coverage?: Partial<CoverageOptions>;
  scheduler?: Partial<SchedulerOptions>;
  book?: Partial<SuggestionBookOptions>;
  clock?: Clock;
  logger?: Logger;
  /** Sends a message to the room (e.g. `publishData(encodeMessage(m), { topic: m.type })`). */
  publish: (message: SuggestionsMessage | ChecklistMessage) => void | Promise<void>;
  /** New suggestions were made (to store them). */
  onSuggestions?: (added: Suggestion[], run: SuggestionRunKind) => void;
  /**
   * A suggestion's status changed: by feedback, asked aloud (`speech`) or its checklist item
   * discussed (`coverage`); `segmentId` names the segment that did it (speech and coverage).
   */
  onStatus?: (s: Suggestion, cause: 'feedback' | 'speech' | 'coverage', segmentId?: string) => void;
  /**
   * After each run: how long it took (ms, memory lookup included), how many suggestions it
   * added, and how long the memory lookup took (ms; absent when there was none).
   */
  onRun?: (info: {
    kind: SuggestionRunKind;
    engine: string;
    ms: number;
    added: number;
    memoryMs?: number;
  }) => void;
}

/** The part of a transcript correction (`TranscriptChange` in the protocol) the engines need. */
export interface TranscriptCorrection {
  segments: readonly { segmentId: string; text: string }[];
  removed: readonly { segmentId: string }[];
  speakers: readonly { speakerKey: string; name: string }[];
}

/**
 * Live question suggestions for one room: feed it final segments and feedback packets; it keeps
 * the checklist coverage, runs the engines on the scheduler's beat and publishes what to show.
 */
export class SuggestionSession {
  readonly coverage: ChecklistCoverage;
  readonly book: SuggestionBook;
  readonly #o: SuggestionSessionOptions;
  readonly #checklist: Checklist;
  readonly #quick: SuggestionEngine;
  readonly #scheduler: SuggestionScheduler;
  readonly #log: Logger;
  /** The recent turns, each with the id of the segment it came from (corrections name it). */
  readonly #turns: (Turn & { segmentId: string })[] = [];
  readonly #labels = new Map<string, string>();
  readonly #abort = new AbortController();
  #past: PastContext | undefined;
  #lastEndMs = 0;

  constructor(options: SuggestionSessionOptions) {
    this.#o = options;
    this.#checklist = options.checklist ?? loadChecklist(options.meetingType);
    this.coverage = new ChecklistCoverage(this.#checklist, options.coverage);
    this.book = new SuggestionBook(options.book);
    this.#quick = options.quickEngine ?? new TemplateSuggestionEngine();
    this.#log = options.logger ?? silentLogger;
    this.#past = options.past;
    this.#scheduler = new SuggestionScheduler(
      (kind) => this.run(kind).then(() => undefined),
      options.scheduler,
      options.clock ?? systemClock,
      (err) => this.#log.warn({ err: errorName(err) }, 'suggestion run failed'),
    );
  }

  /** Past-meeting context found after the session started. */
  setPastContext(past: PastContext | undefined): void {
    this.#past = past;
  }

  /** Takes in a final segment: coverage, asked-aloud matching, then a scheduled refresh. */
  addSegment(seg: FinalSegment): CoverageChange[] {
    this.#lastEndMs = Math.max(this.#lastEndMs, seg.endMs);
    this.#turns.push({
      segmentId: seg.id,
      speaker: seg.speaker,
      label: this.#label(seg.speaker),
      text: seg.text,
      startMs: seg.startMs,
    });
    if (this.#turns.length > (this.#o.maxTurns ?? 30)) this.#turns.shift();
    const changes = this.coverage.add(seg);
    const asked = this.book.markAskedFromSpeech(seg.text);
    let changed = false;
    if (asked) {
      this.#log.info({ suggestionId: asked.id, segmentId: seg.id }, 'suggestion asked aloud');
      this.#o.onStatus?.(asked, 'speech', seg.id);
      changed = true;
    }
    // A checklist item people have now talked about no longer needs its question.
    const covered = new Set(changes.filter((c) => c.to !== 'not_discussed').map((c) => c.itemId));
    for (const s of this.book.all()) {
      if (s.status !== 'active' || !s.checklistItemId || !covered.has(s.checklistItemId)) continue;
      const done = this.book.setStatus(s.id, 'asked');
      if (done) {
        this.#log.info(
          { suggestionId: s.id, segmentId: seg.id },
          'suggestion covered in discussion',
        );
        this.#o.onStatus?.(done, 'coverage', seg.id);
        changed = true;
      }
    }
    if (changed) this.#publishSuggestions();
    if (changes.length > 0) this.#publish(checklistMessage(this.coverage.items()));
    this.#scheduler.trigger();
    return changes;
  }

  /**
   * Applies a correction people made to the live transcript, so the engines see what was really
   * said: edited lines take their new text, merged-away lines leave, renamed speakers take their
   * new name. Lines no longer among the recent turns are not looked for. Checklist coverage is
   * kept as it was (an item once discussed stays discussed). Returns the turns changed.
   */
  correct(change: TranscriptCorrection): number {
    let changed = 0;
    const removed = new Set(change.removed.map((r) => r.segmentId));
    for (let i = this.#turns.length - 1; i >= 0; i--) {
      if (removed.has(this.#turns[i]?.segmentId ?? '')) {
        this.#turns.splice(i, 1);
        changed++;
      }
    }
    for (const seg of change.segments) {
      const turn = this.#turns.find((t) => t.segmentId === seg.segmentId);
      if (turn && turn.text !== seg.text) {
        turn.text = seg.text;
        changed++;
      }
    }
    for (const { speakerKey, name } of change.speakers) {
      this.#labels.set(speakerKey, name);
      for (const turn of this.#turns) {
        if (turn.speaker === speakerKey && turn.label !== name) {
          turn.label = name;
          changed++;
        }
      }
    }
    return changed;
  }

  /** Applies a feedback packet from the room (malformed ones are ignored); returns it when applied. */
  feedback(raw: unknown): FeedbackMessage | null {
    const fb = parseFeedback(raw);
    if (!fb) return null;
    const s = this.book.setStatus(fb.id, fb.status);
    if (!s) return null;
    this.#o.onStatus?.(s, 'feedback');
    this.#publishSuggestions();
    return fb;
  }

  /** The context the engines get now. */
  context(): SuggestionContext {
    const ctx: SuggestionContext = {
      meetingType: this.#o.meetingType,
      subject: this.#o.subject,
      checklist: this.#checklist,
      coverage: this.coverage.items(),
      openQuestions: this.coverage.openQuestions(this.#lastEndMs),
      recentTurns: this.#turns.map(({ segmentId: _, ...turn }) => turn),
      previous: this.book.all(),
      signal: this.#abort.signal,
    };
    if (this.#past) ctx.past = this.#past;
    if (this.#o.maxSuggestions !== undefined) ctx.maxSuggestions = this.#o.maxSuggestions;
    return ctx;
  }

  /** Runs an engine now (the scheduler calls this; tests and benchmarks may too). */
  async run(kind: SuggestionRunKind): Promise<Suggestion[]> {
    const engine = kind === 'full' ? this.#o.engine : this.#quick;
    const started = performance.now();
    const ctx = this.context();
    let memoryMs: number | undefined;
    if (kind === 'full' && ctx.past && this.#o.retrievePassages) {
      const conversation = ctx.recentTurns
        .slice(-3)
        .map((t) => t.text)
        .join(' ');
      try {
        ctx.past = { ...ctx.past, passages: await this.#o.retrievePassages(conversation) };
      } catch (err) {
        this.#log.warn({ err: errorName(err) }, 'memory passages not found');
      }
      memoryMs = performance.now() - started;
      if (this.#abort.signal.aborted) return [];
    }
    const drafts = await engine.suggest(ctx);
    if (this.#abort.signal.aborted) return [];
    const added = this.book.offer(drafts);
    const ms = performance.now() - started;
    this.#o.onRun?.({
      kind,
      engine: engine.name,
      ms,
      added: added.length,
      ...(memoryMs !== undefined ? { memoryMs } : {}),
    });
    if (added.length > 0) {
      this.#o.onSuggestions?.(added, kind);
      this.#publishSuggestions();
    }
    return added;
  }

  /** The messages that describe the room now (e.g. for a participant who just joined). */
  snapshot(): { suggestions: SuggestionsMessage; checklist: ChecklistMessage } {
    return {
      suggestions: suggestionsMessage(this.book.shown()),
      checklist: checklistMessage(this.coverage.items()),
    };
  }

  /** Stops scheduling and cancels a run in flight. */
  close(): void {
    this.#scheduler.stop();
    this.#abort.abort();
  }

  #label(speaker: string): string {
    let l = this.#labels.get(speaker);
    if (l === undefined) {
      l = this.#o.labelFor?.(speaker) ?? `Speaker ${this.#labels.size + 1}`;
      this.#labels.set(speaker, l);
    }
    return l;
  }

  #publishSuggestions(): void {
    this.#publish(suggestionsMessage(this.book.shown()));
  }

  #publish(m: SuggestionsMessage | ChecklistMessage): void {
    try {
      const p = this.#o.publish(m);
      if (p)
        p.catch((err: unknown) =>
          this.#log.warn({ type: m.type, err: errorName(err) }, 'suggestion message not sent'),
        );
    } catch (err) {
      this.#log.warn({ type: m.type, err: errorName(err) }, 'suggestion message not sent');
    }
  }
}

/** An error's name and code only (messages may quote text). */
function errorName(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' ? `${err.name}:${code}` : err.name;
  }
  return typeof err;
}
