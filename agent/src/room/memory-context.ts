import type { Db } from '@parley/db';
import { VectorStoreUnavailableError, type Indexing } from '@parley/services/indexing';
import {
  formatMetric,
  loadSubjectMemory,
  metricTrend,
  retrieveMemoryPassages,
  type MemorySource,
  type SubjectMemory,
} from '@parley/services/subjects';
import type { MemoryCite, PastContext } from '../suggestions/index.ts';

// A subject's memory as the suggestion engines see it (PastContext), and the passages of its
// past meetings that bear on what is being said now.

const shortDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});

function dateOf(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : shortDate.format(d);
}

function cite(s: Pick<MemorySource, 'meetingId' | 'at' | 'startMs'>): MemoryCite {
  return { meetingId: s.meetingId, startMs: s.startMs, date: dateOf(s.at) };
}

/** Summaries kept for the prompt (newest meetings). */
const MAX_SUMMARIES = 3;

/**
 * Past meetings whose passages are searched (the newest): bounds a lookup's cost however long
 * the history; what older meetings said reaches the prompt through metrics and open items.
 */
export const PASSAGE_MEETINGS = 12;

/** The engines' view of a subject's memory (passages are added per run). */
export function pastFromMemory(memory: SubjectMemory): PastContext {
  const metrics: NonNullable<PastContext['metrics']> = [];
  for (const s of memory.metrics) {
    const last = s.points.at(-1);
    if (!last) continue;
    const trend = metricTrend(s);
    metrics.push({
      fieldId: s.fieldId,
      label: s.label,
      value: last.value !== null && s.numeric ? formatMetric(last.value, s.unit) : last.raw,
      ...(trend && trend.change !== null
        ? {
            trend: `${trend.change >= 0 ? 'up' : 'down'} ${Math.abs(Math.round(trend.change * 100))}% since ${dateOf(trend.from.at)}`,
          }
        : {}),
      cite: cite({ meetingId: last.meetingId, at: last.at, startMs: last.startMs }),
    });
  }
  return {
    summaries: memory.meetings
      .filter((m) => m.overview)
      .slice(0, MAX_SUMMARIES)
      .map((m) => ({ meetingId: m.id, date: dateOf(m.at), text: m.overview ?? '' })),
    passages: [],
    metrics,
    openItems: memory.openActionItems.map((i) => ({
      text: i.text,
      owner: i.owner,
      due: i.dueDate,
      cite: cite(i.source),
    })),
    uncovered: memory.neverCovered.map((u) => ({
      itemId: u.itemId,
      title: u.title,
      cite: cite(u.source),
    })),
  };
}

/** Where a subject's past meetings are indexed by meaning (absent: full text only). */
export interface MemoryVectors {
  indexing: Indexing;
  /** The namespace of the subject's meetings (`meetingNamespace` of the meeting). */
  namespace: string;
  /** The vector half of a lookup failed (full text still answered). */
  onError?: (err: unknown) => void;
}

/** A subject's memory for a meeting about it: loaded once, passages looked up per run. */
export class SubjectMemorySource {
  readonly #db: Db;
  readonly #subjectId: string;
  readonly #meetingId: string;
  #vectors: MemoryVectors | null;
  #meetings: { id: string; date: string }[] = [];

  constructor(db: Db, subjectId: string, meetingId: string, vectors?: MemoryVectors | null) {
    this.#db = db;
    this.#subjectId = subjectId;
    this.#meetingId = meetingId;
    this.#vectors = vectors ?? null;
  }

  /** Loads the memory (earlier ended meetings of the subject); null when there are none. */
  async load(): Promise<PastContext | null> {
    const memory = await loadSubjectMemory(this.#db, this.#subjectId, {
      excludeMeetingId: this.#meetingId,
    });
    this.#meetings = memory.meetings.map((m) => ({ id: m.id, date: dateOf(m.at) }));
    return this.#meetings.length > 0 ? pastFromMemory(memory) : null;
  }

  /**
   * Past passages that bear on `conversation` (best first): sharing its words, and close in
   * meaning when vectors are configured (a store that cannot work here is not asked again).
   */
  async passages(conversation: string, limit = 5): Promise<PastContext['passages']> {
    const dates = new Map(this.#meetings.map((m) => [m.id, m.date]));
    const v = this.#vectors;
    const hits = await retrieveMemoryPassages(this.#db, {
      meetingIds: this.#meetings.slice(0, PASSAGE_MEETINGS).map((m) => m.id),
      namespace: v?.namespace ?? '',
      text: conversation,
      limit,
      indexing: v?.indexing ?? null,
      onVectorError: (err) => {
        if (err instanceof VectorStoreUnavailableError) this.#vectors = null;
        v?.onError?.(err);
      },
    });
    return hits.map((h) => ({
      meetingId: h.meetingId,
      text: `${h.speakerName}: ${h.text}`,
      startMs: h.startMs,
      date: dates.get(h.meetingId) ?? '',
    }));
  }
}
