import { describe, expect, it } from 'vitest';
import {
  clockTime,
  exportFileName,
  exportTranscript,
  mdEscape,
  shortTime,
  talkTime,
  toMarkdown,
  toSrt,
  toTxt,
  toVtt,
  type ExportSegment,
} from './transcript-export.ts';

const meta = { title: 'Quarterly review', startedAt: new Date('2026-11-22T09:00:00Z') };
const segs: ExportSegment[] = [
  { startMs: 65_432, endMs: 68_000, speaker: 'Bob', text: 'Revenue grew\nby 12%.' },
  { startMs: 1_200, endMs: 4_999, speaker: 'Ada Lovelace', text: 'Let us start.' },
];

describe('time formats', () => {
  it('formats clock and short times, clamping negatives', () => {
    expect(clockTime(0)).toBe('00:00:00.000');
    expect(clockTime(3_723_004)).toBe('01:02:03.004');
    expect(clockTime(3_723_004, ',')).toBe('01:02:03,004');
    expect(clockTime(-5)).toBe('00:00:00.000');
    expect(shortTime(65_999)).toBe('1:05');
    expect(shortTime(3_600_000 + 61_000)).toBe('1:01:01');
  });
});

describe('transcript export', () => {
  it('txt: header, lines in time order, newlines inside text flattened', () => {
    expect(toTxt(segs, meta)).toBe(
      'Quarterly review\n2026-11-22T09:00:00.000Z\n\n[0:01] Ada Lovelace: Let us start.\n[1:05] Bob: Revenue grew by 12%.\n',
    );
  });

  it('vtt: WEBVTT header, numbered cues, voice spans', () => {
    expect(toVtt(segs)).toBe(
      'WEBVTT\n\n1\n00:00:01.200 --> 00:00:04.999\n<v Ada Lovelace>Let us start.\n\n2\n00:01:05.432 --> 00:01:08.000\n<v Bob>Revenue grew by 12%.\n',
    );
  });

  it('vtt escapes markup and arrows in names and text', () => {
    const v = toVtt([{ startMs: 0, endMs: 0, speaker: 'Eve <admin>', text: 'a --> b & <i>c</i>' }]);
    expect(v).toContain('<v Eve &lt;admin&gt;>a --&gt; b &amp; &lt;i&gt;c&lt;/i&gt;');
    expect(v).toContain('00:00:00.000 --> 00:00:00.001'); // empty cue made 1 ms long
    expect(v.split('-->').length).toBe(2); // the only arrow is the timing line's
  });

  it('srt: comma milliseconds, speaker prefix, blank line between cues', () => {
    expect(toSrt(segs)).toBe(
      '1\n00:00:01,200 --> 00:00:04,999\nAda Lovelace: Let us start.\n\n2\n00:01:05,432 --> 00:01:08,000\nBob: Revenue grew by 12%.\n',
    );
    expect(toSrt([])).toBe('');
  });

  it('markdown: heading, bold speakers, markup in names and speech escaped', () => {
    expect(toMarkdown(segs, meta)).toBe(
      [
        '# Quarterly review',
        '',
        '_2026-11-22T09:00:00.000Z_',
        '',
        // Who spoke how long: Ada 3.8 s, Bob 2.6 s of 6.4 s.
        '| Speaker | Talk time | Share |',
        '| --- | --- | --- |',
        '| Ada Lovelace | 0:03 | 60 % |',
        '| Bob | 0:02 | 40 % |',
        '',
        '**Ada Lovelace** (0:01): Let us start\\.',
        '',
        '**Bob** (1:05): Revenue grew by 12%\\.',
        '',
      ].join('\n'),
    );
    // Nobody spoke: no table.
    expect(toMarkdown([], meta)).toBe('# Quarterly review\n\n_2026-11-22T09:00:00.000Z_\n');
    expect(mdEscape('*bold* [link](x) # <b>')).toBe('\\*bold\\* \\[link\\]\\(x\\) \\# \\<b\\>');
    const md = toMarkdown(
      [{ startMs: 0, endMs: 1, speaker: '**Mallory**', text: '![x](http://evil)' }],
      { title: '# Title', startedAt: null },
    );
    expect(md).toContain('**\\*\\*Mallory\\*\\*** (0:00): \\!\\[x\\]\\(http://evil\\)');
    expect(md.startsWith('# \\# Title\n')).toBe(true);
  });

  it('adds up talk time per speaker, most first', () => {
    const lines = [
      { startMs: 0, endMs: 10_000, speaker: 'Ada', text: 'a' },
      { startMs: 10_000, endMs: 40_000, speaker: 'Bob', text: 'b' },
      { startMs: 40_000, endMs: 50_000, speaker: 'Ada', text: 'c' },
      // A line whose end came before its start counts nothing.
      { startMs: 60_000, endMs: 59_000, speaker: 'Cy', text: 'd' },
    ];
    expect(talkTime(lines)).toEqual([
      { speaker: 'Bob', ms: 30_000, share: 0.6 },
      { speaker: 'Ada', ms: 20_000, share: 0.4 },
      { speaker: 'Cy', ms: 0, share: 0 },
    ]);
  });

  it('dispatches by format and keeps unicode speech intact', () => {
    const u = [{ startMs: 0, endMs: 1000, speaker: 'Zoë', text: '日本語 ünïcödé 👍' }];
    for (const f of ['txt', 'vtt', 'srt', 'md'] as const) {
      expect(exportTranscript(f, u, meta)).toContain('Zoë');
      expect(exportTranscript(f, u, meta)).toContain('日本語 ünïcödé 👍');
    }
  });

  it('makes safe file names', () => {
    expect(exportFileName('Quarterly Review: Q3/Q4 "final"', 'vtt')).toBe(
      'quarterly-review-q3-q4-final-transcript.vtt',
    );
    expect(exportFileName('Crème brûlée', 'md')).toBe('creme-brulee-transcript.md');
    expect(exportFileName('日本', 'txt')).toBe('meeting-transcript.txt');
  });
});
