import type { TranscriptChange } from '@parley/protocol';

/** One line of the transcript. Lines are immutable: an update replaces the object. */
export interface TranscriptLine {
  /** Unique per participant and segment. */
  key: string;
  segmentId: string;
  /** The speaker key: the participant identity, or a room-mic voice (`identity#n`). */
  speaker: string;
  /** The participant whose track it is, when not `speaker` (a room-mic voice). */
  identity?: string;
  speakerName: string;
  text: string;
  final: boolean;
  /** Start of the speech in ms from the meeting's start (estimated until the final arrives). */
  startMs: number;
  /** Stored version of a final (a correction sends it back); new finals are 1. */
  version?: number;
}

/** An incoming transcription update (interim or final), or a stored segment. */
export interface TranscriptUpdate {
  segmentId: string;
  speaker: string;
  /** The participant whose track it is, when not `speaker` (a room-mic voice). */
  identity?: string;
  speakerName: string;
  text: string;
  final: boolean;
  startMs: number;
  version?: number;
}

/** Most lines kept; the oldest are dropped beyond it. */
export const MAX_LINES = 1000;

/** Key of a line: the segment id scoped by speaker, so speakers never overwrite each other. */
export function lineKey(speaker: string, segmentId: string): string {
  return `${speaker}\u0000${segmentId}`;
}

