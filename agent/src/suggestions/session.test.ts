import { captureLogs } from '@parley/services/log';
import { describe, expect, it } from 'vitest';
import type { ChecklistMessage, SuggestionsMessage } from '@parley/protocol';
import { ManualClock } from './scheduler.ts';
import { SuggestionSession, type SuggestionSessionOptions } from './session.ts';
import { TemplateSuggestionEngine } from './template.ts';
import type { SuggestionContext, SuggestionDraft, SuggestionEngine } from './types.ts';

const flush = () => new Promise((r) => setImmediate(r));

function setup(over: Partial<SuggestionSessionOptions> = {}) {
  const clock = new ManualClock(0);
  const sent: (SuggestionsMessage | ChecklistMessage)[] = [];
  const { log: logger, entries: logs } = captureLogs();
  let n = 0;
  const session = new SuggestionSession({
    meetingType: 'investment_screening',
    subject: 'Acme',
    engine: new TemplateSuggestionEngine(),
    clock,
    logger,
    scheduler: { debounceMs: 1000, fullIntervalMs: 10_000 },
    book: { newId: () => `s${++n}`, now: () => 5 },
    publish: (m) => {
      sent.push(m);
    },
    ...over,
  });
  let t = 0;
  const say = (speaker: string, text: string) => {
    session.addSegment({ id: `g${t}`, speaker, text, startMs: t * 1000, endMs: t * 1000 + 900 });
    t += 2;
  };
  return { clock, sent, logs, session, say };
}

describe('SuggestionSession', () => {
  it('publishes checklist changes at once and suggestions after the debounce', async () => {
    const { clock, sent, session, say } = setup();
    say('alice@example.com', 'The founders met at university.');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.type).toBe('parley.checklist');
    clock.advance(1000);
    await flush();
    const m = sent.at(-1) as SuggestionsMessage;
    expect(m.type).toBe('parley.suggestions');
    expect(m.suggestions.map((s) => s.text)).toHaveLength(3);
    expect(m.suggestions[0]).toMatchObject({ id: 's1', status: 'active', createdAt: 5 });
    expect(session.snapshot().suggestions).toEqual(m);
  });

  it('applies feedback and ignores malformed packets', async () => {
    const { clock, sent, session, say } = setup();
    say('a', 'hello');
    clock.advance(1000);
    await flush();
    const before = sent.length;
    expect(session.feedback('{"nope":1}')).toBeNull();
    expect(
      session.feedback({
        type: 'parley.suggestion_feedback',
        version: 1,
        id: 'zzz',
        status: 'asked',
      }),
    ).toBeNull();
    expect(sent).toHaveLength(before);
    const fb = { type: 'parley.suggestion_feedback', version: 1, id: 's1', status: 'dismissed' };
    expect(session.feedback(new TextEncoder().encode(JSON.stringify(fb)))).toEqual(fb);
    expect(session.book.get('s1')?.status).toBe('dismissed');
    const m = sent.at(-1) as SuggestionsMessage;
    expect(m.suggestions.map((s) => s.id)).toEqual(['s2', 's3']);
  });

  it('marks a suggestion asked when someone reads it out', async () => {
    const statuses: string[] = [];
    const { clock, session, say } = setup({
      onStatus: (s, cause, segmentId) => statuses.push(`${s.id}:${s.status}:${cause}:${segmentId}`),
    });
    say('a', 'hello');
    clock.advance(1000);
    await flush();
    const text = session.book.get('s1')?.text ?? '';
    say('b', text.toLowerCase().replace('?', ''));
    expect(statuses).toEqual(['s1:asked:speech:g2']);
  });

  it("settles a card whose checklist item was discussed, naming the segment ('coverage')", async () => {
    const statuses: string[] = [];
    const { clock, session, say } = setup({
      onStatus: (s, cause, segmentId) => statuses.push(`${s.id}:${s.status}:${cause}:${segmentId}`),
    });
    say('a', 'hello');
    clock.advance(1000);
    await flush();
    const card = session.book.all().find((s) => s.checklistItemId !== undefined);
    const item = session.coverage.items().find((c) => c.item.id === card?.checklistItemId);
    expect(card && item).toBeTruthy();
    say('b', `About ${item?.item.keywords[0] ?? ''}: it is fine.`);
    expect(statuses).toContain(`${card?.id}:asked:coverage:g2`);
  });

  it('counts an item a host typed on the meeting page (no keywords) as discussed by its title', async () => {
    const statuses: string[] = [];
    const { clock, session, say } = setup({
      checklist: {
        version: '1.0.0',
        changelog: [],
        items: [
          {
            id: 'data_room',
            title: 'Data room access',
            description: '',
            keywords: [],
            priority: 'critical',
          },
        ],
      },
      onStatus: (s, cause, segmentId) => statuses.push(`${s.id}:${s.status}:${cause}:${segmentId}`),
    });
    say('a', 'hello');
    clock.advance(1000);
    await flush();
    const card = session.book.all().find((s) => s.checklistItemId === 'data_room');
    expect(card?.text).toBe('Could you tell us about data room access?');
    say('b', 'You will get access to our data room tomorrow.');
    // Its question is built from the same words, so the card may read as asked aloud too.
    expect(statuses).toEqual([expect.stringMatching(new RegExp(`^${card?.id}:asked:`))]);
    expect(session.coverage.items()[0]).toMatchObject({
      state: 'discussed',
      evidence: { segmentId: 'g2' },
    });
  });

  it('labels speakers without their identities and gives the engine the context', async () => {
    const seen: SuggestionContext[] = [];
    const engine: SuggestionEngine = {
      name: 'spy',
      suggest: (ctx) => {
        seen.push(ctx);
        return Promise.resolve<SuggestionDraft[]>([]);
      },
    };
    const { clock, say } = setup({ engine, maxTurns: 2 });
    say('alice@example.com', 'one');
    say('bob@example.com', 'two');
    say('alice@example.com', 'three');
    clock.advance(1000);
    await flush();
    expect(seen[0]?.recentTurns.map((t) => `${t.label}: ${t.text}`)).toEqual([
      'Speaker 2: two',
      'Speaker 1: three',
    ]);
    expect(seen[0]?.meetingType).toBe('investment_screening');
  });

  it('reports runs and never logs text or identities', async () => {
    const runs: string[] = [];
    const failing: SuggestionEngine = {
      name: 'x',
      suggest: () => Promise.reject(new Error('secret text')),
    };
    const { clock, logs, say } = setup({ engine: failing, onRun: (r) => runs.push(r.kind) });
    say('alice@example.com', 'our churn is secret');
    clock.advance(1000);
    await flush();
    expect(JSON.stringify(logs)).not.toMatch(/secret|alice/);
    expect(logs).toContainEqual({
      level: 'warn',
      fields: { err: 'Error' },
      msg: 'suggestion run failed',
    });
    expect(runs).toEqual([]);
  });

  it('stops on close', async () => {
    const { clock, sent, session, say } = setup();
    say('a', 'hello');
    session.close();
    clock.advance(60_000);
    await flush();
    expect(sent.filter((m) => m.type === 'parley.suggestions')).toEqual([]);
  });
});

