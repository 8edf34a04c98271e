import { describe, expect, it } from 'vitest';
import {
  COVERAGE_STATES,
  SUGGESTION_CATEGORIES,
  SUGGESTION_PRIORITIES,
  SUGGESTION_STATUSES,
} from './enums.ts';
import {
  CHECKLIST_TOPIC,
  SUGGESTIONS_TOPIC,
  checklistMessageSchema,
  encodeFeedback,
  encodeMessage,
  feedbackMessageSchema,
  parseAgentMessage,
  parseFeedback,
  suggestionsMessageSchema,
} from './suggestions.ts';

const s = {
  id: 's-1',
  text: 'What is your monthly churn?',
  priority: 'critical',
  reason: 'not discussed yet: Churn',
  category: 'metrics',
  createdAt: 1_700_000_000_000,
  templateVersion: 'sales/questions@1.0.0',
  status: 'active',
};
const sugg = (over: object[] = [s]) => ({
  type: 'parley.suggestions',
  version: 1,
  suggestions: over,
});
const item = { id: 'churn', title: 'Churn', priority: 'important', state: 'asked' };
const ev = { segmentId: 'TR_1-5', quote: 'Churn is 2%', speaker: 'Ada', startMs: 5 };
const check = (items: object[] = [item]) => ({ type: 'parley.checklist', version: 1, items });
const fb = (over: object = {}) => ({
  type: 'parley.suggestion_feedback',
  version: 1,
  id: 's-1',
  status: 'dismissed',
  ...over,
});

type Kind = 'suggestions' | 'checklist' | 'feedback' | null;
const samples: [string, unknown, Kind][] = [
  ['suggestions', sugg(), 'suggestions'],
  ['empty suggestions', sugg([]), 'suggestions'],
  [
    'every status',
    sugg(SUGGESTION_STATUSES.map((st, i) => ({ ...s, id: `s${i}`, status: st }))),
    'suggestions',
  ],
  [
    'every category',
    sugg(SUGGESTION_CATEGORIES.map((c, i) => ({ ...s, id: `c${i}`, category: c }))),
    'suggestions',
  ],
  [
    'every priority',
    sugg(SUGGESTION_PRIORITIES.map((p, i) => ({ ...s, id: `p${i}`, priority: p }))),
    'suggestions',
  ],
  ['empty reason', sugg([{ ...s, reason: '' }]), 'suggestions'],
  ['text at max', sugg([{ ...s, text: 'x'.repeat(200) }]), 'suggestions'],
  ['text over max', sugg([{ ...s, text: 'x'.repeat(201) }]), null],
  ['empty text', sugg([{ ...s, text: '' }]), null],
  ['empty id', sugg([{ ...s, id: '' }]), null],
  ['id over max', sugg([{ ...s, id: 'x'.repeat(101) }]), null],
  ['fractional createdAt', sugg([{ ...s, createdAt: 1.5 }]), null],
  ['negative createdAt', sugg([{ ...s, createdAt: -1 }]), null],
  ['unknown priority', sugg([{ ...s, priority: 'urgent' }]), null],
  ['unknown status', sugg([{ ...s, status: 'snoozed' }]), null],
  [
    '50 suggestions',
    sugg(Array.from({ length: 50 }, (_, i) => ({ ...s, id: `n${i}` }))),
    'suggestions',
  ],
  ['51 suggestions', sugg(Array.from({ length: 51 }, (_, i) => ({ ...s, id: `n${i}` }))), null],
  ['version 2', { ...sugg(), version: 2 }, null],
  ['wrong type', { ...sugg(), type: 'parley.checklist' }, null],
  ['checklist', check(), 'checklist'],
  [
    'every coverage state',
    check(COVERAGE_STATES.map((st, i) => ({ ...item, id: `i${i}`, state: st }))),
    'checklist',
  ],
  [
    'item with evidence',
    check([
      {
        ...item,
        evidence: { segmentId: 'TR_1-5', quote: 'Churn is 2%', speaker: 'Ada', startMs: 5 },
      },
    ]),
    'checklist',
  ],
  ['evidence empty quote', check([{ ...item, evidence: { ...ev, quote: '' } }]), null],
  [
    'evidence quote over max',
    check([{ ...item, evidence: { ...ev, quote: 'x'.repeat(401) } }]),
    null,
  ],
  ['evidence negative time', check([{ ...item, evidence: { ...ev, startMs: -1 } }]), null],
  [
    'evidence without segment',
    check([{ ...item, evidence: { ...ev, segmentId: undefined } }]),
    null,
  ],
  ['unknown coverage state', check([{ ...item, state: 'done' }]), null],
  ['101 items', check(Array.from({ length: 101 }, (_, i) => ({ ...item, id: `i${i}` }))), null],
  ['feedback', fb(), 'feedback'],
  ['every feedback status', fb({ status: 'pinned' }), 'feedback'],
  ['feedback asked', fb({ status: 'asked' }), 'feedback'],
  ['feedback active', fb({ status: 'active' }), null],
  ['feedback version 2', fb({ version: 2 }), null],
  ['feedback empty id', fb({ id: '' }), null],
];

describe('message schemas', () => {
  const schemas = [
    ['suggestions', suggestionsMessageSchema],
    ['checklist', checklistMessageSchema],
    ['feedback', feedbackMessageSchema],
  ] as const;

  it.each(samples)('%s: accepted only by its own schema', (_name, sample, kind) => {
    for (const [k, schema] of schemas) {
      expect(schema.safeParse(sample).success).toBe(k === kind);
    }
  });

  it('reads what the agent encodes, and the agent reads the room feedback', () => {
    const bytes = new TextEncoder().encode(JSON.stringify(sugg()));
    expect(parseAgentMessage(bytes, SUGGESTIONS_TOPIC)).toEqual(
      suggestionsMessageSchema.parse(sugg()),
    );
    expect(parseAgentMessage(encodeMessage(checklistMessageSchema.parse(check())))).toEqual(
      check(),
    );
    expect(parseAgentMessage(bytes, CHECKLIST_TOPIC)).toBeNull();
    expect(parseFeedback(encodeFeedback('s-1', 'pinned'))).toEqual(fb({ status: 'pinned' }));
  });
});

describe('parseFeedback', () => {
  const good = { type: 'parley.suggestion_feedback', version: 1, id: 'id-1', status: 'dismissed' };

  it('reads objects, strings and bytes', () => {
    expect(parseFeedback(good)).toEqual(good);
    expect(parseFeedback(JSON.stringify(good))).toEqual(good);
    expect(parseFeedback(new TextEncoder().encode(JSON.stringify(good)))).toEqual(good);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['broken JSON', '{"type":'],
    ['invalid UTF-8', new Uint8Array([0xff, 0xfe, 0x7b])],
    ['another type', { ...good, type: 'parley.suggestions' }],
    ['another version', { ...good, version: 2 }],
    ['an unknown status', { ...good, status: 'active' }],
    ['an empty id', { ...good, id: '' }],
    ['a huge packet', 'x'.repeat(10_000)],
    ['an array', [good]],
    [
      'a getter that throws',
      Object.defineProperty({}, 'type', {
        get: () => {
          throw new Error('x');
        },
        enumerable: true,
      }),
    ],
  ])('returns null for %s', (_, raw) => {
    expect(parseFeedback(raw)).toBeNull();
  });
});