/** Position at which a line starting at `startMs` goes: after every line starting no later. */
function insertionPoint(lines: readonly TranscriptLine[], startMs: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((lines[mid]?.startMs ?? 0) <= startMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Applies one update and returns the new line list (ordered by start time; ties keep arrival
 * order), or `lines` itself when nothing changed. A known segment (same speaker and segment id)
 * is replaced in place; a final is never downgraded by a late interim; a final's start time is
 * authoritative and may move the line.
 */
export function upsertLine(
  lines: readonly TranscriptLine[],
  u: TranscriptUpdate,
  maxLines = MAX_LINES,
): readonly TranscriptLine[] {
  // By participant: a room mic's interim (the participant's) turns into a voice's final.
  const key = lineKey(u.identity ?? u.speaker, u.segmentId);
  let i = -1;
  for (let j = lines.length - 1; j >= 0; j--) {
    if (lines[j]?.key === key) {
      i = j;
      break;
    }
  }
  const existing = i >= 0 ? lines[i] : undefined;
  if (existing) {
    if (existing.final && !u.final) return lines;
    // A corrected line is not overwritten by the agent's text of it (which has no version).
    if (existing.final && (existing.version ?? 1) > 1 && u.version === undefined) return lines;
    const startMs = u.final ? u.startMs : existing.startMs;
    if (
      existing.text === u.text &&
      existing.final === u.final &&
      existing.speakerName === u.speakerName &&
      existing.startMs === startMs
    ) {
      return lines;
    }
    const line: TranscriptLine = { ...existing, ...u, key, startMs };
    const next = lines.slice();
    if (startMs === existing.startMs) {
      next[i] = line;
      return next;
    }
    next.splice(i, 1);
    next.splice(insertionPoint(next, startMs), 0, line);
    return next;
  }
  const next = lines.slice();
  next.splice(insertionPoint(next, u.startMs), 0, { key, ...u });
  if (next.length > maxLines) next.splice(0, next.length - maxLines);
  return next;
}

/** Merges many updates (e.g. stored segments, then live ones) into `lines`. */
export function mergeLines(
  lines: readonly TranscriptLine[],
  updates: Iterable<TranscriptUpdate>,
  maxLines = MAX_LINES,
): readonly TranscriptLine[] {
  let out = lines;
  for (const u of updates) out = upsertLine(out, u, maxLines);
  return out;
}

/** Sets the display name on every line of `speaker`. */
export function renameSpeaker(
  lines: readonly TranscriptLine[],
  speaker: string,
  name: string,
): readonly TranscriptLine[] {
  if (!lines.some((l) => l.speaker === speaker && l.speakerName !== name)) return lines;
  return lines.map((l) => (l.speaker === speaker ? { ...l, speakerName: name } : l));
}

/**
 * Applies a correction from the server (a final's text fixed, a line split or merged, a speaker
 * named): corrected lines replace the shown ones even though they are final, new ones are added,
 * removed ones go, and every line of a renamed speaker takes the new name.
 */
export function applyCorrection(
  lines: readonly TranscriptLine[],
  c: TranscriptChange,
): readonly TranscriptLine[] {
  const gone = new Set(c.removed.map((r) => lineKey(r.speakerIdentity, r.segmentId)));
  const shown = new Set(lines.map((l) => l.key));
  // Only lines this page shows are corrected (a split's new half comes with its first half):
  // someone who joined later without the history does not receive older lines this way.
  const known = c.segments.some((s) => shown.has(lineKey(s.speakerIdentity, s.segmentId)));
  let out = gone.size > 0 ? lines.filter((l) => !gone.has(l.key)) : lines;
  for (const s of known ? c.segments : []) {
    const key = lineKey(s.speakerIdentity, s.segmentId);
    const rest = out.filter((l) => l.key !== key);
    out = upsertLine(rest, {
      segmentId: s.segmentId,
      speaker: s.speakerKey,
      identity: s.speakerIdentity,
      speakerName: s.speakerName,
      text: s.text,
      final: true,
      startMs: s.startMs,
      version: s.version,
    });
  }
  for (const sp of c.speakers) out = renameSpeaker(out, sp.speakerKey, sp.name);
  return out;
}

/** A stored segment as the room page receives it. */
export interface StoredSegment {
  segmentId: string;
  speaker: string;
  identity?: string;
  speakerName: string;
  text: string;
  startMs: number;
  version?: number;
}

/** Stored segments are finals. */
export function historyUpdates(segments: readonly StoredSegment[]): TranscriptUpdate[] {
  return segments.map((s) => ({ ...s, final: true }));
}

/** `ms` from the meeting's start as HH:MM:SS (hours grow past 99 if need be). */
export function formatOffset(ms: number): string {
  const total = Math.max(0, Math.floor((Number.isFinite(ms) ? ms : 0) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(h)}:${two(m)}:${two(s)}`;
}

/**
 * Wall-clock estimate of the meeting's start, used to time interim lines. The stored start is
 * used when known; otherwise it is estimated from the first final (arrival − its end time), and
 * before that from when this page connected (the meeting starts when the first person joins).
 */
export class MeetingClock {
  #startWallMs: number | null;
  #estimated: boolean;

  constructor(startedAt: string | null, fallbackWallMs: number) {
    const parsed = startedAt ? Date.parse(startedAt) : NaN;
    this.#estimated = Number.isNaN(parsed);
    this.#startWallMs = this.#estimated ? fallbackWallMs : parsed;
  }

  /** ms from the meeting's start of wall time `wallMs` (never negative). */
  offset(wallMs: number): number {
    return Math.max(0, Math.round(wallMs - (this.#startWallMs ?? wallMs)));
  }

  /** Refines an estimated start from a final that ended at `endMs` and arrived at `wallMs`. */
  observeFinal(endMs: number | null, wallMs: number): void {
    if (!this.#estimated || endMs === null) return;
    this.#startWallMs = wallMs - endMs;
    this.#estimated = false;
  }
}

// ---------------------------------------------------------------------------------------------
// Speaker colours: a hue from the identity, lightness tuned until the text meets WCAG AA (4.5:1)
// on the panel background of each theme.

/** Panel backgrounds the colours are checked against. */
export const PANEL_BG = { light: '#ffffff', dark: '#16191d' } as const;
const AA = 4.5;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [f(0), f(8), f(4)].map((v) => Math.round(v * 255)) as [number, number, number];
}

function hex(rgb: readonly number[]): string {
  return `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

function rgbOf(hexColor: string): [number, number, number] {
  const n = Number.parseInt(hexColor.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function luminance(hexColor: string): number {
  const [r, g, b] = rgbOf(hexColor).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two `#rrggbb` colours. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const colorCache = new Map<string, { light: string; dark: string }>();

/** A speaker's colour for the light and the dark panel; the same identity always gets the same. */
export function speakerColor(identity: string): { light: string; dark: string } {
  let c = colorCache.get(identity);
  if (!c) {
    c = computeSpeakerColor(identity);
    if (colorCache.size > 500) colorCache.clear();
    colorCache.set(identity, c);
  }
  return c;
}

function computeSpeakerColor(identity: string): { light: string; dark: string } {
  const h = fnv1a(identity);
  const hue = h % 360;
  const sat = 0.55 + ((h >>> 9) % 20) / 100;
  // Light theme: the lightest shade that still reads on white; dark theme: the darkest on dark.
  let light = hex(hslToRgb(hue, sat, 0.2));
  for (let l = 0.5; l >= 0.2; l -= 0.01) {
    const c = hex(hslToRgb(hue, sat, l));
    if (contrastRatio(c, PANEL_BG.light) >= AA) {
      light = c;
      break;
    }
  }
  let dark = hex(hslToRgb(hue, sat, 0.85));
  for (let l = 0.55; l <= 0.9; l += 0.01) {
    const c = hex(hslToRgb(hue, sat, l));
    if (contrastRatio(c, PANEL_BG.dark) >= AA) {
      dark = c;
      break;
    }
  }
  return { light, dark };
}
