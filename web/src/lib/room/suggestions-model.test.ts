import { describe, expect, it } from 'vitest';
import {
  PENDING_GRACE_MS,
  PRIORITY_COLORS,
  announcement,
  applyFeedback,
  checklistProgress,
  formatAge,
  groupSuggestions,
  mergeSnapshot,
  newlyShown,
  orderChecklist,
  shownStatus,
  EMPTY_PANEL,
  markSuggestion,
  receivePacket,
  type PanelState,
  type PendingFeedback,
  type SuggestionView,
} from './suggestions-model.ts';
import { encodeFeedback, parseAgentMessage, type SuggestionWire } from '@parley/protocol';
import { PANEL_BG, contrastRatio } from './transcript-model.ts';

const T = 1_700_000_000_000;

const sug = (id: string, over: Partial<SuggestionWire> = {}): SuggestionWire => ({
  id,
  text: `Question ${id}?`,
  priority: 'important',
  reason: `why ${id}`,
  category: 'metrics',
  createdAt: T,
  templateVersion: 'sales/questions@1.0.0',
  status: 'active',
  ...over,
});

const msg = (suggestions: unknown[]) => ({ type: 'parley.suggestions', version: 1, suggestions });
const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const ids = (xs: readonly SuggestionView[]) => xs.map((s) => s.id);
const none = new Map<string, PendingFeedback>();

describe('mergeSnapshot', () => {
  it('replaces by id: updates known, adds new, drops unlisted (not asked) ones', () => {
    const cur = mergeSnapshot([], [sug('a'), sug('b')], none, T).items;
    const next = mergeSnapshot(cur, [sug('b', { text: 'B2?' }), sug('c')], none, T).items;
    expect(ids(next)).toEqual(['b', 'c']);
    expect(next[0]?.text).toBe('B2?');
  });

  it('ignores duplicate ids in one snapshot (first wins)', () => {
    const r = mergeSnapshot([], [sug('a'), sug('a', { text: 'dup?' })], none, T).items;
    expect(r).toHaveLength(1);
    expect(r[0]?.text).toBe('Question a?');
  });

  it('keeps asked suggestions the agent stops listing, for the asked section', () => {
    const cur = mergeSnapshot([], [sug('a', { status: 'asked' }), sug('b')], none, T).items;
    const next = mergeSnapshot(cur, [sug('c')], none, T).items;
    expect(ids(next).sort()).toEqual(['a', 'c']);
    expect(next.find((s) => s.id === 'a')?.status).toBe('asked');
  });
});

describe('optimistic feedback then reconciliation', () => {
  it('applies feedback at once and keeps it over a stale snapshot within the grace time', () => {
    let items: readonly SuggestionView[] = mergeSnapshot([], [sug('a'), sug('b')], none, T).items;
    items = applyFeedback(items, 'a', 'dismissed');
    expect(shownStatus(items[0] as SuggestionView)).toBe('dismissed');
    const pending = new Map([['a', { status: 'dismissed' as const, at: T }]]);
    // A snapshot sent before the agent read our feedback.
    const stale = mergeSnapshot(items, [sug('a'), sug('b')], pending, T + 1000);
    expect(shownStatus(stale.items[0] as SuggestionView)).toBe('dismissed');
    expect(stale.pending.has('a')).toBe(true);
    // The agent's answer confirms it: pending is cleared.
    const ok = mergeSnapshot(
      stale.items,
      [sug('a', { status: 'dismissed' })],
      stale.pending,
      T + 2000,
    );
    expect(ok.items[0]?.pending).toBeUndefined();
    expect(ok.items[0]?.status).toBe('dismissed');
    expect(ok.pending.size).toBe(0);
  });

  it('lets the agent win once the grace time is over', () => {
    const items = applyFeedback(mergeSnapshot([], [sug('a')], none, T).items, 'a', 'pinned');
    const pending = new Map([['a', { status: 'pinned' as const, at: T }]]);
    const r = mergeSnapshot(items, [sug('a')], pending, T + PENDING_GRACE_MS);
    expect(shownStatus(r.items[0] as SuggestionView)).toBe('active');
    expect(r.pending.size).toBe(0);
  });

  it('returns the same list for unknown ids or unchanged status', () => {
    const items = mergeSnapshot([], [sug('a', { status: 'pinned' })], none, T).items;
    expect(applyFeedback(items, 'zzz', 'asked')).toBe(items);
    expect(applyFeedback(items, 'a', 'pinned')).toBe(items);
  });

  it('receivePacket and markSuggestion: optimistic, then the agent reconciles', () => {
    let st = receivePacket(EMPTY_PANEL, bytes(msg([sug('a'), sug('b')])), 'parley.suggestions', T);
    if (!st) throw new Error('not applied');
    st = markSuggestion(st, 'a', 'dismissed', T) ?? st;
    expect(ids(groupSuggestions(st.items).active)).toEqual(['b']);
    expect(st.pending.get('a')).toEqual({ status: 'dismissed', at: T });
    expect(markSuggestion(st, 'a', 'dismissed', T)).toBeNull();
    expect(markSuggestion(st, 'nope', 'asked', T)).toBeNull();
    const answer = bytes(msg([sug('a', { status: 'dismissed' }), sug('b')]));
    st = receivePacket(st, answer, 'parley.suggestions', T + 10) ?? st;
    expect(st.items.find((x) => x.id === 'a')?.pending).toBeUndefined();
    expect(st.pending.size).toBe(0);
  });

  it('encodes feedback packets as the agent expects', () => {
    expect(JSON.parse(new TextDecoder().decode(encodeFeedback('a', 'pinned')))).toEqual({
      type: 'parley.suggestion_feedback',
      version: 1,
      id: 'a',
      status: 'pinned',
    });
  });
});

