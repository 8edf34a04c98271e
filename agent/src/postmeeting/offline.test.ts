import { extractionFields } from '@parley/prompts';
import { describe, expect, it } from 'vitest';
import { ruleActionItems } from './action-items.ts';
import { findDueDate } from './dates.ts';
import { ruleExtraction } from './extraction.ts';
import { numberTokens, parseNumberAt } from './numbers.ts';
import { extractiveSummary } from './summary.ts';
import type { Line, Participant, Transcript } from './types.ts';

// Wednesday 18 November 2026.
const MEETING_DAY = new Date('2026-11-18T14:00:00Z');
const ada: Participant = { identity: 'u-ada', name: 'Ada Lovelace' };
const bob: Participant = { identity: 'u-bob', name: 'Bob Stone' };

const lines = (spec: [Participant, string][]): Line[] =>
  spec.map(([p, text], i) => ({
    n: i + 1,
    rowId: `row-${i}`,
    segmentId: `s${i}`,
    speakerIdentity: p.identity,
    speakerName: p.name,
    text,
    startMs: i * 10_000,
    endMs: i * 10_000 + 8_000,
  }));

describe('due dates', () => {
  it.each([
    ['send it by Friday', '2026-11-20'],
    ['by friday please', '2026-11-20'],
    ['can you do it tomorrow', '2026-11-19'],
    ['before the end of the week', '2026-11-20'],
    ['by the end of the month', '2026-11-30'],
    ['by next Monday', '2026-11-23'],
    ['by next Friday', '2026-11-27'],
    ['by Monday', '2026-11-23'],
    ['in two weeks', '2026-12-02'],
    ['by March 3rd', '2027-03-03'],
    ['by the fifth of december', '2026-12-05'],
    ['by today', '2026-11-18'],
  ])('%s → %s', (text, date) => {
    expect(findDueDate(text, MEETING_DAY)?.date).toBe(date);
  });

  it('no deadline said → null', () => {
    expect(findDueDate('we talked about the weather', MEETING_DAY)).toBeNull();
  });
});

describe('numbers as spoken', () => {
  it.each([
    ['two percent', 2],
    ['forty thousand dollars', 40_000],
    ['one point five million', 1_500_000],
    ['twenty five', 25],
    ['3.5 k', 3500],
    ['$40,000', 40_000],
    ['a hundred and twenty', 120],
  ])('%s → %d', (text, value) => {
    const t = numberTokens(text);
    const start = t[0] === '$' ? 1 : 0;
    expect(parseNumberAt(t, start)?.value).toBe(value);
  });
});

