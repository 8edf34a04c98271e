// The browser copy of the wire protocol must accept and reject exactly what the agent's does.
import { describe, expect, it } from 'vitest';
import * as agent from '../../../../agent/src/suggestions/protocol.ts';
import * as agentTypes from '../../../../agent/src/suggestions/types.ts';
import * as web from './suggestions-protocol.ts';

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
const check = (items: object[] = [item]) => ({ type: 'parley.checklist', version: 1, items });
const fb = (over: object = {}) => ({
  type: 'parley.suggestion_feedback',
  version: 1,
  id: 's-1',
  status: 'dismissed',
  ...over,
});

const samples: [string, unknown][] = [
  ['suggestions', sugg()],
  ['empty suggestions', sugg([])],
  [
    'every status',
    sugg(agentTypes.SUGGESTION_STATUSES.map((st, i) => ({ ...s, id: `s${i}`, status: st }))),
  ],
  [
    'every category',
    sugg(agentTypes.SUGGESTION_CATEGORIES.map((c, i) => ({ ...s, id: `c${i}`, category: c }))),
  ],
  [
    'every priority',
    sugg(agentTypes.SUGGESTION_PRIORITIES.map((p, i) => ({ ...s, id: `p${i}`, priority: p }))),
  ],
  ['empty reason', sugg([{ ...s, reason: '' }])],
  ['text at max', sugg([{ ...s, text: 'x'.repeat(200) }])],
  ['text over max', sugg([{ ...s, text: 'x'.repeat(201) }])],
  ['empty text', sugg([{ ...s, text: '' }])],
  ['empty id', sugg([{ ...s, id: '' }])],
  ['id over max', sugg([{ ...s, id: 'x'.repeat(101) }])],
  ['fractional createdAt', sugg([{ ...s, createdAt: 1.5 }])],
  ['negative createdAt', sugg([{ ...s, createdAt: -1 }])],
  ['unknown priority', sugg([{ ...s, priority: 'urgent' }])],
  ['unknown status', sugg([{ ...s, status: 'snoozed' }])],
  ['50 suggestions', sugg(Array.from({ length: 50 }, (_, i) => ({ ...s, id: `n${i}` })))],
  ['51 suggestions', sugg(Array.from({ length: 51 }, (_, i) => ({ ...s, id: `n${i}` })))],
  ['version 2', { ...sugg(), version: 2 }],
  ['wrong type', { ...sugg(), type: 'parley.checklist' }],
  ['checklist', check()],
  [
    'every coverage state',
    check(agentTypes.COVERAGE_STATES.map((st, i) => ({ ...item, id: `i${i}`, state: st }))),
  ],
  ['unknown coverage state', check([{ ...item, state: 'done' }])],
  ['101 items', check(Array.from({ length: 101 }, (_, i) => ({ ...item, id: `i${i}` })))],
  ['feedback', fb()],
  ['every feedback status', fb({ status: 'pinned' })],
  ['feedback asked', fb({ status: 'asked' })],
  ['feedback active', fb({ status: 'active' })],
  ['feedback version 2', fb({ version: 2 })],
  ['feedback empty id', fb({ id: '' })],
];

describe('suggestions-protocol.ts mirrors agent/src/suggestions/protocol.ts', () => {
  it('has the same topics, version and enums', () => {
    expect([web.SUGGESTIONS_TOPIC, web.CHECKLIST_TOPIC, web.FEEDBACK_TOPIC]).toEqual([
      agent.SUGGESTIONS_TOPIC,
      agent.CHECKLIST_TOPIC,
      agent.FEEDBACK_TOPIC,
    ]);
    expect(web.PROTOCOL_VERSION).toBe(agent.PROTOCOL_VERSION);
    expect(web.FEEDBACK_STATUSES).toEqual(agent.FEEDBACK_STATUSES);
    expect(web.SUGGESTION_PRIORITIES).toEqual(agentTypes.SUGGESTION_PRIORITIES);
    expect(web.SUGGESTION_CATEGORIES).toEqual(agentTypes.SUGGESTION_CATEGORIES);
    expect(web.SUGGESTION_STATUSES).toEqual(agentTypes.SUGGESTION_STATUSES);
    expect(web.COVERAGE_STATES).toEqual(agentTypes.COVERAGE_STATES);
  });

  const pairs = [
    ['suggestions', web.suggestionsMessageSchema, agent.suggestionsMessageSchema],
    ['checklist', web.checklistMessageSchema, agent.checklistMessageSchema],
    ['feedback', web.feedbackMessageSchema, agent.feedbackMessageSchema],
  ] as const;

  it.each(samples)('%s: both copies agree', (_name, sample) => {
    for (const [, w, a] of pairs) {
      const rw = w.safeParse(sample);
      const ra = a.safeParse(sample);
      expect(rw.success).toBe(ra.success);
      if (rw.success && ra.success) expect(rw.data).toEqual(ra.data);
    }
  });

  it('reads what the agent encodes, and the agent reads our feedback', () => {
    const bytes = new TextEncoder().encode(JSON.stringify(sugg()));
    expect(web.parseAgentMessage(bytes, web.SUGGESTIONS_TOPIC)).toEqual(
      agent.suggestionsMessageSchema.parse(sugg()),
    );
    expect(agent.parseFeedback(web.encodeFeedback('s-1', 'pinned'))).toEqual(
      fb({ status: 'pinned' }),
    );
  });
});