describe('ordering', () => {
  it('pins on top, then by priority, newest first within a priority; asked apart', () => {
    const items = mergeSnapshot(
      [],
      [
        sug('old-crit', { priority: 'critical', createdAt: T }),
        sug('fu', { priority: 'follow_up', createdAt: T + 50 }),
        sug('new-crit', { priority: 'critical', createdAt: T + 10 }),
        sug('imp', { priority: 'important', createdAt: T + 40 }),
        sug('pin-fu', { priority: 'follow_up', status: 'pinned', createdAt: T }),
        sug('pin-crit', { priority: 'critical', status: 'pinned', createdAt: T }),
        sug('asked1', { status: 'asked', createdAt: T }),
        sug('asked2', { status: 'asked', createdAt: T + 5 }),
        sug('gone', { status: 'dismissed' }),
      ],
      none,
      T,
    ).items;
    const g = groupSuggestions(items);
    expect(ids(g.pinned)).toEqual(['pin-crit', 'pin-fu']);
    expect(ids(g.active)).toEqual(['new-crit', 'old-crit', 'imp', 'fu']);
    expect(ids(g.asked)).toEqual(['asked2', 'asked1']);
  });
});

describe('announcements', () => {
  it('announces only newly shown suggestions', () => {
    const a = mergeSnapshot([], [sug('a', { priority: 'critical' })], none, T).items;
    expect(announcement(newlyShown([], a))).toBe('New critical suggestion: Question a?');
    const same = mergeSnapshot(a, [sug('a', { priority: 'critical', text: 'Edited?' })], none, T);
    expect(announcement(newlyShown(a, same.items))).toBe('');
    const two = mergeSnapshot(a, [sug('a'), sug('b'), sug('c')], none, T).items;
    expect(announcement(newlyShown(a, two))).toMatch(/^2 new suggestions/);
  });
});

