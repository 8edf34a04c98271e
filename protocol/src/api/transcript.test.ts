import { describe, expect, it } from 'vitest';
import {
  TRANSCRIPT_CORRECTION_TOPIC,
  encodeTranscriptCorrection,
  parseTranscriptCorrection,
  renameSpeakerBodySchema,
} from './transcript.ts';

const change = {
  segments: [
    {
      segmentId: 'TR_a-0',
      speakerKey: 'a',
      speakerIdentity: 'a',
      speakerName: 'A',
      text: 'fixed',
      startMs: 0,
      endMs: 900,
      version: 2,
    },
  ],
  removed: [],
  speakers: [],
};

describe('transcript correction packets', () => {
  it('round-trip on their topic', () => {
    const r = parseTranscriptCorrection(
      encodeTranscriptCorrection(change),
      TRANSCRIPT_CORRECTION_TOPIC,
    );
    expect(r).toEqual({ ok: true, message: { type: 'transcript.correction', ...change } });
  });

  it('ignore other topics, non-JSON, wrong shapes and oversize packets (never throw)', () => {
    const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
    expect(parseTranscriptCorrection(encodeTranscriptCorrection(change), 'parley.chat')).toEqual({
      ok: false,
      reason: 'topic',
    });
    const bad = (p: Uint8Array) => parseTranscriptCorrection(p, TRANSCRIPT_CORRECTION_TOPIC);
    expect(bad(new Uint8Array([0xff, 0xfe]))).toEqual({ ok: false, reason: 'undecodable' });
    expect(bad(new TextEncoder().encode('{'))).toEqual({ ok: false, reason: 'undecodable' });
    expect(bad(enc({ type: 'transcript.correction', segments: 'x' }))).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    expect(bad(enc({ ...change, type: 'chat' }))).toMatchObject({ ok: false });
    expect(bad(new Uint8Array(70_000).fill(32))).toEqual({ ok: false, reason: 'undecodable' });
  });
});

describe('rename body', () => {
  it('takes a name or a member, not both nor neither', () => {
    expect(renameSpeakerBodySchema.safeParse({ speakerKey: 'a', name: ' Bo ' }).data?.name).toBe(
      'Bo',
    );
    expect(renameSpeakerBodySchema.safeParse({ speakerKey: 'a' }).success).toBe(false);
    const both = { speakerKey: 'a', name: 'x', userId: crypto.randomUUID() };
    expect(renameSpeakerBodySchema.safeParse(both).success).toBe(false);
  });
});