describe('SuggestionSession over a 60-minute meeting', () => {
  it('keeps template runs to a few ms', async () => {
    const { session } = setup({ maxTurns: 30 });
    const words =
      'we talked about growth and the market and our team and the weather and the product today'.split(
        ' ',
      );
    for (let i = 0; i < 1200; i++) {
      const text = Array.from({ length: 25 }, (_, j) => words[(i * 7 + j) % words.length]).join(
        ' ',
      );
      session.addSegment({
        id: `x${i}`,
        speaker: `p${i % 3}`,
        text: i % 9 === 0 ? `what about ${text}?` : text,
        startMs: i * 3000,
        endMs: i * 3000 + 2500,
      });
      if (i % 40 === 0) await session.run('quick');
    }
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await session.run('quick');
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    expect(times[18]).toBeLessThan(5);
    session.close();
  });
});

describe('SuggestionSession.correct', () => {
  it('gives the engines the corrected lines, without merged-away ones, under new names', () => {
    const { session, say } = setup({ labelFor: () => 'Alice' });
    say('alice', 'we raised four million');
    say('alice', 'from to angels');
    say('bob', 'nice');
    const n = session.correct({
      segments: [
        { segmentId: 'g0', text: 'we raised four million from two angels' },
        { segmentId: 'gone', text: 'not in the context' },
      ],
      removed: [{ segmentId: 'g2' }],
      speakers: [{ speakerKey: 'bob', name: 'Robert' }],
    });
    expect(n).toBe(3);
    expect(session.context().recentTurns).toEqual([
      {
        speaker: 'alice',
        label: 'Alice',
        text: 'we raised four million from two angels',
        startMs: 0,
      },
      { speaker: 'bob', label: 'Robert', text: 'nice', startMs: 4000 },
    ]);
    // The new name holds for what the speaker says next.
    say('bob', 'thanks');
    expect(session.context().recentTurns.at(-1)?.label).toBe('Robert');
  });

  it('changes nothing for a correction of lines it no longer holds', () => {
    const { session, say } = setup();
    say('alice', 'hello');
    const before = session.context().recentTurns;
    expect(
      session.correct({ segments: [{ segmentId: 'old', text: 'x' }], removed: [], speakers: [] }),
    ).toBe(0);
    expect(session.context().recentTurns).toEqual(before);
  });
});
