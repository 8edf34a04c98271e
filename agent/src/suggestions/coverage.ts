import type { Checklist, ChecklistItem } from '@parley/prompts';
import { saysTaskWithDeadline } from '../postmeeting/action-items.ts';
import { contentTokens, isQuestion, stemTokens } from './text.ts';
import type { CoverageState } from '@parley/protocol';
import type { CoverageEvidence, FinalSegment, ItemCoverage, OpenQuestion } from './types.ts';

/** Longest quote kept as evidence (characters; longer ones are cut at a word). */
export const MAX_EVIDENCE_CHARS = 200;

/** The evidence a segment gives: its words (cut to a quote's length), speaker and time. */
export function evidenceOf(seg: FinalSegment): CoverageEvidence {
  let quote = seg.text.trim();
  if (quote.length > MAX_EVIDENCE_CHARS) {
    const cut = quote.slice(0, MAX_EVIDENCE_CHARS - 1);
    const space = cut.lastIndexOf(' ');
    quote = `${space > MAX_EVIDENCE_CHARS / 2 ? cut.slice(0, space) : cut}…`;
  }
  return {
    segmentId: seg.id,
    speaker: seg.speaker,
    speakerName: seg.speakerName ?? seg.speaker,
    quote,
    startMs: seg.startMs,
  };
}

export interface CoverageOptions {
  /** A different speaker talking within this long after a question (ms) answers it. */
  answerWindowMs: number;
  /** Mention ids kept per item (the latest). */
  maxMentions: number;
  /** Unanswered questions kept (the oldest are dropped). */
  maxOpenQuestions: number;
}

export const defaultCoverageOptions: CoverageOptions = {
  answerWindowMs: 30_000,
  maxMentions: 20,
  maxOpenQuestions: 20,
};

/** Keywords of a checklist compiled for matching: first stemmed token → candidate phrases. */
export interface CompiledChecklist {
  items: readonly ChecklistItem[];
  byFirstToken: ReadonlyMap<string, readonly { item: number; tokens: readonly string[] }[]>;
  /** Items without keywords (added by title on the meeting page): their title's content words. */
  titles: readonly { item: number; tokens: readonly string[] }[];
  /** Items a task said with a deadline discusses (`coveredByTasks`). */
  taskItems: readonly number[];
}

/**
 * Compiles a checklist's keywords (stemmed; multi-word ones as token sequences). An item with
 * no keywords (one a host typed on the meeting page) is matched by its title instead: every
 * content word of the title said in one segment, in any order ("Security review" by "we
 * reviewed the security setup").
 */
export function compileChecklist(checklist: Checklist): CompiledChecklist {
  const byFirstToken = new Map<string, { item: number; tokens: string[] }[]>();
  const titles: { item: number; tokens: string[] }[] = [];
  checklist.items.forEach((item, idx) => {
    if (item.keywords.length === 0) {
      const tokens = [...contentTokens(item.title)];
      if (tokens.length > 0) titles.push({ item: idx, tokens });
    }
    const seen = new Set<string>();
    for (const k of item.keywords) {
      const tokens = stemTokens(k);
      const first = tokens[0];
      const key = tokens.join(' ');
      if (first === undefined || seen.has(key)) continue;
      seen.add(key);
      let list = byFirstToken.get(first);
      if (!list) byFirstToken.set(first, (list = []));
      list.push({ item: idx, tokens });
    }
  });
  const taskItems = checklist.items.flatMap((item, idx) => (item.coveredByTasks ? [idx] : []));
  return { items: checklist.items, byFirstToken, titles, taskItems };
}

/** Indices of the checklist items a text mentions (whole words, multi-word keywords in order). */
export function matchItems(compiled: CompiledChecklist, text: string): number[] {
  const tokens = stemTokens(text);
  const found = new Set<number>();
  tokens.forEach((t, i) => {
    for (const c of compiled.byFirstToken.get(t) ?? []) {
      if (found.has(c.item)) continue;
      let ok = true;
      for (let j = 1; j < c.tokens.length; j++) {
        if (tokens[i + j] !== c.tokens[j]) {
          ok = false;
          break;
        }
      }
      if (ok) found.add(c.item);
    }
  });
  if (compiled.titles.length > 0) {
    const said = new Set(tokens);
    for (const t of compiled.titles) if (t.tokens.every((w) => said.has(w))) found.add(t.item);
  }
  return [...found].sort((a, b) => a - b);
}

/** A state change of one checklist item. */
export interface CoverageChange {
  itemId: string;
  from: CoverageState;
  to: CoverageState;
  segmentId: string;
}

interface ItemState {
  state: CoverageState;
  evidence?: CoverageEvidence;
  mentionIds: string[];
  questionId?: string;
  answerId?: string;
  asker?: string;
  askedEndMs?: number;
}

interface PendingQuestion extends OpenQuestion {
  tokens: Set<string>;
  items: number[];
}

