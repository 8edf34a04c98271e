import type { ApiTranscriptSegment, TranscriptChange } from '@parley/protocol';

/** Speaking order: start time, then segment id (as the server sorts). */
function byStart(a: ApiTranscriptSegment, b: ApiTranscriptSegment): number {
  return (
    a.startMs - b.startMs || (a.segmentId < b.segmentId ? -1 : a.segmentId > b.segmentId ? 1 : 0)
  );
}

/**
 * Applies an edit's change to the lines on the page: lines replaced or added, lines removed,
 * speakers renamed. Returns a new array in speaking order.
 */
export function applyChange(
  segments: readonly ApiTranscriptSegment[],
  change: TranscriptChange,
): ApiTranscriptSegment[] {
  const gone = new Set(change.removed.map((r) => r.segmentId));
  const byId = new Map(segments.filter((s) => !gone.has(s.segmentId)).map((s) => [s.segmentId, s]));
  for (const s of change.segments) byId.set(s.segmentId, s);
  const names = new Map(change.speakers.map((s) => [s.speakerKey, s.name]));
  return [...byId.values()]
    .map((s) => {
      const name = names.get(s.speakerKey);
      return name === undefined || name === s.speakerName ? s : { ...s, speakerName: name };
    })
    .sort(byStart);
}

/** The line after `i` when it is the same speaker's (what "merge with next" joins), else null. */
export function mergeableNext(
  segments: readonly ApiTranscriptSegment[],
  i: number,
): ApiTranscriptSegment | null {
  const a = segments[i];
  const b = segments[i + 1];
  return a && b && a.speakerKey === b.speakerKey ? b : null;
}

/** One line of an edit's history, in words. */
export function describeEdit(e: { kind: string; before: unknown; after: unknown }): string {
  const text = (v: unknown): string => {
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') return o.text;
      if (typeof o.name === 'string') return o.name;
      if (Array.isArray(o.lines)) return o.lines.map(text).join(' ┃ ');
    }
    return '';
  };
  switch (e.kind) {
    case 'text':
      return `“${text(e.before)}” → “${text(e.after)}”`;
    case 'split':
      return `split: “${text(e.before)}” → ${text(e.after)}`;
    case 'merge':
      return `merged: ${text(e.before)} → “${text(e.after)}”`;
    case 'speaker':
      return `speaker renamed: ${text(e.before)} → ${text(e.after)}`;
    default:
      return e.kind;
  }
}
