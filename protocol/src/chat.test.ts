import { describe, expect, it } from 'vitest';
import { CHAT_MAX_CHARS, draftProblem, encodeChatPacket, parseChatPacket } from './chat.ts';

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const msg = (n: number, userId: string, timestamp: number) => ({
  id: ID(n),
  userId,
  userName: userId.toUpperCase(),
  content: `m${n}`,
  timestamp,
});
const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
const ann = { identity: 'ann', name: 'Ann' };

describe('chat packets', () => {
  it('round-trips and takes the sender from LiveKit, not the payload', () => {
    const now = 5_000_000;
    const r = parseChatPacket(encodeChatPacket(msg(1, 'ann', now)), ann, now);
    expect(r).toEqual({
      kind: 'message',
      message: { id: ID(1), userId: 'ann', userName: 'Ann', content: 'm1', timestamp: now },
    });
  });

  it('ignores malformed, unknown, oversize and impersonating packets', () => {
    const base = {
      type: 'chat',
      id: ID(1),
      content: 'hi',
      userId: 'ann',
      userName: 'Ann',
      timestamp: 1,
    };
    expect(parseChatPacket(enc('{'), ann)).toEqual({ kind: 'ignored', reason: 'not-json' });
    expect(parseChatPacket(new Uint8Array([0xff, 0xfe]), ann).kind).toBe('ignored');
    expect(parseChatPacket(enc('null'), ann)).toEqual({ kind: 'ignored', reason: 'invalid' });
    expect(parseChatPacket(enc({ ...base, type: 'poll' }), ann)).toEqual({
      kind: 'ignored',
      reason: 'unknown-type',
    });
    expect(parseChatPacket(enc({ ...base, id: 'x' }), ann).kind).toBe('ignored');
    expect(parseChatPacket(enc({ ...base, content: '   ' }), ann).kind).toBe('ignored');
    expect(parseChatPacket(enc({ ...base, content: 42 }), ann).kind).toBe('ignored');
    expect(
      parseChatPacket(enc({ ...base, content: 'x'.repeat(CHAT_MAX_CHARS + 1) }), ann).kind,
    ).toBe('ignored');
    expect(parseChatPacket(enc({ ...base, userId: 'bob' }), ann)).toEqual({
      kind: 'ignored',
      reason: 'impersonation',
    });
    expect(parseChatPacket(enc(base), undefined).kind).toBe('ignored');
  });

  it('replaces a sender clock far from ours with the arrival time', () => {
    const now = 10_000_000;
    const r = parseChatPacket(
      enc({ type: 'chat', id: ID(1), content: 'a', timestamp: 0 }),
      ann,
      now,
    );
    expect(r.kind === 'message' && r.message.timestamp).toBe(now);
  });

  it('explains why a draft cannot be sent', () => {
    expect(draftProblem('')).toMatch(/Type a message/);
    expect(draftProblem(' \n ')).toMatch(/Type a message/);
    expect(draftProblem('x'.repeat(CHAT_MAX_CHARS))).toBeNull();
    expect(draftProblem('x'.repeat(CHAT_MAX_CHARS + 1))).toMatch(/at most 4,000/);
  });
});
