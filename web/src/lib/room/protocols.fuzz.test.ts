/**
 * Property-based fuzzing of every data-channel / text-stream input the room page handles:
 * suggestions and checklist packets, chat packets, moderation packets and transcription
 * attributes, plus the markdown renderer that shows chat text. Arbitrary bytes, text and
 * near-valid messages: nothing may throw, and only well-formed messages change state.
 */
import {
  CHECKLIST_TOPIC,
  PROTOCOL_VERSION,
  SUGGESTIONS_TOPIC,
  parseAgentMessage,
  parseChatPacket,
  TRANSCRIPT_CORRECTION_TOPIC,
  parseModerationMessage,
  parseTranscriptCorrection,
  parseTranscriptionAttributes,
} from '@parley/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.ts';
import { EMPTY_PANEL, receivePacket } from './suggestions-model.ts';
import { applyCorrection, mergeLines } from './transcript-model.ts';

const RUNS = 300;
const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'a',
  'ul',
  'ol',
  'li',
  'blockquote',
];
const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

const suggestionish = fc.record(
  {
    id: fc.oneof(fc.string({ maxLength: 120 }), fc.integer()),
    text: fc.oneof(fc.string({ maxLength: 250 }), fc.constant('<img src=x onerror=alert(1)>')),
    priority: fc.oneof(fc.constantFrom('critical', 'important', 'follow_up'), fc.string()),
    reason: fc.string({ maxLength: 250 }),
    category: fc.oneof(fc.constantFrom('metrics', 'team', 'other'), fc.string()),
    createdAt: fc.oneof(fc.nat(), fc.double(), fc.string()),
    templateVersion: fc.string(),
    status: fc.oneof(fc.constantFrom('active', 'asked', 'dismissed', 'pinned'), fc.string()),
  },
  { requiredKeys: [] },
);
const agentish = fc.oneof(
  fc.record({
    type: fc.oneof(fc.constant(SUGGESTIONS_TOPIC), fc.string()),
    version: fc.oneof(fc.constant(PROTOCOL_VERSION), fc.integer()),
    suggestions: fc.oneof(fc.array(suggestionish, { maxLength: 60 }), fc.jsonValue()),
  }),
  fc.record({
    type: fc.oneof(fc.constant(CHECKLIST_TOPIC), fc.string()),
    version: fc.oneof(fc.constant(PROTOCOL_VERSION), fc.integer()),
    items: fc.oneof(
      fc.array(
        fc.record({
          id: fc.string(),
          title: fc.string(),
          priority: fc.constantFrom('critical', 'x'),
          state: fc.constantFrom('discussed', 'answered', 'y'),
        }),
      ),
      fc.jsonValue(),
    ),
  }),
);
const bytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }).map((s) => new TextEncoder().encode(s)),
  fc.jsonValue({ maxDepth: 4 }).map(enc),
  agentish.map(enc),
);
const topics = fc.oneof(
  fc.constantFrom(
    SUGGESTIONS_TOPIC,
    CHECKLIST_TOPIC,
    'parley.chat',
    'parley.moderation',
    undefined,
  ),
  fc.string(),
);