describe('malformed, unknown and other-version messages', () => {
  const bad: [string, unknown, string][] = [
    ['not JSON', new TextEncoder().encode('{nope'), 'parley.suggestions'],
    ['invalid UTF-8', new Uint8Array([0xff, 0xfe, 0x00]), 'parley.suggestions'],
    ['other version', bytes({ ...msg([sug('a')]), version: 2 }), 'parley.suggestions'],
    ['unknown type', bytes({ type: 'parley.other', version: 1 }), 'parley.other'],
    ['topic mismatch', bytes(msg([sug('a')])), 'parley.checklist'],
    ['bad priority', bytes(msg([{ ...sug('a'), priority: 'urgent' }])), 'parley.suggestions'],
    ['missing field', bytes(msg([{ id: 'a', text: 'x' }])), 'parley.suggestions'],
    ['null', bytes(null), 'parley.suggestions'],
    ['array', bytes([1, 2]), 'parley.suggestions'],
    ['too long text', bytes(msg([sug('a', { text: 'x'.repeat(201) })])), 'parley.suggestions'],
    [
      'too many',
      bytes(msg(Array.from({ length: 51 }, (_, i) => sug(`s${i}`)))),
      'parley.suggestions',
    ],
    [
      'bad state',
      bytes({
        type: 'parley.checklist',
        version: 1,
        items: [{ id: 'x', title: 'X', priority: 'critical', state: 'done' }],
      }),
      'parley.checklist',
    ],
    ['feedback echo', encodeFeedback('a', 'asked'), 'parley.suggestion_feedback'],
    ['huge', new Uint8Array(300 * 1024), 'parley.suggestions'],
  ];
  it.each(bad)('ignores %s', (_name, payload, topic) => {
    expect(parseAgentMessage(payload, topic)).toBeNull();
    const st = receivePacket(EMPTY_PANEL, bytes(msg([sug('keep')])), 'parley.suggestions', T);
    expect(st).not.toBeNull();
    expect(() => receivePacket(st as PanelState, payload, topic, T)).not.toThrow();
    expect(receivePacket(st as PanelState, payload, topic, T)).toBeNull();
  });

  it('ignores packets on other topics and without a topic', () => {
    expect(receivePacket(EMPTY_PANEL, bytes(msg([sug('a')])), undefined, T)).toBeNull();
    expect(receivePacket(EMPTY_PANEL, bytes(msg([sug('a')])), 'lk.chat', T)).toBeNull();
  });
});

describe('formatAge', () => {
  it.each([
    [0, 'just now'],
    [-5_000, 'just now'],
    [59_999, 'just now'],
    [60_000, '1 min ago'],
    [2 * 60_000 + 30_000, '2 min ago'],
    [59 * 60_000, '59 min ago'],
    [60 * 60_000, '1 h ago'],
    [25 * 3_600_000, '1 d ago'],
  ])('%i ms → %s', (ago, label) => {
    expect(formatAge(T - ago, T)).toBe(label);
  });
});

describe('checklist', () => {
  const items = [
    { id: '1', title: 'Budget', priority: 'important' as const, state: 'discussed' as const },
    { id: '2', title: 'Churn', priority: 'critical' as const, state: 'not_discussed' as const },
    { id: '3', title: 'Team', priority: 'follow_up' as const, state: 'answered' as const },
    { id: '4', title: 'Risks', priority: 'critical' as const, state: 'asked' as const },
    { id: '5', title: 'Timeline', priority: 'important' as const, state: 'not_discussed' as const },
  ];

  it('counts every state but not_discussed as covered', () => {
    expect(checklistProgress(items)).toEqual({ covered: 3, total: 5, label: '3 of 5 covered' });
    expect(checklistProgress([])).toEqual({ covered: 0, total: 0, label: '0 of 0 covered' });
  });

  it('orders by priority, keeping the agent order within one', () => {
    expect(orderChecklist(items).map((i) => i.id)).toEqual(['2', '4', '1', '5', '3']);
  });

  it('the state takes a checklist snapshot', () => {
    const payload = bytes({ type: 'parley.checklist', version: 1, items });
    const st = receivePacket(EMPTY_PANEL, payload, 'parley.checklist', T);
    expect(EMPTY_PANEL.received).toBe(false);
    expect(st?.hasChecklist).toBe(true);
    expect(st?.received).toBe(true);
    expect(st?.checklist).toHaveLength(5);
  });
});

describe('priority colours', () => {
  it('meet AA (4.5:1) on their badge and on the panel, light and dark', () => {
    for (const c of Object.values(PRIORITY_COLORS)) {
      expect(contrastRatio(c.light.fg, c.light.bg)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(c.light.fg, PANEL_BG.light)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(c.dark.fg, c.dark.bg)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(c.dark.fg, PANEL_BG.dark)).toBeGreaterThanOrEqual(4.5);
    }
  });
});
