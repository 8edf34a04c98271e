// Who spoke when: one row per speaker over the meeting's length, their turns as spans.
import { talkTime, type TalkLine } from '../transcript/talk-time.ts';

export interface TimelineSpan {
  startMs: number;
  endMs: number;
}

export interface TimelineRow {
  key: string;
  name: string;
  /** Share of all speech, 0–1. */
  share: number;
  spans: TimelineSpan[];
}

export interface Timeline {
  rows: TimelineRow[];
  /** The drawn length (ms from the meeting's start): the last line's end, or longer when given. */
  lengthMs: number;
}

export interface TimelineOptions {
  /** A speaker's lines closer than this are drawn as one span (fewer shapes, same picture). */
  joinGapMs?: number;
  /** At least this long, e.g. the end of the last recording. */
  minLengthMs?: number;
}

/**
 * Rows in talk-time order (most first), each speaker's lines joined into spans where the gap
 * between them is under `joinGapMs`; a 1-hour meeting stays at a few hundred shapes.
 */
export function speakerTimeline(lines: readonly TalkLine[], o: TimelineOptions = {}): Timeline {
  const joinGapMs = o.joinGapMs ?? 1000;
  const spans = new Map<string, TimelineSpan[]>();
  let lengthMs = o.minLengthMs ?? 0;
  const ordered = [...lines].sort((a, b) => a.startMs - b.startMs);
  for (const l of ordered) {
    const end = Math.max(l.startMs, l.endMs);
    lengthMs = Math.max(lengthMs, end);
    let list = spans.get(l.speakerKey);
    if (!list) spans.set(l.speakerKey, (list = []));
    const last = list.at(-1);
    if (last && l.startMs - last.endMs < joinGapMs) last.endMs = Math.max(last.endMs, end);
    else list.push({ startMs: l.startMs, endMs: end });
  }
  const rows = talkTime(lines).map((t) => ({
    key: t.key,
    name: t.name,
    share: t.share,
    spans: spans.get(t.key) ?? [],
  }));
  return { rows, lengthMs };
}

/** The speaker talking at `ms` (the first row with a span over it), for a screen reader. */
export function speakerAt(timeline: Timeline, ms: number): string | null {
  for (const r of timeline.rows) {
    if (r.spans.some((s) => s.startMs <= ms && ms <= s.endMs)) return r.name;
  }
  return null;
}

/** Keyboard steps of the seek bar (ms). */
export const SEEK_STEP_MS = 5_000;
export const SEEK_PAGE_MS = 60_000;

/** Where a key moves the seek bar from `ms` (null: not a seek key). */
export function seekKey(key: string, ms: number, lengthMs: number): number | null {
  const to = (x: number) => Math.min(lengthMs, Math.max(0, x));
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return to(ms - SEEK_STEP_MS);
    case 'ArrowRight':
    case 'ArrowUp':
      return to(ms + SEEK_STEP_MS);
    case 'PageDown':
      return to(ms - SEEK_PAGE_MS);
    case 'PageUp':
      return to(ms + SEEK_PAGE_MS);
    case 'Home':
      return 0;
    case 'End':
      return lengthMs;
    default:
      return null;
  }
}