describe('room protocol handlers (fuzz)', () => {
  it('suggestions/checklist packets: never throw; state changes only for valid messages', () => {
    fc.assert(
      fc.property(bytes, topics, (payload, topic) => {
        const next = receivePacket(EMPTY_PANEL, payload, topic, 1_000);
        const parsed = parseAgentMessage(payload, topic);
        if (next === null) return;
        expect(parsed).not.toBeNull();
        expect(next.received).toBe(true);
        for (const s of next.items) expect(s.text.length).toBeLessThanOrEqual(200);
      }),
      { numRuns: RUNS },
    );
  });

  it('chat packets: never throw; a message always carries the LiveKit sender, never the claimed one', () => {
    const chatish = fc.record(
      {
        type: fc.oneof(fc.constant('chat'), fc.string()),
        id: fc.oneof(fc.uuid(), fc.string()),
        content: fc.oneof(fc.string({ maxLength: 5000 }), fc.integer()),
        userId: fc.oneof(fc.constant('mallory'), fc.string()),
        timestamp: fc.oneof(fc.integer(), fc.double(), fc.string()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(bytes, chatish.map(enc)),
        fc.option(fc.record({ identity: fc.string({ minLength: 1 }), name: fc.string() })),
        (payload, from) => {
          const r = parseChatPacket(payload, from ?? undefined, 1_000_000);
          if (r.kind === 'message') {
            expect(from).toBeTruthy();
            expect(r.message.userId).toBe(from?.identity);
            expect(Math.abs(r.message.timestamp - 1_000_000)).toBeLessThanOrEqual(60_000);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('moderation packets: never throw; notices are short and of a known type', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          bytes,
          fc
            .record({ type: fc.constantFrom('muted', 'removed', 'x'), reason: fc.jsonValue() })
            .map(enc),
        ),
        topics,
        (payload, topic) => {
          const n = parseModerationMessage(payload, topic);
          if (n) {
            expect(['muted', 'removed']).toContain(n.type);
            expect(n.message.length).toBeLessThanOrEqual(200);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('transcript corrections: never throw; only well-formed ones change the lines', () => {
    const shown = mergeLines(
      [],
      [{ segmentId: 's1', speaker: 'a', speakerName: 'A', text: 'x', final: true, startMs: 0 }],
    );
    const segment = fc.record({
      segmentId: fc.constantFrom('s1', 's2', ''),
      speakerKey: fc.string({ maxLength: 5 }),
      speakerIdentity: fc.constantFrom('a', 'b'),
      speakerName: fc.string({ maxLength: 20 }),
      text: fc.string({ maxLength: 40 }),
      startMs: fc.oneof(fc.integer(), fc.double()),
      endMs: fc.integer(),
      version: fc.oneof(fc.integer(), fc.string()),
    });
    const correctionish = fc
      .record({
        type: fc.constantFrom('transcript.correction', 'chat'),
        segments: fc.oneof(fc.array(segment, { maxLength: 3 }), fc.jsonValue()),
        removed: fc.array(fc.record({ segmentId: fc.string(), speakerIdentity: fc.string() })),
        speakers: fc.array(fc.record({ speakerKey: fc.string(), name: fc.string() })),
      })
      .map(enc);
    fc.assert(
      fc.property(
        fc.oneof(bytes, correctionish),
        fc.oneof(topics, fc.constant(TRANSCRIPT_CORRECTION_TOPIC)),
        (payload, topic) => {
          const r = parseTranscriptCorrection(payload, topic);
          if (!r.ok) return;
          expect(topic).toBe(TRANSCRIPT_CORRECTION_TOPIC);
          const out = applyCorrection(shown, r.message);
          for (const l of out) expect(Number.isInteger(l.startMs)).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('transcription attributes: never throw; times are whole non-negative numbers or null', () => {
    const keys = fc.constantFrom(
      'lk.segment_id',
      'lk.transcription_final',
      'lk.transcribed_track_id',
      'parley.start_ms',
      'parley.end_ms',
    );
    fc.assert(
      fc.property(
        fc.option(fc.dictionary(fc.oneof(keys, fc.string()), fc.string())),
        fc.string(),
        (attrs, fallback) => {
          const a = parseTranscriptionAttributes(attrs ?? undefined, fallback);
          for (const t of [a.startMs, a.endMs]) {
            if (t !== null) expect(Number.isSafeInteger(t) && t >= 0).toBe(true);
          }
          expect(typeof a.final).toBe('boolean');
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("markdown (chat): only the renderer's own tags and attributes; links only http(s)/mailto", () => {
    const hostile = fc.constantFrom(
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[x](javascript:alert(1))',
      '[x](JaVaScRiPt:alert(1))',
      '[x]( javascript:alert(1))',
      '[x](data:text/html,<script>alert(1)</script>)',
      '<a href="javascript:alert(1)">x</a>',
      '"><svg onload=alert(1)>',
      '`<b>`',
      '**<i>x</i>**',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(hostile, fc.string({ maxLength: 40 })), { maxLength: 8 }),
        (parts) => {
          const html = renderMarkdown(parts.join(' '));
          // Only the renderer's own tags, only its own attributes, links only http(s)/mailto.
          for (const m of html.matchAll(/<\/?([A-Za-z0-9]+)([^>]*)>/g)) {
            expect(ALLOWED_TAGS).toContain(m[1]?.toLowerCase());
            const attrs = [...(m[2] ?? '').matchAll(/\s([^\s=]+)="([^"]*)"/g)];
            const leftover = (m[2] ?? '').replace(/\s([^\s=]+)="([^"]*)"/g, '').trim();
            expect(leftover).toBe('');
            for (const [, name, value] of attrs) {
              expect(['href', 'target', 'rel', 'start']).toContain(name);
              if (name === 'href') expect(value).toMatch(/^(https?|mailto):/i);
            }
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
