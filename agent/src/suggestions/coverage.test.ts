import { loadChecklist, type Checklist } from '@parley/prompts';
import { describe, expect, it } from 'vitest';
import { ChecklistCoverage, MAX_EVIDENCE_CHARS, compileChecklist, matchItems } from './coverage.ts';
import type { FinalSegment } from './types.ts';

const investment = loadChecklist('investment_screening');

const checklist: Checklist = {
  version: '1.0.0',
  changelog: [],
  items: [
    {
      id: 'churn',
      title: 'Churn',
      description: '',
      keywords: ['churn', 'retention'],
      priority: 'important',
    },
    {
      id: 'burn',
      title: 'Burn',
      description: '',
      keywords: ['burn rate', 'runway', 'months left'],
      priority: 'critical',
    },
    {
      id: 'team',
      title: 'Team',
      description: '',
      keywords: ['co-founder', 'team'],
      priority: 'critical',
    },
  ],
};

let n = 0;
function seg(speaker: string, text: string, startS: number, durS = 2): FinalSegment {
  return { id: `s${++n}`, speaker, text, startMs: startS * 1000, endMs: (startS + durS) * 1000 };
}

describe('matchItems', () => {
  const c = compileChecklist(checklist);
  it('matches whole words after normalisation', () => {
    expect(matchItems(c, 'Our churns are low')).toEqual([0]);
    expect(matchItems(c, 'customers churned, some are churning')).toEqual([0]);
  });

  it('matches multi-word keywords only in order', () => {
    expect(matchItems(c, 'the burn rate is high')).toEqual([1]);
    expect(matchItems(c, 'rate of burn')).toEqual([]);
    expect(matchItems(c, 'we have nine months left')).toEqual([1]);
    expect(matchItems(c, 'my cofounder and I')).toEqual([]);
    expect(matchItems(c, 'my co-founder and I')).toEqual([2]);
    expect(matchItems(c, 'my co founder and I')).toEqual([2]);
  });

  it('respects word boundaries', () => {
    expect(matchItems(c, 'steam engines')).toEqual([]);
    expect(matchItems(c, 'the TEAMS are fine')).toEqual([2]);
  });

  it('finds several items in one segment, in checklist order', () => {
    expect(matchItems(c, 'Team size and retention')).toEqual([0, 2]);
  });

  it('matches an item without keywords (typed on the meeting page) by all its title words', () => {
    const typed = compileChecklist({
      ...checklist,
      items: [
        { id: 'pricing', title: 'Pricing', description: '', keywords: [], priority: 'important' },
        {
          id: 'security_review',
          title: 'The security review',
          description: '',
          keywords: [],
          priority: 'critical',
        },
      ],
    });
    expect(matchItems(typed, 'Our prices are per seat')).toEqual([0]);
    expect(matchItems(typed, 'we reviewed the security setup last week')).toEqual([1]);
    expect(matchItems(typed, 'the review went fine')).toEqual([]);
    expect(matchItems(typed, 'security is handled by the platform team')).toEqual([]);
    // Keywords, when an item has them, are what it is matched by (not its title).
    expect(matchItems(c, 'burn')).toEqual([]);
  });

  it('a task with a deadline discusses the items about action items (coveredByTasks)', () => {
    const general = loadChecklist('general');
    const states = (lines: string[]) => {
      const cov = new ChecklistCoverage(general);
      lines.forEach((l, i) => cov.add(seg('a', l, i * 5)));
      return cov.items().find((c) => c.item.id === 'action_items')?.state;
    };
    expect(general.items.filter((i) => i.coveredByTasks).map((i) => i.id)).toEqual([
      'action_items',
    ]);
    expect(states(['please send me the updated numbers before friday'])).toBe('discussed');
    expect(states(["I'll write the memo by next Monday."])).toBe('discussed');
    // A task without a deadline, or a deadline without a task, is not enough.
    expect(states(["I'm going to share my screen", 'the report is due on friday'])).toBe(
      'not_discussed',
    );
    for (const type of ['mentoring', 'product_review', 'sales'] as const) {
      const list = loadChecklist(type);
      expect(list.items.filter((i) => i.coveredByTasks).map((i) => i.id)).toEqual(['next_steps']);
    }
  });

  it('matches the investment checklist', () => {
    const ic = compileChecklist(investment);
    const ids = (t: string) => matchItems(ic, t).map((i) => investment.items[i]?.id);
    expect(ids('Our MRR is 40k and we have 18 months of runway')).toEqual([
      'revenue',
      'burn_runway',
    ]);
    expect(ids('what is your customer acquisition cost')).toEqual(['cac']);
  });
});