describe('rule-based action items', () => {
  it('finds commitments, requests and assignments, with owners among participants and due dates', () => {
    const l = lines([
      [ada, "I'll send the deck to the investors by Friday."],
      [ada, 'Bob, can you review the pricing page by next Monday?'],
      [ada, 'Sure, that works.'],
      [ada, 'Can you share the churn numbers tomorrow?'],
      [bob, 'Yes I can do that.'],
      [ada, 'I think it will rain.'],
      [bob, 'Ada will schedule the follow up call with legal.'],
      [ada, "I'll send the deck to the investors by Friday."],
    ]);
    const items = ruleActionItems(l, [ada, bob], MEETING_DAY);
    expect(items.map((i) => [i.text, i.ownerName, i.dueDate])).toEqual([
      ['Send the deck to the investors by Friday', 'Ada Lovelace', '2026-11-20'],
      ['Review the pricing page by next Monday', 'Bob Stone', '2026-11-23'],
      ['Share the churn numbers tomorrow', 'Bob Stone', '2026-11-19'],
      ['Schedule the follow up call with legal', 'Ada Lovelace', null],
    ]);
    expect(items[0]?.segmentId).toBe('s0');
    expect(items[0]?.startMs).toBe(0);
  });

  it('"I\'ll send it" from the person asked accepts the request instead of adding an item', () => {
    const items = ruleActionItems(
      lines([
        [ada, 'Bob, can you send the cohort analysis?'],
        [bob, "Yes, I'll send it by Friday."],
        [bob, "And I'll send the pricing sheet to legal."],
        [ada, "I'll do that too."],
      ]),
      [ada, bob],
      MEETING_DAY,
    );
    expect(items.map((i) => [i.text, i.ownerName, i.dueDate])).toEqual([
      // The deadline came with the acceptance.
      ['Send the cohort analysis', 'Bob Stone', '2026-11-20'],
      ['Send the pricing sheet to legal', 'Bob Stone', null],
      // Someone else's "that" is their own commitment, not an acceptance.
      ['Do that too', 'Ada Lovelace', null],
    ]);
  });

  it('takes a promise made for the company ("we will…") as the speaker item', () => {
    const items = ruleActionItems(
      lines([[bob, 'We will hire a head of sales by March.']]),
      [ada, bob],
      MEETING_DAY,
    );
    expect(items.map((i) => [i.text, i.ownerName])).toEqual([
      ['Hire a head of sales by March', 'Bob Stone'],
    ]);
  });

  it('finds requests without a question, as speech recognition writes them', () => {
    const items = ruleActionItems(
      lines([
        [ada, 'please send me the updated numbers before friday'],
        [bob, 'sure'],
        [ada, 'bob send the contract draft to legal'],
        [ada, 'check the churn figures by monday'],
        [ada, 'I need you to book the venue for the offsite'],
        [bob, "Don't forget to email the board."],
      ]),
      [ada, bob],
      MEETING_DAY,
    );
    expect(items.map((i) => [i.text, i.ownerName, i.dueDate])).toEqual([
      ['Send me the updated numbers before friday', 'Bob Stone', '2026-11-20'],
      ['Send the contract draft to legal', 'Bob Stone', null],
      ['Check the churn figures by monday', 'Bob Stone', '2026-11-23'],
      ['Book the venue for the offsite', 'Bob Stone', null],
      ['Email the board', 'Ada Lovelace', null],
    ]);
  });

  it('"I\'ll send it" from the person asked accepts a "please…" request too', () => {
    const items = ruleActionItems(
      lines([
        [ada, 'Bob, please send the pricing deck.'],
        [bob, "OK, I'll send it tomorrow."],
      ]),
      [ada, bob],
      MEETING_DAY,
    );
    expect(items.map((i) => [i.text, i.ownerName, i.dueDate])).toEqual([
      ['Send the pricing deck', 'Bob Stone', '2026-11-19'],
    ]);
  });

  it('takes what the team must do ("we need to…", "let\'s…", a need with a deadline) with no owner', () => {
    const items = ruleActionItems(
      lines([
        [ada, 'we need to hire two more engineers'],
        [bob, "let's schedule a follow up call with legal"],
        [ada, 'we need a decision on the new office by the end of the month'],
      ]),
      [ada, bob],
      MEETING_DAY,
    );
    expect(items.map((i) => [i.text, i.ownerName, i.dueDate])).toEqual([
      ['Hire two more engineers', null, null],
      ['Schedule a follow up call with legal', null, null],
      ['A decision on the new office by the end of the month', null, '2026-11-30'],
    ]);
  });

  it('leaves meeting talk, questions and vague wishes alone', () => {
    const items = ruleActionItems(
      lines([
        [ada, "let's talk about pricing"],
        [ada, "let's get started"],
        [ada, 'Welcome, let us review the quarter.'],
        [bob, "let's check the numbers on slide three"],
        [bob, 'do you think so'],
        [ada, "look, I think we're fine"],
        [bob, 'please do that'],
        [ada, 'we need to do better'],
        [bob, 'we should discuss the revenue growth for the next quarter'],
        [ada, 'we need a bigger office'],
        [bob, 'send them over'],
        [ada, 'make sense'],
      ]),
      [ada, bob],
      MEETING_DAY,
    );
    expect(items).toEqual([]);
  });

  it('an owner is never someone outside the meeting', () => {
    const items = ruleActionItems(
      lines([[ada, 'Mallory will send the contract.']]),
      [ada],
      MEETING_DAY,
    );
    expect(items).toEqual([]);
  });
});

