import { loadChecklist } from '@parley/prompts';
import { describe, expect, it } from 'vitest';
import { ChecklistCoverage } from './coverage.ts';
import { createSuggestionEngine } from './factory.ts';
import { parseRetryAfter } from '@parley/services/llm';
import { LlmSuggestionEngine } from './llm.ts';
import type { SuggestionContext } from './types.ts';

const checklist = loadChecklist('general');
const ctx: SuggestionContext = {
  meetingType: 'general',
  subject: 's',
  checklist,
  coverage: new ChecklistCoverage(checklist).items(),
  openQuestions: [],
  recentTurns: [],
  previous: [],
};

const answer = (content: string) =>
  new Response(JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
const good = JSON.stringify({
  questions: [
    { text: 'What is the goal?', priority: 'critical', reason: 'r', category: 'strategy' },
  ],
});

function stub(responses: (() => Response | Promise<Response>)[]) {
  const calls: RequestInit[] = [];
  const fetch = ((_url: string, init: RequestInit) => {
    calls.push(init);
    const next = responses.shift();
    if (!next) throw new Error('no more responses');
    return Promise.resolve(next());
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('LlmSuggestionEngine (stubbed fetch)', () => {
  it('retries network errors but not 401s', async () => {
    const s = stub([
      () => {
        throw new TypeError('fetch failed');
      },
      () => answer(good),
    ]);
    const e = new LlmSuggestionEngine({ apiKey: 'k', fetch: s.fetch, retryBaseMs: 1 });
    expect(await e.suggest(ctx)).toHaveLength(1);
    expect(s.calls).toHaveLength(2);

    const u = stub([() => new Response('{}', { status: 401 })]);
    const e2 = new LlmSuggestionEngine({ apiKey: 'k', fetch: u.fetch, retryBaseMs: 1 });
    await expect(e2.suggest(ctx)).rejects.toMatchObject({
      kind: 'http',
      status: 401,
      retryable: false,
    });
    expect(u.calls).toHaveLength(1);
  });

  it('sends the json_schema response format when asked', async () => {
    const s = stub([() => answer(good)]);
    await new LlmSuggestionEngine({
      apiKey: 'k',
      fetch: s.fetch,
      responseFormat: 'json_schema',
    }).suggest(ctx);
    const body = JSON.parse(s.calls[0]?.body as string) as {
      response_format: { type: string; json_schema: { schema: Record<string, unknown> } };
    };
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.schema).toHaveProperty('properties.questions');
    expect(body.response_format.json_schema.schema).not.toHaveProperty('$schema');
  });

  it('treats a response without content as invalid output', async () => {
    const s = stub([() => new Response('{"choices":[]}', { status: 200 })]);
    await expect(
      new LlmSuggestionEngine({ apiKey: 'k', fetch: s.fetch }).suggest(ctx),
    ).rejects.toMatchObject({
      kind: 'invalid_output',
    });
  });
});

describe('createSuggestionEngine', () => {
  it('builds the template engine, or the LLM behind a fallback', () => {
    expect(createSuggestionEngine({ provider: 'template' }).name).toBe('template');
    expect(createSuggestionEngine({ provider: 'llm', llm: { apiKey: 'k' } }).name).toBe(
      'llm+template',
    );
    expect(
      createSuggestionEngine({ provider: 'llm', llm: { apiKey: 'k' }, fallback: false }).name,
    ).toBe('llm');
    expect(() => createSuggestionEngine({ provider: 'llm' })).toThrow(/API key/);
  });
});