describe('ChecklistCoverage', () => {
  it('starts with nothing discussed', () => {
    const cov = new ChecklistCoverage(checklist);
    expect(cov.items().map((i) => i.state)).toEqual([
      'not_discussed',
      'not_discussed',
      'not_discussed',
    ]);
  });

  it('moves an item to discussed on a mention, with the segment id', () => {
    const cov = new ChecklistCoverage(checklist);
    const s = seg('alice', 'Retention has been great.', 0);
    expect(cov.add(s)).toEqual([
      { itemId: 'churn', from: 'not_discussed', to: 'discussed', segmentId: s.id },
    ]);
    expect(cov.items()[0]).toMatchObject({ state: 'discussed', mentionIds: [s.id] });
    expect(cov.version).toBe(1);
    expect(cov.add(seg('alice', 'Retention again.', 3))).toEqual([]);
    expect(cov.version).toBe(1);
  });

  it('tracks a question and the answer by another speaker that mentions the item', () => {
    const cov = new ChecklistCoverage(checklist, { answerWindowMs: 5_000 });
    const q = seg('vc', 'What is your monthly burn rate?', 0);
    cov.add(q);
    expect(cov.items()[1]).toMatchObject({ state: 'asked', questionId: q.id });
    // The asker talking again does not answer.
    cov.add(seg('vc', 'Roughly is fine.', 3));
    expect(cov.items()[1]?.state).toBe('asked');
    // Another speaker, late, mentioning the item: answered.
    const a = seg('founder', 'We have nine months left of runway.', 30);
    const changes = cov.add(a);
    expect(changes).toContainEqual({
      itemId: 'burn',
      from: 'asked',
      to: 'answered',
      segmentId: a.id,
    });
    expect(cov.items()[1]).toMatchObject({ state: 'answered', questionId: q.id, answerId: a.id });
  });

  it("keeps the segment behind each item's latest change as its evidence (quote, speaker, time)", () => {
    const cov = new ChecklistCoverage(checklist, { answerWindowMs: 5_000 });
    expect(cov.items()[1]?.evidence).toBeUndefined();
    const q = seg('vc', 'What is your monthly burn rate?', 4);
    cov.add(q);
    expect(cov.items()[1]?.evidence).toEqual({
      segmentId: q.id,
      speaker: 'vc',
      speakerName: 'vc',
      quote: 'What is your monthly burn rate?',
      startMs: 4000,
    });
    const long = seg('founder', `Our runway is ${'very '.repeat(60)}long.`, 30);
    cov.add(long);
    const ev = cov.items()[1]?.evidence;
    expect(ev).toMatchObject({ segmentId: long.id, speaker: 'founder', startMs: 30_000 });
    expect(ev?.quote.length).toBeLessThanOrEqual(MAX_EVIDENCE_CHARS);
    expect(ev?.quote).toMatch(/^Our runway is very .*…$/);
  });

  it('counts any reply by another speaker within the window as the answer', () => {
    const cov = new ChecklistCoverage(checklist, { answerWindowMs: 10_000 });
    cov.add(seg('vc', 'how is retention', 0));
    const a = seg('founder', 'Pretty good, about ninety percent.', 4);
    cov.add(a);
    expect(cov.items()[0]).toMatchObject({ state: 'answered', answerId: a.id });
  });

  it('does not answer with a reply outside the window that does not mention the item', () => {
    const cov = new ChecklistCoverage(checklist, { answerWindowMs: 10_000 });
    cov.add(seg('vc', 'how is retention', 0));
    cov.add(seg('founder', 'Let me share my screen.', 20));
    expect(cov.items()[0]?.state).toBe('asked');
  });

  it('keeps answered once answered', () => {
    const cov = new ChecklistCoverage(checklist);
    cov.add(seg('vc', 'What about the team?', 0));
    cov.add(seg('f', 'The team is five people.', 3));
    cov.add(seg('vc', 'Is the team remote?', 6));
    expect(cov.items()[2]?.state).toBe('answered');
  });

  it('lists questions left unanswered after the window', () => {
    const cov = new ChecklistCoverage(checklist, { answerWindowMs: 10_000 });
    const q = seg('alice', 'Who owns the pricing page?', 0);
    cov.add(q);
    cov.add(seg('alice', 'I can find out later.', 3));
    expect(cov.openQuestions()).toEqual([]); // window not over yet
    expect(cov.openQuestions(20_000)).toEqual([
      { segmentId: q.id, speaker: 'alice', text: q.text, endMs: q.endMs },
    ]);
    // A late reply that shares a content word closes it.
    cov.add(seg('bob', 'Pricing page is mine.', 40));
    expect(cov.openQuestions(60_000)).toEqual([]);
  });

  it('is deterministic', () => {
    const run = () => {
      n = 0;
      const cov = new ChecklistCoverage(investment);
      cov.add(seg('a', 'Tell me about the founders', 0));
      cov.add(seg('b', 'We met at university, both engineers.', 3));
      cov.add(seg('a', 'and churn?', 10));
      return cov.items();
    };
    expect(run()).toEqual(run());
  });

  it('stays fast over a 60-minute transcript (incremental)', () => {
    const cov = new ChecklistCoverage(investment);
    const words = 'we talked about growth and the market and our team and the weather today'.split(
      ' ',
    );
    const started = performance.now();
    for (let i = 0; i < 1200; i++) {
      const text = Array.from({ length: 25 }, (_, j) => words[(i + j) % words.length]).join(' ');
      cov.add({
        id: `x${i}`,
        speaker: i % 2 ? 'a' : 'b',
        text: i % 7 === 0 ? `what about ${text}?` : text,
        startMs: i * 3000,
        endMs: i * 3000 + 2500,
      });
    }
    const perSegment = (performance.now() - started) / 1200;
    expect(perSegment).toBeLessThan(1);
    expect(cov.items().find((i) => i.item.id === 'team_background')?.mentionIds.length).toBe(20);
  });
});
