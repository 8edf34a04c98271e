import { describe, expect, it } from 'vitest';
import { groupMessages, mergeMessages, type ChatMessage } from './chat-model.ts';

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const msg = (n: number, userId: string, timestamp: number): ChatMessage => ({
  id: ID(n),
  userId,
  userName: userId.toUpperCase(),
  content: `m${n}`,
  timestamp,
});

describe('chat grouping', () => {
  it('groups consecutive messages of one sender within a minute of the previous one', () => {
    const t = 1_000_000;
    const groups = groupMessages([
      msg(1, 'ann', t),
      msg(2, 'ann', t + 30_000),
      msg(3, 'ann', t + 85_000), // 55 s after the previous one: same group
      msg(4, 'ann', t + 150_000), // 65 s later: new group
      msg(5, 'bob', t + 151_000),
      msg(6, 'ann', t + 152_000), // someone else spoke in between: new group
    ]);
    expect(groups.map((g) => g.messages.map((m) => m.content))).toEqual([
      ['m1', 'm2', 'm3'],
      ['m4'],
      ['m5'],
      ['m6'],
    ]);
    expect(groupMessages([])).toEqual([]);
  });

  it('merges history and live messages by id, in time order', () => {
    const live = { ...msg(2, 'ann', 200), status: 'sending' as const };
    const merged = mergeMessages([msg(3, 'bob', 300), live], [msg(1, 'ann', 100)]);
    expect(merged.map((m) => m.id)).toEqual([ID(1), ID(2), ID(3)]);
    const stored = mergeMessages(merged, [{ ...msg(2, 'ann', 210), status: 'sent' }]);
    expect(stored).toHaveLength(3);
    expect(stored[1]?.status).toBe('sent');
    expect(mergeMessages([], [msg(1, 'a', 1), msg(2, 'a', 2), msg(3, 'a', 3)], 2)).toHaveLength(2);
  });
});