/**
 * Tracks which checklist items a meeting has covered, from final segments in arrival order.
 * Each segment is looked at once (cost grows with its length, not with the meeting's), so the
 * state stays cheap to keep up for hours. Deterministic: same segments, same state.
 */
export class ChecklistCoverage {
  readonly #compiled: CompiledChecklist;
  readonly #o: CoverageOptions;
  readonly #items: ItemState[];
  #pending: PendingQuestion[] = [];
  #lastEndMs = 0;
  #version = 0;

  constructor(checklist: Checklist, options: Partial<CoverageOptions> = {}) {
    this.#compiled = compileChecklist(checklist);
    this.#o = { ...defaultCoverageOptions, ...options };
    this.#items = checklist.items.map(() => ({ state: 'not_discussed', mentionIds: [] }));
  }

  /** Grows by one with every change (cheap "did anything change" check). */
  get version(): number {
    return this.#version;
  }

  /** Takes in one final segment; returns the items whose state changed. */
  add(seg: FinalSegment): CoverageChange[] {
    const changes: CoverageChange[] = [];
    const set = (idx: number, to: CoverageState) => {
      const s = this.#items[idx];
      const item = this.#compiled.items[idx];
      if (!s || !item || s.state === to) return;
      changes.push({ itemId: item.id, from: s.state, to, segmentId: seg.id });
      s.state = to;
      s.evidence = evidenceOf(seg);
    };
    const mentioned = matchItems(this.#compiled, seg.text);
    const tasks = this.#compiled.taskItems.filter((i) => !mentioned.includes(i));
    if (tasks.length > 0 && saysTaskWithDeadline(seg.text)) {
      mentioned.push(...tasks);
      mentioned.sort((a, b) => a - b);
    }
    const mentions = new Set(mentioned);
    const question = isQuestion(seg.text);
    this.#lastEndMs = Math.max(this.#lastEndMs, seg.endMs);

    // 1. Does this segment answer an earlier question?
    this.#items.forEach((s, idx) => {
      if (s.state !== 'asked' || s.asker === seg.speaker || s.askedEndMs === undefined) return;
      if (seg.endMs <= s.askedEndMs) return;
      if (mentions.has(idx) || seg.startMs - s.askedEndMs <= this.#o.answerWindowMs) {
        s.answerId = seg.id;
        set(idx, 'answered');
      }
    });
    const tokens = question || this.#pending.length > 0 ? contentTokens(seg.text) : undefined;
    this.#pending = this.#pending.filter((q) => {
      if (q.speaker === seg.speaker || seg.endMs <= q.endMs) return true;
      if (seg.startMs - q.endMs <= this.#o.answerWindowMs) return false;
      if (q.items.some((i) => mentions.has(i))) return false;
      for (const t of tokens ?? []) if (q.tokens.has(t)) return false;
      return true;
    });

    // 2. What this segment itself covers.
    for (const idx of mentioned) {
      const s = this.#items[idx];
      if (!s) continue;
      s.mentionIds.push(seg.id);
      if (s.mentionIds.length > this.#o.maxMentions) s.mentionIds.shift();
      if (question && s.state !== 'answered') {
        s.questionId = seg.id;
        s.asker = seg.speaker;
        s.askedEndMs = seg.endMs;
        s.answerId = undefined;
        set(idx, 'asked');
      } else if (s.state === 'not_discussed') {
        set(idx, 'discussed');
      }
    }
    if (question) {
      this.#pending.push({
        segmentId: seg.id,
        speaker: seg.speaker,
        text: seg.text,
        endMs: seg.endMs,
        tokens: tokens ?? contentTokens(seg.text),
        items: mentioned,
      });
      if (this.#pending.length > this.#o.maxOpenQuestions) this.#pending.shift();
    }
    if (changes.length > 0) this.#version++;
    return changes;
  }

  /** The coverage of every item, in checklist order (a copy). */
  items(): ItemCoverage[] {
    return this.#items.map((s, idx) => {
      const c: ItemCoverage = {
        item: this.#compiled.items[idx] as ChecklistItem,
        state: s.state,
        mentionIds: [...s.mentionIds],
      };
      if (s.evidence !== undefined) c.evidence = s.evidence;
      if (s.questionId !== undefined) c.questionId = s.questionId;
      if (s.answerId !== undefined) c.answerId = s.answerId;
      return c;
    });
  }

  /**
   * Questions no other speaker has answered and whose answer window has passed by `nowMs`
   * (meeting time; default: the end of the latest segment), oldest first.
   */
  openQuestions(nowMs = this.#lastEndMs): OpenQuestion[] {
    return this.#pending
      .filter((q) => nowMs - q.endMs > this.#o.answerWindowMs)
      .map(({ segmentId, speaker, text, endMs }) => ({ segmentId, speaker, text, endMs }));
  }
}