describe('rule-based extraction', () => {
  it('reads investment metrics said in words or digits', () => {
    const l = lines([
      [bob, 'Our MRR is about forty thousand dollars.'],
      [bob, 'Monthly churn is around two percent.'],
      [bob, 'We have eight engineers and a runway of eighteen months.'],
      [bob, 'Our CAC is $350 per customer.'],
      [bob, 'Actually churn is closer to 2.5%.'],
    ]);
    const fields = extractionFields('investment_screening').fields;
    const got = Object.fromEntries(
      ruleExtraction(l, fields, MEETING_DAY).map((f) => [
        f.fieldId,
        `${f.value}${f.unit ? ` ${f.unit}` : ''}`,
      ]),
    );
    expect(got).toMatchObject({
      mrr: '$40k per month',
      churn: '2.5% per month',
      team_size: '8 engineers',
      runway: '18 months',
      cac: '$350 per customer',
    });
  });
});

describe('extractive summary', () => {
  it('picks central distinct lines, decisions and unanswered questions, pointing at their moments', () => {
    const spec: [Participant, string][] = [];
    for (let i = 0; i < 30; i++) {
      spec.push([
        ada,
        `The pricing model for enterprise customers needs work ${i % 3 === 0 ? 'on annual plans' : 'on seats'}.`,
      ]);
      spec.push([bob, `Enterprise pricing depends on seats and annual discounts number ${i}.`]);
    }
    spec.push([ada, 'We decided to launch the annual enterprise plan in January.']);
    spec.push([bob, 'What happens to the legacy customers on monthly billing?']);
    spec.push([ada, 'Lunch was great today.']);
    const t: Transcript = {
      meeting: {
        id: 'm',
        title: 'Pricing',
        type: 'product_review',
        teamId: null,
        ownerId: 'o',
        date: MEETING_DAY,
      },
      lines: lines(spec),
      participants: [ada, bob],
    };
    const s = extractiveSummary(t);
    expect(s.source).toBe('extractive');
    expect(s.keyPoints.length).toBeGreaterThanOrEqual(2);
    expect(s.keyPoints.every((p) => /pricing|enterprise/i.test(p.text))).toBe(true);
    expect(s.decisions.map((d) => d.text)).toEqual([
      'We decided to launch the annual enterprise plan in January.',
    ]);
    expect(s.openQuestions.map((d) => d.text)).toEqual([
      'What happens to the legacy customers on monthly billing?',
    ]);
    expect(s.decisions[0]?.startMs).toBe(600_000);
    expect(s.overview).toMatch(/2 speakers/);
  });

  it('names what was most discussed in content words, forms and pairs said together as one', () => {
    const s = extractiveSummary({
      meeting: {
        id: 'm',
        title: 'x',
        type: 'sales',
        teamId: null,
        ownerId: 'o',
        date: MEETING_DAY,
      },
      lines: lines([
        [ada, 'we should discuss the revenue growth for the next quarter'],
        [bob, 'i will send their revenue report by friday'],
        [ada, 'the team is planning to hire three new engineers in the spring'],
        [bob, 'i will call the largest customers tomorrow'],
        [ada, 'our largest customer renew the contract for two more years'],
      ]),
      participants: [ada, bob],
    });
    expect(s.overview).toMatch(/ Most discussed: revenue, largest customer\.$/);
  });

  it('an empty meeting still gets a summary', () => {
    const s = extractiveSummary({
      meeting: {
        id: 'm',
        title: 'x',
        type: 'general',
        teamId: null,
        ownerId: 'o',
        date: MEETING_DAY,
      },
      lines: [],
      participants: [],
    });
    expect(s.keyPoints).toEqual([]);
    expect(s.overview).toMatch(/Nothing/);
  });
});
