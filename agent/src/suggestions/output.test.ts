import { loadPromptLibrary } from '@parley/prompts';
import { describe, expect, it } from 'vitest';
import { MAX_QUESTION_CHARS, SUGGESTION_CATEGORIES, SUGGESTION_PRIORITIES } from '@parley/protocol';
import { MAX_QUESTIONS, parseLlmOutput } from './output.ts';

const q = (priority = 'important', text = 'What is your churn?') => ({
  text,
  priority,
  reason: 'churn not discussed',
  category: 'metrics',
});

describe('parseLlmOutput', () => {
  it('accepts 1-3 valid questions, also inside a code fence', () => {
    expect(parseLlmOutput(JSON.stringify({ questions: [q()] })).ok).toBe(true);
    expect(
      parseLlmOutput('```json\n' + JSON.stringify({ questions: [q(), q(), q()] }) + '\n```').ok,
    ).toBe(true);
  });

  it.each([
    ['not JSON', 'Sure! Here are some questions'],
    ['no questions', JSON.stringify({ questions: [] })],
    ['four questions', JSON.stringify({ questions: [q(), q(), q(), q()] })],
    [
      'three critical',
      JSON.stringify({ questions: [q('critical'), q('critical'), q('critical')] }),
    ],
    ['a bad priority', JSON.stringify({ questions: [q('urgent')] })],
    ['a long text', JSON.stringify({ questions: [q('important', 'x'.repeat(201))] })],
    ['the wrong shape', JSON.stringify({ suggestions: [q()] })],
  ])('rejects %s', (_, content) => {
    const r = parseLlmOutput(content);
    expect(r.ok).toBe(false);
  });

  it('names the problem without quoting the content', () => {
    const r = parseLlmOutput(JSON.stringify({ questions: [q('important', 'secret '.repeat(40))] }));
    expect(r).toEqual({ ok: false, problem: 'questions.0.text: too_big' });
  });
});

describe('the prompt schema', () => {
  it('agrees with the zod schema', () => {
    const schema = loadPromptLibrary().schemas['suggestions.v1'] as {
      properties: {
        questions: {
          maxItems: number;
          items: { properties: Record<string, { enum?: string[]; maxLength?: number }> };
        };
      };
    };
    const qs = schema.properties.questions;
    expect(qs.maxItems).toBe(MAX_QUESTIONS);
    expect(qs.items.properties.text?.maxLength).toBe(MAX_QUESTION_CHARS);
    expect(qs.items.properties.priority?.enum).toEqual([...SUGGESTION_PRIORITIES]);
    expect(qs.items.properties.category?.enum).toEqual([...SUGGESTION_CATEGORIES]);
  });
});
