import { beforeEach, describe, expect, it, vi } from 'vitest';
import { postToRoute } from '#lib/server/testing/route.ts';

const setParticipantAttributes = vi.fn();
const roomContext = vi.fn();

vi.mock('#lib/server/db.ts', () => ({ getDb: () => ({}) }));
vi.mock('#lib/server/livekit/index.ts', () => ({ setParticipantAttributes }));
vi.mock('#lib/server/meetings/index.ts', () => ({ roomContext }));
vi.mock('#lib/server/http/report.ts', () => ({ reportError: () => 'ref' }));

const { POST } = await import('./+server.ts');

const MEETING = '6f1c1f1e-9a43-4c55-8f0e-2b1d7d1f0a01';
const guest = { kind: 'guest', guest: { identity: 'guest-1', displayName: 'Gus' } };

const call = (identity: string, body: string, principal: unknown = guest) =>
  postToRoute(
    POST,
    `/api/meetings/${MEETING}/participants/${identity}/hand`,
    { id: MEETING, identity },
    body,
    principal,
  );

function inRoom(canModerate: boolean) {
  roomContext.mockResolvedValue({
    meeting: { id: MEETING, room_name: 'r' },
    me: { id: 'guest-1', name: 'Gus', guest: true },
    canModerate,
  });
}

beforeEach(() => {
  setParticipantAttributes.mockReset().mockResolvedValue(true);
  roomContext.mockReset();
  inRoom(false);
});

describe('POST /api/meetings/:id/participants/:identity/hand', () => {
  it('lets anyone in the room (a guest too) raise and lower their own hand', async () => {
    const before = Date.now();
    const res = await call('guest-1', '{"raised":true}');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ raised: true });
    const [room, who, attrs] = setParticipantAttributes.mock.calls[0] as [
      string,
      string,
      Record<string, string>,
    ];
    expect([room, who]).toEqual(['r', 'guest-1']);
    expect(Number(attrs['parley.hand'])).toBeGreaterThanOrEqual(before);
    await call('guest-1', '{"raised":false}');
    expect(setParticipantAttributes).toHaveBeenLastCalledWith('r', 'guest-1', {
      'parley.hand': '',
    });
  });

  it('nobody raises another hand; only moderators lower one (403 otherwise)', async () => {
    expect((await call('u2', '{"raised":false}')).status).toBe(403);
    inRoom(true);
    expect((await call('u2', '{"raised":true}')).status).toBe(403);
    expect(setParticipantAttributes).not.toHaveBeenCalled();
    expect((await call('u2', '{"raised":false}')).status).toBe(200);
    expect(setParticipantAttributes).toHaveBeenCalledWith('r', 'u2', { 'parley.hand': '' });
  });

  it('404 outside the meeting or for someone not in the room, 401 signed out, 422 bad body', async () => {
    setParticipantAttributes.mockResolvedValue(false);
    expect((await call('guest-1', '{"raised":true}')).status).toBe(404);
    roomContext.mockResolvedValue(null);
    expect((await call('guest-1', '{"raised":true}')).status).toBe(404);
    expect((await call('guest-1', '{"raised":true}', null)).status).toBe(401);
    inRoom(false);
    const bad = await call('guest-1', '{"raised":"yes"}');
    expect(bad.status).toBe(422);
    const body = (await bad.json()) as { error: { fields?: Record<string, string> } };
    expect(Object.keys(body.error.fields ?? {})).toEqual(['raised']);
  });
});
