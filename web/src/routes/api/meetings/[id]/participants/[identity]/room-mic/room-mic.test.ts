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
const user = { kind: 'user', user: { id: 'u1', name: 'Ada' } };

const call = (identity: string, body: string, principal: unknown = user) =>
  postToRoute(
    POST,
    `/api/meetings/${MEETING}/participants/${identity}/room-mic`,
    { id: MEETING, identity },
    body,
    principal,
  );

function inRoom(canEditTranscript: boolean) {
  roomContext.mockResolvedValue({
    meeting: { id: MEETING, room_name: 'r' },
    me: { id: 'u1', name: 'Ada', guest: false },
    canEditTranscript,
  });
}

beforeEach(() => {
  setParticipantAttributes.mockReset().mockResolvedValue(true);
  roomContext.mockReset();
  inRoom(false);
});

describe('POST /api/meetings/:id/participants/:identity/room-mic', () => {
  it('lets anyone in the room mark and unmark their own microphone', async () => {
    const res = await call('u1', '{"roomMic":true}');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ roomMic: true });
    expect(setParticipantAttributes).toHaveBeenCalledWith('r', 'u1', { 'parley.room_mic': '1' });
    await call('u1', '{"roomMic":false}');
    expect(setParticipantAttributes).toHaveBeenLastCalledWith('r', 'u1', { 'parley.room_mic': '' });
  });

  it("lets only the meeting's editors mark someone else's (403), others see 404", async () => {
    expect((await call('u2', '{"roomMic":true}')).status).toBe(403);
    expect(setParticipantAttributes).not.toHaveBeenCalled();
    inRoom(true);
    expect((await call('u2', '{"roomMic":true}')).status).toBe(200);
    expect(setParticipantAttributes).toHaveBeenCalledWith('r', 'u2', expect.anything());
    roomContext.mockResolvedValue(null);
    expect((await call('u2', '{"roomMic":true}')).status).toBe(404);
    expect((await call('u2', '{"roomMic":true}', null)).status).toBe(401);
  });

  it('answers 404 for someone not in the room and 422 for a bad body', async () => {
    inRoom(true);
    setParticipantAttributes.mockResolvedValue(false); // not in the room
    const res = await call('ghost', '{"roomMic":true}');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    const bad = await call('u1', '{"roomMic":"yes"}');
    expect(bad.status).toBe(422);
  });
});
