import { describe, expect, it } from 'vitest';
import { handRaisedAt, newlyRaised, withHandsFirst, type PersonView } from './people.ts';

const person = (identity: string, hand: number | null = null): PersonView => ({
  identity,
  name: identity,
  isAgent: false,
  isLocal: false,
  isGuest: false,
  speaking: false,
  micMuted: false,
  hasMic: true,
  agentState: 'joining',
  paused: false,
  roomMic: false,
  handRaisedAt: hand,
});

describe('raised hands', () => {
  it('reads the attribute as a time, ignoring absent, empty and malformed values', () => {
    expect(handRaisedAt('1765000000000')).toBe(1765000000000);
    expect(handRaisedAt(undefined)).toBeNull();
    expect(handRaisedAt('')).toBeNull();
    expect(handRaisedAt('soon')).toBeNull();
    expect(handRaisedAt('-5')).toBeNull();
    expect(handRaisedAt('1e12')).toBeNull();
  });

  it('lists raised hands first in the order they went up, numbered; the rest keep their order', () => {
    const out = withHandsFirst([
      person('me'),
      person('bob', 300),
      person('cy'),
      person('dee', 100),
      person('eve'),
    ]);
    expect(out.map(({ p, queue }) => [p.identity, queue])).toEqual([
      ['dee', 1],
      ['bob', 2],
      ['me', 0],
      ['cy', 0],
      ['eve', 0],
    ]);
  });

  it('announces hands that went up since last time (not mine, not those already up)', () => {
    const me = { ...person('me', 50), isLocal: true };
    const before = new Map([['bob', 300]]);
    expect(
      newlyRaised(before, [me, person('bob', 300), person('cy', 400), person('dee', 350)]),
    ).toEqual(['dee', 'cy']);
    // Lowered and raised again: a new time, announced again.
    expect(newlyRaised(before, [person('bob', 900)])).toEqual(['bob']);
    expect(newlyRaised(before, [person('bob')])).toEqual([]);
  });
});
