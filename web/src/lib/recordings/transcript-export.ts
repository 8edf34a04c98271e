/** One line of a transcript, as exported. Times are ms from the start of the meeting. */
export interface ExportSegment {
  startMs: number;
  endMs: number;
  speaker: string;
  text: string;
}

export const EXPORT_FORMATS = ['txt', 'vtt', 'srt', 'md'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportMeta {
  title: string;
  /** When the meeting started (shown in txt and md headers). */
  startedAt: Date | null;
}

/** Media type and file extension of each format. */
export const EXPORT_TYPES: Record<ExportFormat, { mime: string; ext: string }> = {
  txt: { mime: 'text/plain; charset=utf-8', ext: 'txt' },
  vtt: { mime: 'text/vtt; charset=utf-8', ext: 'vtt' },
  srt: { mime: 'application/x-subrip; charset=utf-8', ext: 'srt' },
  md: { mime: 'text/markdown; charset=utf-8', ext: 'md' },
};

/** How each format is named on the pages' download links. */
export const EXPORT_LABELS: Record<ExportFormat, string> = {
  txt: 'Text',
  vtt: 'WebVTT',
  srt: 'SubRip',
  md: 'Markdown',
};

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `HH:MM:SS.mmm` (VTT; `sep` `,` for SRT). Negative times clamp to 0. */
export function clockTime(ms: number, sep = '.'): string {
  const t = Math.max(0, Math.round(ms));
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const s = Math.floor((t % 60_000) / 1000);
  return `${pad(h)}:${pad(m)}:${pad(s)}${sep}${pad(t % 1000, 3)}`;
}

/** `M:SS`, or `H:MM:SS` from an hour on (txt and md). */
export function shortTime(ms: number): string {
  const t = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = t % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** Text on one line: newlines and runs of whitespace become single spaces. */
function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Cue end: never before the start; at least 1 ms long (players drop empty cues). */
function cueEnd(seg: ExportSegment): number {
  return Math.max(seg.endMs, seg.startMs + 1);
}

function sorted(segments: readonly ExportSegment[]): ExportSegment[] {
  return [...segments].sort((a, b) => a.startMs - b.startMs);
}

/** Plain text: `[M:SS] Speaker: text`. */
export function toTxt(segments: readonly ExportSegment[], meta: ExportMeta): string {
  const head = [oneLine(meta.title)];
  if (meta.startedAt) head.push(meta.startedAt.toISOString());
  const lines = sorted(segments).map(
    (s) => `[${shortTime(s.startMs)}] ${oneLine(s.speaker)}: ${oneLine(s.text)}`,
  );
  return `${[...head, '', ...lines].join('\n')}\n`;
}

/** WebVTT text escaping: `&`, `<`, `>` (cue text is parsed for tags and entities). */
function vttEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * WebVTT with voice spans (`<v Speaker>text`). A speaker name cannot hold `>` inside the
 * span tag, so it is escaped; `-->` can never appear in cue text (the `>` is escaped).
 */
export function toVtt(segments: readonly ExportSegment[]): string {
  const cues = sorted(segments).map(
    (s, i) =>
      `${i + 1}\n${clockTime(s.startMs)} --> ${clockTime(cueEnd(s))}\n<v ${vttEscape(oneLine(s.speaker))}>${vttEscape(oneLine(s.text))}`,
  );
  return `WEBVTT\n\n${cues.join('\n\n')}${cues.length ? '\n' : ''}`;
}

/** SubRip: numbered cues, `,` before milliseconds, `Speaker: text`. Plain text (no tags). */
export function toSrt(segments: readonly ExportSegment[]): string {
  const cues = sorted(segments).map(
    (s, i) =>
      `${i + 1}\n${clockTime(s.startMs, ',')} --> ${clockTime(cueEnd(s), ',')}\n${oneLine(s.speaker)}: ${oneLine(s.text)}`,
  );
  return cues.length ? `${cues.join('\n\n')}\n` : '';
}

/** Markdown special characters escaped so names and speech never become markup. */
export function mdEscape(s: string): string {
  return oneLine(s).replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

/** Each speaker's talk time (the sum of their lines' lengths), most first, and its share. */
export function talkTime(
  segments: readonly ExportSegment[],
): { speaker: string; ms: number; share: number }[] {
  const by = new Map<string, number>();
  for (const s of segments) {
    const name = oneLine(s.speaker);
    by.set(name, (by.get(name) ?? 0) + Math.max(0, s.endMs - s.startMs));
  }
  const total = [...by.values()].reduce((a, b) => a + b, 0);
  return [...by]
    .map(([speaker, ms]) => ({ speaker, ms, share: total > 0 ? ms / total : 0 }))
    .sort((a, b) => b.ms - a.ms || a.speaker.localeCompare(b.speaker));
}

/**
 * Markdown: a heading, who spoke how long (a table, when anyone spoke), then `**Speaker**
 * (M:SS): text` paragraphs.
 */
export function toMarkdown(segments: readonly ExportSegment[], meta: ExportMeta): string {
  const out = [`# ${mdEscape(meta.title)}`, ''];
  if (meta.startedAt) out.push(`_${meta.startedAt.toISOString()}_`, '');
  const talk = talkTime(segments);
  if (talk.length > 0) {
    out.push('| Speaker | Talk time | Share |', '| --- | --- | --- |');
    for (const t of talk) {
      out.push(`| ${mdEscape(t.speaker)} | ${shortTime(t.ms)} | ${Math.round(t.share * 100)} % |`);
    }
    out.push('');
  }
  for (const s of sorted(segments)) {
    out.push(`**${mdEscape(s.speaker)}** (${shortTime(s.startMs)}): ${mdEscape(s.text)}`, '');
  }
  return out.join('\n');
}

/** The transcript in a format. */
export function exportTranscript(
  format: ExportFormat,
  segments: readonly ExportSegment[],
  meta: ExportMeta,
): string {
  switch (format) {
    case 'txt':
      return toTxt(segments, meta);
    case 'vtt':
      return toVtt(segments);
    case 'srt':
      return toSrt(segments);
    case 'md':
      return toMarkdown(segments, meta);
  }
}

/** A safe download file name from a meeting title: `quarterly-review-transcript.vtt`. */
export function exportFileName(title: string, format: ExportFormat, what = 'transcript'): string {
  const base =
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'meeting';
  return `${base}-${what}.${EXPORT_TYPES[format].ext}`;
}
